-- the order in which a batch consumer applied events (InboxBatchTest)
CREATE TABLE trail (
    seq            bigserial PRIMARY KEY,
    application_id varchar(100) NOT NULL,
    event_id       varchar(100) NOT NULL
);
