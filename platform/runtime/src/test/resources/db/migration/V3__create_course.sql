-- the table CourseCatalogue reads (the services' course table, or their copy of it)
CREATE TABLE course (
    identifier   varchar PRIMARY KEY,
    name         varchar NOT NULL,
    short_code   varchar NOT NULL,
    course_group varchar NOT NULL,
    family       varchar NOT NULL,
    has_outcomes boolean NOT NULL
);
INSERT INTO course VALUES ('npq-headship', 'Headship', 'NPQH', 'leadership', 'npq-headship', true);
