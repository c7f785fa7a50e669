CREATE TABLE note (
    id         uuid PRIMARY KEY,
    title      varchar(200) NOT NULL,
    pages      integer NOT NULL,
    written_on date NOT NULL
);
CREATE TABLE tally (
    application_id varchar(100) PRIMARY KEY,
    applied        integer NOT NULL
);
