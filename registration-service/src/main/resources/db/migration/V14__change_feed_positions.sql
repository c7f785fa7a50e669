-- The change feeds of GET /api/v3/npq-applications and GET /api/v3/participants/npq by page[cursor] (platform
-- persistence.ChangeFeed): every row carries change_xid, the id of the transaction that last changed what the feed shows
-- of it, and a page serves only positions below the oldest transaction still running, in (change_xid, id) order. So a
-- sync never skips a change committed out of order (the keyset over the application's clock, created_at, did).

-- The body is ChangeFeed.POSITION_FUNCTION, the same in every service.
CREATE FUNCTION feed_position() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.change_xid := pg_current_xact_id()::text::bigint; RETURN NEW; END $$;

-- Existing rows: the migration's own change.
ALTER TABLE application ADD COLUMN change_xid bigint;
ALTER TABLE person ADD COLUMN change_xid bigint;
UPDATE application SET change_xid = pg_current_xact_id()::text::bigint;
UPDATE person SET change_xid = pg_current_xact_id()::text::bigint;
ALTER TABLE application ALTER COLUMN change_xid SET NOT NULL;
ALTER TABLE person ALTER COLUMN change_xid SET NOT NULL;

-- Every insert and update of an application or a person is a change of its feed row (an application's status, training
-- status, schedule, funding; a person's name, TRN, merge).
CREATE TRIGGER application_feed_position BEFORE INSERT OR UPDATE ON application FOR EACH ROW EXECUTE FUNCTION feed_position();
CREATE TRIGGER person_feed_position BEFORE INSERT OR UPDATE ON person FOR EACH ROW EXECUTE FUNCTION feed_position();

-- A participant (a person) shows its applications with any provider and its participant id changes, as its updated_at
-- does: a change of either is a change of the participant. The "IS DISTINCT FROM" leaves a person this transaction has
-- already moved alone (no second write, and no loop with the trigger below).
CREATE FUNCTION person_feed_touch(touched uuid) RETURNS void LANGUAGE sql AS $$
    UPDATE person SET change_xid = pg_current_xact_id()::text::bigint
    WHERE id = touched AND change_xid IS DISTINCT FROM pg_current_xact_id()::text::bigint $$;
CREATE FUNCTION application_moves_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM person_feed_touch(NEW.person_id);
    IF TG_OP = 'UPDATE' AND OLD.person_id IS DISTINCT FROM NEW.person_id THEN PERFORM person_feed_touch(OLD.person_id); END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER application_moves_person AFTER INSERT OR UPDATE ON application FOR EACH ROW EXECUTE FUNCTION application_moves_person();
CREATE FUNCTION participant_id_change_moves_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM person_feed_touch(NEW.person_id);
    RETURN NULL;
END $$;
CREATE TRIGGER participant_id_change_moves_person AFTER INSERT ON participant_id_change FOR EACH ROW
    EXECUTE FUNCTION participant_id_change_moves_person();

-- An application shows its person's significant details (updated_since matches them too): their change moves each of the
-- person's applications.
CREATE FUNCTION person_moves_applications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE application SET change_xid = pg_current_xact_id()::text::bigint
    WHERE person_id = NEW.id AND change_xid IS DISTINCT FROM pg_current_xact_id()::text::bigint;
    RETURN NULL;
END $$;
CREATE TRIGGER person_moves_applications AFTER UPDATE ON person FOR EACH ROW
    WHEN (OLD.significantly_updated_at IS DISTINCT FROM NEW.significantly_updated_at) EXECUTE FUNCTION person_moves_applications();

-- The feeds' pages: a provider's applications from the cursor on; people from the cursor on (a participant is a person
-- with an accepted application of the provider, checked per person through application_person).
CREATE INDEX application_feed ON application (lead_provider_id, change_xid, id);
CREATE INDEX person_feed ON person (change_xid, id);
