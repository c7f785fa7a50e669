-- The enrolment copy grows with registration's lifecycle events: who accepted it, the schedule, training
-- status and withdrawal date, the funded place, the person's TRN (duplicates are found by TRN, any record).
ALTER TABLE enrolment
    ADD COLUMN trn                 char(7),
    ADD COLUMN teacher_catchment   varchar(50),
    ADD COLUMN school_urn          varchar(10),
    ADD COLUMN accepted_at         timestamptz,
    ADD COLUMN training_status     varchar(20),
    ADD COLUMN withdrawn_at        timestamptz,
    ADD COLUMN schedule_identifier varchar(50),
    ADD COLUMN funded_place        boolean,
    ADD CONSTRAINT enrolment_status CHECK (status IN ('pending', 'accepted', 'rejected')),
    ADD CONSTRAINT enrolment_training_status CHECK (training_status IS NULL OR training_status IN ('active', 'deferred', 'withdrawn'));
CREATE INDEX enrolment_trn ON enrolment (trn) WHERE trn IS NOT NULL;
CREATE INDEX enrolment_lead_provider ON enrolment (lead_provider_id, participant_id);

-- Participant ids retired by registration's merges: a declaration naming one is refused with its replacement.
CREATE TABLE participant_id_change (
    from_participant_id  uuid         PRIMARY KEY,
    to_participant_id    uuid         NOT NULL,
    changed_at           timestamptz  NOT NULL
);

-- funding-service's schedules (ScheduleDefined): applies_from and the declaration types each allows (f2).
CREATE TABLE schedule (
    cohort                     varchar(5)    NOT NULL,
    identifier                 varchar(50)   NOT NULL,
    course_group               varchar(20)   NOT NULL,
    applies_from               date          NOT NULL,
    allowed_declaration_types  varchar(20)[] NOT NULL,
    updated_at                 timestamptz   NOT NULL,
    PRIMARY KEY (cohort, identifier)
);

-- registration-service's delivery partners and partnerships (DeliveryPartnerChanged).
CREATE TABLE delivery_partner (
    id          uuid          PRIMARY KEY,
    name        varchar(200)  NOT NULL,
    updated_at  timestamptz   NOT NULL
);
CREATE TABLE delivery_partnership (
    delivery_partner_id  uuid        NOT NULL REFERENCES delivery_partner (id),
    lead_provider_id     uuid        NOT NULL,
    cohort               varchar(5)  NOT NULL,
    PRIMARY KEY (delivery_partner_id, lead_provider_id, cohort)
);

-- Declarations (c3, f5). Never two billable (or still changeable) declarations for one application and
-- milestone: the partial unique index is the last word, whatever the application code does.
CREATE TABLE declaration (
    id                              uuid         PRIMARY KEY,
    application_id                  uuid         NOT NULL,
    participant_id                  uuid         NOT NULL,
    lead_provider_id                uuid         NOT NULL,
    course_identifier               varchar(100) NOT NULL,
    cohort                          varchar(5)   NOT NULL,
    declaration_type                varchar(20)  NOT NULL,
    declaration_date                timestamptz  NOT NULL,
    state                           varchar(30)  NOT NULL,
    state_reason                    varchar(30),
    superseded_by_id                uuid REFERENCES declaration (id),
    delivery_partner_id             uuid,
    secondary_delivery_partner_id   uuid,
    has_passed                      boolean,
    statement_id                    uuid,
    clawback_statement_id           uuid,
    request_digest                  varchar(64),
    derived                         boolean      NOT NULL DEFAULT false,
    created_at                      timestamptz  NOT NULL,
    updated_at                      timestamptz  NOT NULL,
    CONSTRAINT declaration_type CHECK (declaration_type IN ('started', 'retained-1', 'retained-2', 'completed')),
    CONSTRAINT declaration_state CHECK (state IN ('submitted', 'eligible', 'payable', 'paid', 'voided', 'ineligible',
        'awaiting_clawback', 'clawed_back')),
    CONSTRAINT declaration_duplicate_reason CHECK ((superseded_by_id IS NULL) OR (state_reason = 'duplicate')),
    CONSTRAINT declaration_secondary_needs_primary CHECK (secondary_delivery_partner_id IS NULL
        OR (delivery_partner_id IS NOT NULL AND secondary_delivery_partner_id <> delivery_partner_id))
);
CREATE UNIQUE INDEX declaration_one_billable ON declaration (application_id, declaration_type)
    WHERE state IN ('submitted', 'eligible', 'payable', 'paid');
CREATE INDEX declaration_lead_provider ON declaration (lead_provider_id, created_at, id);
CREATE INDEX declaration_participant ON declaration (participant_id);
CREATE INDEX declaration_updated ON declaration (lead_provider_id, updated_at);
