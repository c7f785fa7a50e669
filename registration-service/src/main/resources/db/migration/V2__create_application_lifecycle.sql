-- People: contact data and what the Teacher Record System said about their TRN (e2, e3, c6); merges.
ALTER TABLE person
    ALTER COLUMN trn DROP NOT NULL,
    ADD COLUMN national_insurance_number varchar(9),
    ADD COLUMN previous_names            text[]       NOT NULL DEFAULT '{}',
    ADD COLUMN trn_verification_status   varchar(30)  NOT NULL DEFAULT 'unchecked',
    ADD COLUMN trn_checked_at            timestamptz,
    ADD COLUMN significantly_updated_at  timestamptz,
    ADD COLUMN merged_into               uuid REFERENCES person (id),
    ADD COLUMN merged_at                 timestamptz,
    ADD CONSTRAINT person_trn_verification_status CHECK (trn_verification_status IN
        ('unchecked', 'verified', 'no_match_found', 'found_but_not_active', 'trn_and_nino_blank', 'unavailable', 'trn_requested')),
    ADD CONSTRAINT person_not_merged_into_itself CHECK (merged_into IS NULL OR merged_into <> id),
    ADD CONSTRAINT person_verified_status CHECK (trn_verified = (trn_verification_status = 'verified'));
UPDATE person SET significantly_updated_at = updated_at;
ALTER TABLE person ALTER COLUMN significantly_updated_at SET NOT NULL;
-- one live person per verified TRN: a second record that verifies to a held TRN is merged into the first
CREATE UNIQUE INDEX person_one_verified_trn ON person (trn) WHERE trn_verified AND merged_into IS NULL;
CREATE INDEX person_significantly_updated ON person (significantly_updated_at);

-- A TRN request for an applicant without one (e2): the TRN arrives later and is verified then.
CREATE TABLE trn_request (
    request_id    varchar(64)  PRIMARY KEY,
    person_id     uuid         NOT NULL REFERENCES person (id),
    status        varchar(20)  NOT NULL DEFAULT 'pending',
    trn           char(7),
    requested_at  timestamptz  NOT NULL,
    checked_at    timestamptz,
    completed_at  timestamptz,
    CONSTRAINT trn_request_status CHECK (status IN ('pending', 'completed', 'failed'))
);
CREATE INDEX trn_request_pending ON trn_request (checked_at) WHERE status = 'pending';

-- The ids a merge retired (ParticipantIdChange): the from id answers 410 Gone naming the to id.
CREATE TABLE participant_id_change (
    id                   uuid         PRIMARY KEY,
    person_id            uuid         NOT NULL REFERENCES person (id),   -- the surviving person
    from_participant_id  uuid         NOT NULL UNIQUE,                   -- an id is retired once
    to_participant_id    uuid         NOT NULL,
    created_at           timestamptz  NOT NULL,
    CONSTRAINT participant_id_change_no_self CHECK (from_participant_id <> to_participant_id)
);
CREATE INDEX participant_id_change_person ON participant_id_change (person_id);

-- Applications: every wizard answer of section b, and the workflow of c1, c2, d5 and f3/f6.
ALTER TABLE application
    ADD COLUMN private_childcare_provider_urn      varchar(10),
    ADD COLUMN kind_of_nursery                     varchar(50),
    ADD COLUMN employment_type                     varchar(50),
    ADD COLUMN employment_role                     varchar(200),
    ADD COLUMN employer_name                       varchar(200),
    ADD COLUMN headteacher_status                  varchar(30),
    ADD COLUMN teacher_catchment_iso_country_code  char(3),
    ADD COLUMN itt_provider                        varchar(200),
    ADD COLUMN lead_mentor                         boolean,
    ADD COLUMN referred_by_return_to_teaching_adviser varchar(3),
    ADD COLUMN senco_in_role                       varchar(40),
    ADD COLUMN senco_start_date                    date,
    ADD COLUMN funding_choice                      varchar(20),
    ADD COLUMN targeted_delivery_funding_eligibility boolean NOT NULL DEFAULT false,
    ADD COLUMN reason_for_rejection                varchar(50),
    ADD COLUMN accepted_at                         timestamptz,
    ADD COLUMN training_status                     varchar(20),
    ADD COLUMN schedule_identifier                 varchar(50),
    ADD COLUMN funded_place                        boolean,
    ADD COLUMN review_status                       varchar(30),
    ADD CONSTRAINT application_reason_for_rejection CHECK (reason_for_rejection IS NULL OR reason_for_rejection IN
        ('registration_expired', 'rejected_by_provider', 'other_application_in_this_cohort_accepted')),
    ADD CONSTRAINT application_training_status CHECK (training_status IS NULL OR training_status IN ('active', 'deferred', 'withdrawn')),
    ADD CONSTRAINT application_accepted_has_workflow CHECK (status <> 'accepted'
        OR (accepted_at IS NOT NULL AND training_status IS NOT NULL AND schedule_identifier IS NOT NULL)),
    ADD CONSTRAINT application_rejected_has_reason CHECK ((status = 'rejected') = (reason_for_rejection IS NOT NULL)),
    ADD CONSTRAINT application_pending_has_no_training CHECK (status = 'accepted' OR training_status IS NULL);
CREATE INDEX application_person ON application (person_id);
CREATE INDEX application_lead_provider_updated ON application (lead_provider_id, updated_at);

-- Training-status history (ApplicationState): the deferral / withdrawal date and reason of the API.
CREATE TABLE application_state (
    id                uuid         PRIMARY KEY,
    application_id    uuid         NOT NULL REFERENCES application (id),
    lead_provider_id  uuid         NOT NULL,
    state             varchar(20)  NOT NULL,
    reason            varchar(100),
    created_at        timestamptz  NOT NULL,
    CONSTRAINT application_state_state CHECK (state IN ('active', 'deferred', 'withdrawn'))
);
CREATE INDEX application_state_application ON application_state (application_id, created_at);

-- funding-service's cohorts and schedules (CohortDefined / ScheduleDefined): a copy, never edited here.
CREATE TABLE cohort (
    identifier               varchar(5)   PRIMARY KEY,
    start_year               integer      NOT NULL,
    suffix                   char(1)      NOT NULL,
    description              varchar(50)  NOT NULL,
    registration_start_date  date         NOT NULL,
    funding                  varchar(10)  NOT NULL,
    updated_at               timestamptz  NOT NULL
);
CREATE TABLE schedule (
    cohort                     varchar(5)    NOT NULL,
    identifier                 varchar(50)   NOT NULL,
    name                       varchar(100)  NOT NULL,
    course_group               varchar(20)   NOT NULL,
    applies_from               date          NOT NULL,
    applies_to                 date,
    allowed_declaration_types  varchar(20)[] NOT NULL,
    acceptance_window_start    date,
    acceptance_window_end      date,
    updated_at                 timestamptz   NOT NULL,
    PRIMARY KEY (cohort, identifier)
);

-- engagement-service's declarations (DeclarationStateChanged): the guards of reject, defer, withdraw and
-- change-schedule read them.
CREATE TABLE declaration (
    id                uuid         PRIMARY KEY,
    application_id    uuid         NOT NULL,
    declaration_type  varchar(20)  NOT NULL,
    state             varchar(30)  NOT NULL,
    declaration_date  timestamptz,
    changed_at        timestamptz  NOT NULL
);
CREATE INDEX declaration_application ON declaration (application_id);

-- Delivery partners (admin-managed) and their partnerships with lead providers per cohort.
CREATE TABLE delivery_partner (
    id          uuid          PRIMARY KEY,
    name        varchar(200)  NOT NULL,
    created_at  timestamptz   NOT NULL,
    updated_at  timestamptz   NOT NULL
);
CREATE UNIQUE INDEX delivery_partner_name ON delivery_partner (lower(name));
CREATE TABLE delivery_partnership (
    delivery_partner_id  uuid         NOT NULL REFERENCES delivery_partner (id),
    lead_provider_id     uuid         NOT NULL,
    cohort               varchar(5)   NOT NULL,
    created_at           timestamptz  NOT NULL,
    PRIMARY KEY (delivery_partner_id, lead_provider_id, cohort)
);
CREATE INDEX delivery_partnership_lead_provider ON delivery_partnership (lead_provider_id);
