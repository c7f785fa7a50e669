-- The candidate copy grows with registration's and engagement's events: acceptance and training status (who
-- may sit), the verified TRN (qualifications), the hub, and engagement against the completion threshold.
ALTER TABLE candidate
    ALTER COLUMN lead_provider_id DROP NOT NULL,
    ALTER COLUMN course_identifier DROP NOT NULL,
    ALTER COLUMN cohort DROP NOT NULL,
    ALTER COLUMN submitted_at DROP NOT NULL,
    ADD COLUMN trn                   char(7),
    ADD COLUMN school_urn            varchar(10),
    ADD COLUMN accepted_at           timestamptz,
    ADD COLUMN training_status       varchar(20),
    ADD COLUMN delivery_partner_id   uuid,
    ADD COLUMN meets_threshold       boolean,
    ADD COLUMN at_risk               boolean,
    ADD COLUMN percent_of_course     numeric(6,2),
    ADD COLUMN engagement_changed_at timestamptz,
    ADD COLUMN updated_at            timestamptz,
    ADD CONSTRAINT candidate_status CHECK (status IN ('pending', 'accepted', 'rejected')),
    ADD CONSTRAINT candidate_training_status CHECK (training_status IS NULL OR training_status IN ('active', 'deferred', 'withdrawn'));
CREATE INDEX candidate_trn ON candidate (trn) WHERE trn IS NOT NULL;

-- Participant ids retired by registration's merges (410 Gone on the outcomes endpoints).
CREATE TABLE participant_id_change (
    from_participant_id  uuid         PRIMARY KEY,
    to_participant_id    uuid         NOT NULL,
    changed_at           timestamptz  NOT NULL
);

-- engagement-service's completed declarations (the only ones outcomes hang on, c5).
CREATE TABLE completed_declaration (
    declaration_id    uuid         PRIMARY KEY,
    application_id    uuid         NOT NULL,
    participant_id    uuid         NOT NULL,
    lead_provider_id  uuid         NOT NULL,
    course_identifier varchar(100) NOT NULL,
    declaration_date  timestamptz  NOT NULL,
    state             varchar(30)  NOT NULL,
    has_passed        boolean,
    created_at        timestamptz  NOT NULL,
    updated_at        timestamptz  NOT NULL
);
CREATE INDEX completed_declaration_application ON completed_declaration (application_id);

-- Participant outcomes (c5): append-only; the latest row of a declaration is its current outcome.
CREATE TABLE participant_outcome (
    id                 uuid         PRIMARY KEY,
    declaration_id     uuid         NOT NULL REFERENCES completed_declaration (declaration_id),
    application_id     uuid         NOT NULL,
    participant_id     uuid         NOT NULL,
    lead_provider_id   uuid         NOT NULL,
    course_identifier  varchar(100) NOT NULL,
    state              varchar(10)  NOT NULL,
    completion_date    date         NOT NULL,
    source             varchar(20)  NOT NULL,
    created_at         timestamptz  NOT NULL,
    updated_at         timestamptz  NOT NULL,
    CONSTRAINT participant_outcome_state CHECK (state IN ('passed', 'failed', 'voided')),
    CONSTRAINT participant_outcome_source CHECK (source IN ('lead_provider', 'declaration', 'marking', 'declaration_voided'))
);
CREATE INDEX participant_outcome_declaration ON participant_outcome (declaration_id, created_at);
CREATE INDEX participant_outcome_lead_provider ON participant_outcome (lead_provider_id, created_at, id);
CREATE INDEX participant_outcome_participant ON participant_outcome (participant_id);

-- A final marking result that arrived before the completed declaration it belongs to: the declaration's
-- first outcome takes it when the declaration carries no has_passed of its own.
CREATE TABLE final_result (
    application_id   uuid         PRIMARY KEY,
    passed           boolean      NOT NULL,
    completion_date  date         NOT NULL,
    recorded_at      timestamptz  NOT NULL
);
