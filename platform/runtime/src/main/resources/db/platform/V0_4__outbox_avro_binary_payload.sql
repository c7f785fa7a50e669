-- The event's Avro binary encoding, written at publish time (issue 16: the relay decoded every event's JSON and
-- serialized it again, per event, on its one thread). The relay sends these bytes behind the registry's wire-format
-- frame of the event's schema (resolved once per type and topic, not per event: OutboxFrames). The JSON payload stays:
-- it is what people and tests read (payload->>'state'), and what a row written before this column existed is sent from.
ALTER TABLE outbox_event ADD COLUMN payload_avro bytea;
