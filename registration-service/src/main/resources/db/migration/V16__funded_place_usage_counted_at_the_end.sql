-- Funded places used (V15's counter) are counted at the end of the writing transaction instead of at each write of an
-- application. V15's row triggers updated, so row-locked, the provider's counter from the accept's first flush until
-- commit: the person's locks, the "previously funded" judge, the other pending applications' rejection and the outbox all
-- ran while every other accept of the same provider, cohort and course waited for that row (issue 16: accepts queued on
-- it). The same function now runs as deferred constraint triggers: each event's change of the count (OLD to NEW) is
-- applied at commit, or earlier when the transaction says SET CONSTRAINTS ... IMMEDIATE, which the accept guard
-- (FundedPlaceAllocations.takePlace) does as the last step of an accept, a change of funded_place or a cohort move, and
-- then reads the counter under its own row lock. A path that never asks (the bulk import, a revert to pending, SQL) is
-- still counted exactly, at its commit; the events of one row compose (each is OLD to NEW), so a row written twice in a
-- transaction is counted once.

DROP TRIGGER application_funded_place_usage_insert ON application;
DROP TRIGGER application_funded_place_usage_delete ON application;
DROP TRIGGER application_funded_place_usage_update ON application;

CREATE CONSTRAINT TRIGGER application_funded_place_usage_insert AFTER INSERT ON application
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (NEW.status = 'accepted' AND NEW.funded_place IS TRUE) EXECUTE FUNCTION funded_place_usage_count();
CREATE CONSTRAINT TRIGGER application_funded_place_usage_delete AFTER DELETE ON application
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.status = 'accepted' AND OLD.funded_place IS TRUE) EXECUTE FUNCTION funded_place_usage_count();
CREATE CONSTRAINT TRIGGER application_funded_place_usage_update AFTER UPDATE ON application
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((OLD.status = 'accepted' AND OLD.funded_place IS TRUE) IS DISTINCT FROM (NEW.status = 'accepted' AND NEW.funded_place IS TRUE)
          OR ((NEW.status = 'accepted' AND NEW.funded_place IS TRUE)
              AND (OLD.lead_provider_id, OLD.cohort, OLD.course_identifier) IS DISTINCT FROM (NEW.lead_provider_id, NEW.cohort, NEW.course_identifier)))
    EXECUTE FUNCTION funded_place_usage_count();
