-- The change feed of GET /api/v3/participant-declarations by page[cursor] (platform persistence.ChangeFeed): every
-- declaration carries change_xid, the id of the transaction that last inserted or changed it, and a page serves only
-- positions below the oldest transaction still running, in (change_xid, id) order. So a sync never skips a declaration
-- committed out of order (the keyset over the application's clock, created_at, did). A declaration moves on every
-- change of its row (state, statements, partners, outcome), which is what its updated_at and filter[updated_since] follow.

-- The body is ChangeFeed.POSITION_FUNCTION, the same in every service.
CREATE FUNCTION feed_position() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.change_xid := pg_current_xact_id()::text::bigint; RETURN NEW; END $$;

-- Existing rows: the migration's own change.
ALTER TABLE declaration ADD COLUMN change_xid bigint;
UPDATE declaration SET change_xid = pg_current_xact_id()::text::bigint;
ALTER TABLE declaration ALTER COLUMN change_xid SET NOT NULL;
CREATE TRIGGER declaration_feed_position BEFORE INSERT OR UPDATE ON declaration FOR EACH ROW EXECUTE FUNCTION feed_position();

-- A provider's declarations from the cursor on.
CREATE INDEX declaration_feed ON declaration (lead_provider_id, change_xid, id);
