-- The change feed of GET /api/v3/participants/npq/outcomes by page[cursor] (platform persistence.ChangeFeed): every
-- outcome carries change_xid, the id of the transaction that inserted (or last changed) it, and a page serves only
-- positions below the oldest transaction still running, in (change_xid, id) order. So a sync never skips an outcome
-- committed out of order, as a keyset over created_at (the application's clock) would.

-- The body is ChangeFeed.POSITION_FUNCTION, the same in every service.
CREATE FUNCTION feed_position() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.change_xid := pg_current_xact_id()::text::bigint; RETURN NEW; END $$;

-- Existing rows: the migration's own change.
ALTER TABLE participant_outcome ADD COLUMN change_xid bigint;
UPDATE participant_outcome SET change_xid = pg_current_xact_id()::text::bigint;
ALTER TABLE participant_outcome ALTER COLUMN change_xid SET NOT NULL;
CREATE TRIGGER participant_outcome_feed_position BEFORE INSERT OR UPDATE ON participant_outcome FOR EACH ROW
    EXECUTE FUNCTION feed_position();

-- A provider's outcomes from the cursor on.
CREATE INDEX participant_outcome_feed ON participant_outcome (lead_provider_id, change_xid, id);
