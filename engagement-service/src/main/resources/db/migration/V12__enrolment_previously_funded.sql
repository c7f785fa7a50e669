-- funding-service's live "previously funded" judgement of each application (PreviouslyFundedChanged, d3): a declaration on
-- a previously funded enrolment stays submitted (not fundable) unless the application was marked funded by policy.
ALTER TABLE enrolment ADD COLUMN previously_funded boolean NOT NULL DEFAULT false;
