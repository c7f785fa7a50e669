-- Funded places used (V15's counter, counted at the end of the transaction since V16) are counted once per INSERT
-- statement instead of once per inserted row. V16's deferred row trigger on INSERT updated the counter row once for every
-- accepted funded application a transaction inserted, all at its commit: a bulk import of 20,000 rows updated the same
-- row 20,000 times in one transaction, and as none of those versions can be pruned before the commit, every update walked
-- the versions the transaction had already made (issue 16: 5.0 s of a 20,000-row file's 15.6 s, and growing with the
-- square of the file's size).
--
-- Now an AFTER INSERT statement trigger sums the statement's new rows per lead provider, cohort and course (its
-- transition table) into funded_place_usage_pending, one row per key, in key order; a deferred constraint trigger on that
-- table adds each pending row to the counter at commit (or when the transaction says SET CONSTRAINTS ... IMMEDIATE, as
-- the accept guard FundedPlaceAllocations.takePlace does) and deletes it. So the counter row is still row-locked only from
-- the end of the transaction, and every path that inserts applications is still counted exactly, whether it inserts one
-- row a statement (one pending row, as before one update) or thousands (the import: one pending row a chunk). Updates and
-- deletes keep V16's deferred row triggers (their paths change one application a statement).

CREATE TABLE funded_place_usage_pending (
    id                 bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lead_provider_id   uuid         NOT NULL,
    cohort             varchar(5)   NOT NULL,
    course_identifier  varchar(60)  NOT NULL,
    taken              integer      NOT NULL CHECK (taken > 0)
);

CREATE FUNCTION funded_place_usage_pend_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO funded_place_usage_pending (lead_provider_id, cohort, course_identifier, taken)
    SELECT lead_provider_id, cohort, course_identifier, count(*) FROM inserted
    WHERE status = 'accepted' AND funded_place IS TRUE
    GROUP BY lead_provider_id, cohort, course_identifier ORDER BY lead_provider_id, cohort, course_identifier;
    RETURN NULL;
END $$;

CREATE FUNCTION funded_place_usage_apply_pending() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO funded_place_usage AS u (lead_provider_id, cohort, course_identifier, used)
    VALUES (NEW.lead_provider_id, NEW.cohort, NEW.course_identifier, NEW.taken)
    ON CONFLICT (lead_provider_id, cohort, course_identifier) DO UPDATE SET used = u.used + NEW.taken;
    DELETE FROM funded_place_usage_pending WHERE id = NEW.id;
    RETURN NULL;
END $$;

DROP TRIGGER application_funded_place_usage_insert ON application;
CREATE TRIGGER application_funded_place_usage_pend AFTER INSERT ON application
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION funded_place_usage_pend_inserted();
CREATE CONSTRAINT TRIGGER funded_place_usage_pending_apply AFTER INSERT ON funded_place_usage_pending
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION funded_place_usage_apply_pending();
