-- Copy of funding-service's funded-place allocations (AllocationDefined on funding.reference.v1): per lead provider,
-- capped cohort and course, how many applications may be accepted with funded_place true. Accept and
-- change-funded-place refuse a funded place beyond it.
CREATE TABLE funded_place_allocation (
    lead_provider_id   uuid         NOT NULL,
    cohort             varchar(5)   NOT NULL,
    course_identifier  varchar(60)  NOT NULL,
    funded_places      integer      NOT NULL,
    updated_at         timestamptz  NOT NULL,
    PRIMARY KEY (lead_provider_id, cohort, course_identifier)
);

-- Usage: a provider's accepted applications with a funded place, per cohort and course (the accept guard and the
-- allocation reads count them under the allocation's lock).
CREATE INDEX application_funded_place_usage ON application (lead_provider_id, cohort, course_identifier)
    WHERE status = 'accepted' AND funded_place;
