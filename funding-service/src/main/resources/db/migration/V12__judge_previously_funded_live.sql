-- "Previously funded" as the DfE judges it whenever it reads an application (d3), judged by registration-service and kept
-- here per application (ApplicationSubmitted, ApplicationAccepted, PreviouslyFundedChanged) for the decision funding shows.
ALTER TABLE application_funding ADD COLUMN previously_funded boolean NOT NULL DEFAULT false;

-- a preview matches its TRN against verified holders only (an unverified TRN makes no history for anyone); a merge and a
-- participant's own decisions look applications up by person
CREATE INDEX application_funding_verified_trn ON application_funding (trn, course_family) WHERE trn_verified;
CREATE INDEX application_funding_person ON application_funding (participant_id);
DROP INDEX IF EXISTS application_funding_trn;
