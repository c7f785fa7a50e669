-- Funded places used, kept as a counter per lead provider, cohort and course instead of counted at every accept (the
-- count ran under the allocation's lock over every accepted funded application of the provider, so accepts of one
-- provider's course queued behind a scan that grew with the data). used = the provider's applications of the cohort and
-- course that are accepted with funded_place true, whatever their training status (a withdrawn participant's place was
-- funded). A missing row means 0.
--
-- Kept by triggers on application, so every path that writes an application keeps it exact, whether through Hibernate
-- or in SQL: accept, reject (also the automatic ones), change-funded-place, change-schedule moving the cohort, revert to
-- pending, the bulk import, and any path added later. The counter row is updated, so row-locked, by the writing
-- transaction until it ends: the accept guard (FundedPlaceAllocations) reads it after its own change is written, under
-- that lock, and two accepts racing for the last place cannot both see room.

CREATE TABLE funded_place_usage (
    lead_provider_id   uuid         NOT NULL,
    cohort             varchar(5)   NOT NULL,
    course_identifier  varchar(60)  NOT NULL,
    used               integer      NOT NULL CHECK (used >= 0),
    PRIMARY KEY (lead_provider_id, cohort, course_identifier)
);

-- A place taken makes the row when it is the first; a place given back updates the row its taking made (a missing row
-- there is drift, and the check constraint fails the write rather than let it pass).
CREATE FUNCTION funded_place_usage_take(lp uuid, c varchar, course varchar) RETURNS void LANGUAGE sql AS $$
    INSERT INTO funded_place_usage AS u (lead_provider_id, cohort, course_identifier, used) VALUES (lp, c, course, 1)
    ON CONFLICT (lead_provider_id, cohort, course_identifier) DO UPDATE SET used = u.used + 1 $$;
CREATE FUNCTION funded_place_usage_give_back(lp uuid, c varchar, course varchar) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    UPDATE funded_place_usage SET used = used - 1 WHERE lead_provider_id = lp AND cohort = c AND course_identifier = course;
    IF NOT FOUND THEN INSERT INTO funded_place_usage VALUES (lp, c, course, -1); END IF;
END $$;

-- One application row's effect. A row counted before and after under another key (a cohort move) leaves its old key and
-- enters its new one in key order, so two moves in opposite directions never wait for each other's counter.
CREATE FUNCTION funded_place_usage_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was boolean := TG_OP <> 'INSERT' AND OLD.status = 'accepted' AND OLD.funded_place IS TRUE;
    now_counted boolean := TG_OP <> 'DELETE' AND NEW.status = 'accepted' AND NEW.funded_place IS TRUE;
BEGIN
    IF was AND now_counted AND (OLD.lead_provider_id, OLD.cohort, OLD.course_identifier)
            > (NEW.lead_provider_id, NEW.cohort, NEW.course_identifier) THEN
        PERFORM funded_place_usage_take(NEW.lead_provider_id, NEW.cohort, NEW.course_identifier);
        PERFORM funded_place_usage_give_back(OLD.lead_provider_id, OLD.cohort, OLD.course_identifier);
        RETURN NULL;
    END IF;
    IF was THEN PERFORM funded_place_usage_give_back(OLD.lead_provider_id, OLD.cohort, OLD.course_identifier); END IF;
    IF now_counted THEN PERFORM funded_place_usage_take(NEW.lead_provider_id, NEW.cohort, NEW.course_identifier); END IF;
    RETURN NULL;
END $$;

-- Only the writes that change what is counted run the function (Hibernate's updates set every column).
CREATE TRIGGER application_funded_place_usage_insert AFTER INSERT ON application FOR EACH ROW
    WHEN (NEW.status = 'accepted' AND NEW.funded_place IS TRUE) EXECUTE FUNCTION funded_place_usage_count();
CREATE TRIGGER application_funded_place_usage_delete AFTER DELETE ON application FOR EACH ROW
    WHEN (OLD.status = 'accepted' AND OLD.funded_place IS TRUE) EXECUTE FUNCTION funded_place_usage_count();
CREATE TRIGGER application_funded_place_usage_update AFTER UPDATE ON application FOR EACH ROW
    WHEN ((OLD.status = 'accepted' AND OLD.funded_place IS TRUE) IS DISTINCT FROM (NEW.status = 'accepted' AND NEW.funded_place IS TRUE)
          OR ((NEW.status = 'accepted' AND NEW.funded_place IS TRUE)
              AND (OLD.lead_provider_id, OLD.cohort, OLD.course_identifier) IS DISTINCT FROM (NEW.lead_provider_id, NEW.cohort, NEW.course_identifier)))
    EXECUTE FUNCTION funded_place_usage_count();

-- Backfill from the rows held, with writers kept out until this migration commits (the triggers above already exist, so
-- nothing written after this count is missed or counted twice).
LOCK TABLE application IN SHARE ROW EXCLUSIVE MODE;
INSERT INTO funded_place_usage (lead_provider_id, cohort, course_identifier, used)
SELECT lead_provider_id, cohort, course_identifier, count(*) FROM application
WHERE status = 'accepted' AND funded_place IS TRUE GROUP BY lead_provider_id, cohort, course_identifier;
