-- Copies of funding-service's course offers and contracts (CourseOfferDefined / ContractDefined on
-- funding.reference.v1): a registration must name a course its lead provider offers in the cohort, and
-- change-schedule needs the provider's contract for the new cohort and course (f6).
CREATE TABLE course_offer (
    lead_provider_id   uuid         NOT NULL,
    cohort             varchar(5)   NOT NULL,
    course_identifier  varchar(60)  NOT NULL,
    offered            boolean      NOT NULL,
    updated_at         timestamptz  NOT NULL,
    PRIMARY KEY (lead_provider_id, cohort, course_identifier)
);

CREATE TABLE contract (
    lead_provider_id   uuid         NOT NULL,
    cohort             varchar(5)   NOT NULL,
    course_identifier  varchar(60)  NOT NULL,
    updated_at         timestamptz  NOT NULL,
    PRIMARY KEY (lead_provider_id, cohort, course_identifier)
);
