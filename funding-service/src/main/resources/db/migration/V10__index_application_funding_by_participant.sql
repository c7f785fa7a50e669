-- The preview (POST /api/v1/funding-eligibility-checks) answers "previously funded" for a participant's own TRN
-- only: it looks up the TRNs funding knows as verified for the participant of the token.
CREATE INDEX application_funding_participant_verified ON application_funding (participant_id) WHERE trn_verified;
