-- A person is anchored by a TRN; login identities and emails are contact data.
CREATE TABLE person (
    id              uuid         PRIMARY KEY,            -- the participant_id of the DfE API
    trn             char(7),
    trn_verified    boolean      NOT NULL DEFAULT false,
    full_name       varchar(200) NOT NULL,
    date_of_birth   date         NOT NULL,
    email           varchar(320) NOT NULL,
    created_at      timestamptz  NOT NULL,
    updated_at      timestamptz  NOT NULL,
    CONSTRAINT person_trn_format CHECK (trn IS NULL OR (trn ~ '^[0-9]{7}$' AND trn <> '0000000')),
    CONSTRAINT person_verified_needs_trn CHECK (NOT trn_verified OR trn IS NOT NULL)
);
CREATE INDEX person_trn ON person (trn) WHERE trn IS NOT NULL;

-- One application per person x course x lead provider choice (x cohort).
CREATE TABLE application (
    id                                 uuid         PRIMARY KEY,
    person_id                          uuid         NOT NULL REFERENCES person (id),
    lead_provider_id                   uuid         NOT NULL,
    course_identifier                  varchar(100) NOT NULL,
    cohort                             varchar(5)   NOT NULL,
    status                             varchar(20)  NOT NULL DEFAULT 'pending',
    work_setting                       varchar(50),
    school_urn                         varchar(10),
    school_ukprn                       varchar(10),
    teacher_catchment                  varchar(50),
    teacher_catchment_country          varchar(100),
    eligible_for_funding               boolean,
    funding_eligibility_status_code    varchar(100),
    funding_decided_at                 timestamptz,
    created_at                         timestamptz  NOT NULL,
    updated_at                         timestamptz  NOT NULL,
    CONSTRAINT application_status CHECK (status IN ('pending', 'accepted', 'rejected'))
);
-- a retried registration finds the pending application it already made
CREATE UNIQUE INDEX application_one_pending
    ON application (person_id, course_identifier, lead_provider_id, cohort) WHERE status = 'pending';
CREATE INDEX application_lead_provider ON application (lead_provider_id, created_at);
