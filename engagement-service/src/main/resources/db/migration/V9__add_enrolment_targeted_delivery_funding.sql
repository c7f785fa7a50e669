-- funding-service's targeted delivery funding verdict (FundingDecisionMade): a started declaration of an eligible
-- enrolment shows uplift_paid true once paid, as the DfE API does.
ALTER TABLE enrolment ADD COLUMN targeted_delivery_funding_eligibility boolean NOT NULL DEFAULT false;
