-- Platform tables, created in every service's own schema (Flyway location classpath:db/platform).
-- Platform migrations are numbered 0.x so that they sort before each service's V1..Vn; a later
-- platform migration is applied out of order (quarkus.flyway.out-of-order=true in platform defaults).

-- Transactional outbox. Column names follow Debezium's EventRouter (id, aggregatetype, aggregateid,
-- type, payload) so change-data-capture can replace the relay by configuration later.
CREATE TABLE outbox_event (
    id             uuid         PRIMARY KEY,              -- the event id (envelope eventId)
    aggregatetype  varchar(100) NOT NULL,                 -- e.g. application
    aggregateid    varchar(100) NOT NULL,                 -- Kafka key
    type           varchar(200) NOT NULL,                 -- Avro full name of the event record
    topic          varchar(200) NOT NULL,
    payload        jsonb        NOT NULL,                 -- the event in Avro's JSON encoding
    correlation_id varchar(100),
    created_at     timestamptz  NOT NULL DEFAULT now(),
    sent_at        timestamptz,
    attempts       integer      NOT NULL DEFAULT 0,
    last_error     text
);
-- the relay reads pending rows oldest first; the index holds only the backlog
CREATE INDEX outbox_event_pending ON outbox_event (created_at, id) WHERE sent_at IS NULL;
CREATE INDEX outbox_event_sent ON outbox_event (sent_at) WHERE sent_at IS NOT NULL;

-- Inbox: one row per (consumer, event) applied, inserted in the same transaction as the change it caused.
CREATE TABLE processed_event (
    consumer     varchar(100) NOT NULL,
    event_id     varchar(100) NOT NULL,
    processed_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
