-- Funded-place allocations (the DfE's "funding cap": the maximum number of places per NPQ each lead provider can
-- offer that the DfE will pay for, cohorts from 2024): per lead provider, capped cohort and course. Imported by
-- admins or finance, published as AllocationDefined on funding.reference.v1; registration-service enforces them on
-- accept and change-funded-place.
CREATE TABLE funded_place_allocation (
    lead_provider_id   uuid         NOT NULL,
    cohort             varchar(5)   NOT NULL,
    course_identifier  varchar(60)  NOT NULL,
    funded_places      integer      NOT NULL CHECK (funded_places >= 0),
    updated_at         timestamptz  NOT NULL,
    PRIMARY KEY (lead_provider_id, cohort, course_identifier)
);
