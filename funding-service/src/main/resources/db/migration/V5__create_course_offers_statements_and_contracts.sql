-- Which lead provider offers which course in which cohort (section b: course_cohort_providers). A row with
-- offered = false is an offer withdrawn (a provider wound down, a course dropped): registration refuses
-- new applications for it, existing ones stay.
CREATE TABLE course_offer (
    lead_provider_id   uuid         NOT NULL,
    cohort             varchar(5)   NOT NULL REFERENCES cohort (identifier),
    course_identifier  varchar(60)  NOT NULL,
    offered            boolean      NOT NULL,
    updated_at         timestamptz  NOT NULL,
    PRIMARY KEY (lead_provider_id, cohort, course_identifier)
);

-- A lead provider's monthly payment statements per cohort (section b Statement, c4). Only output-fee
-- statements receive declarations (f5 rule 8). A payable statement may change only its state and
-- output_fee; a paid one not at all (pain point 12): the import enforces it.
CREATE TABLE statement (
    id                 uuid         PRIMARY KEY,
    lead_provider_id   uuid         NOT NULL,
    cohort             varchar(5)   NOT NULL REFERENCES cohort (identifier),
    year               integer      NOT NULL CHECK (year BETWEEN 2020 AND 2100),
    month              integer      NOT NULL CHECK (month BETWEEN 1 AND 12),
    deadline_date      date         NOT NULL,
    payment_date       date         NOT NULL,
    output_fee         boolean      NOT NULL,
    state              varchar(10)  NOT NULL CHECK (state IN ('open', 'payable', 'paid')),
    created_at         timestamptz  NOT NULL,
    updated_at         timestamptz  NOT NULL,
    UNIQUE (lead_provider_id, cohort, year, month),
    CHECK (payment_date >= deadline_date)
);
CREATE INDEX statement_next_output_fee ON statement (lead_provider_id, cohort, deadline_date) WHERE output_fee AND state = 'open';

-- A lead provider's contract for a course in a cohort: it applies to every statement of that provider
-- and cohort (the DfE bulk upload creates one per statement from the same template). The money fields
-- are the contract template's (section b), used by statement maths.
CREATE TABLE contract (
    lead_provider_id                            uuid           NOT NULL,
    cohort                                      varchar(5)     NOT NULL REFERENCES cohort (identifier),
    course_identifier                           varchar(60)    NOT NULL,
    recruitment_target                          integer        NOT NULL CHECK (recruitment_target > 0),
    per_participant                             numeric(10, 2) NOT NULL CHECK (per_participant > 0),
    output_payment_percentage                   integer        NOT NULL DEFAULT 60 CHECK (output_payment_percentage BETWEEN 0 AND 100),
    number_of_payment_periods                   integer        CHECK (number_of_payment_periods > 0),
    service_fee_percentage                      integer        NOT NULL DEFAULT 40 CHECK (service_fee_percentage BETWEEN 0 AND 100),
    service_fee_installments                    integer        NOT NULL CHECK (service_fee_installments > 0),
    monthly_service_fee                         numeric(10, 2),
    targeted_delivery_funding_per_participant   numeric(10, 2) NOT NULL DEFAULT 100.0,
    special_course                              boolean        NOT NULL DEFAULT false,
    updated_at                                  timestamptz    NOT NULL,
    PRIMARY KEY (lead_provider_id, cohort, course_identifier)
);

ALTER TABLE reference_published ALTER COLUMN key TYPE varchar(120);
