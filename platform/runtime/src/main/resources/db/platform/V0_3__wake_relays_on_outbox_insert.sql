-- Every replica's relay listens on npq_outbox_<schema> (OutboxWakeListener). A statement that writes outbox rows
-- notifies that channel; PostgreSQL delivers the notification only when the transaction commits (never on rollback)
-- and folds identical ones of one transaction into one. A trigger rather than a NOTIFY sent by the application: it
-- costs no round trip of its own and cannot break the JDBC batch in which Hibernate writes a transaction's outbox rows.
CREATE FUNCTION outbox_wake_relays() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('npq_outbox_' || TG_TABLE_SCHEMA, '');
    RETURN NULL;
END
$$;

CREATE TRIGGER outbox_wake_relays AFTER INSERT ON outbox_event FOR EACH STATEMENT EXECUTE FUNCTION outbox_wake_relays();
