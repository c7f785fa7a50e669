-- Reference data for the funding decision (npq-domain.md b, d1, f1-f3), managed by admins through
-- /api/v1/reference. Imports are all-or-nothing; lists are versioned so a decision can say what it saw.

-- The rule set that judges each cohort (d3) is data, not code.
ALTER TABLE cohort ADD COLUMN rule_set varchar(30);
UPDATE cohort SET rule_set = CASE
    WHEN start_year <= 2023 THEN '2021-2023'
    WHEN start_year = 2024 THEN '2024-spring-2025'
    WHEN start_year = 2025 THEN 'autumn-2025'
    ELSE '2026' END;
ALTER TABLE cohort ALTER COLUMN rule_set SET NOT NULL;
ALTER TABLE cohort ADD CONSTRAINT cohort_rule_set CHECK (rule_set IN ('2021-2023', '2024-spring-2025', 'autumn-2025', '2026'));

CREATE TABLE course (
    identifier   varchar(100) PRIMARY KEY,
    name         varchar(100) NOT NULL,
    short_code   varchar(20)  NOT NULL UNIQUE,
    course_group varchar(20)  NOT NULL,
    CONSTRAINT course_group CHECK (course_group IN ('leadership', 'specialist', 'ehco', 'support'))
);
INSERT INTO course (identifier, name, short_code, course_group) VALUES
    ('npq-early-years-leadership', 'Early years leadership', 'NPQEYL', 'leadership'),
    ('npq-executive-leadership', 'Executive leadership', 'NPQEL', 'leadership'),
    ('npq-headship', 'Headship', 'NPQH', 'leadership'),
    ('npq-senior-leadership', 'Senior leadership', 'NPQSL', 'leadership'),
    ('npq-senco', 'Special educational needs co-ordinator', 'NPQSENCO', 'leadership'),
    ('npq-leading-behaviour-culture', 'Leading behaviour and culture', 'NPQLBC', 'specialist'),
    ('npq-leading-literacy', 'Leading literacy', 'NPQLL', 'specialist'),
    ('npq-leading-primary-mathematics', 'Leading primary mathematics', 'NPQLPM', 'specialist'),
    ('npq-leading-teaching', 'Leading teaching', 'NPQLT', 'specialist'),
    ('npq-leading-teaching-development', 'Leading teacher development', 'NPQLTD', 'specialist'),
    ('npq-early-headship-coaching-offer', 'Early headship coaching offer', 'EHCO', 'ehco'),
    ('npq-additional-support-offer', 'Additional support offer', 'ASO', 'support');

-- Schedules per cohort and course group (f2), with the acceptance windows that pick one on accept (f3).
CREATE TABLE schedule (
    cohort                    varchar(5)   NOT NULL REFERENCES cohort (identifier),
    identifier                varchar(50)  NOT NULL,
    name                      varchar(100) NOT NULL,
    course_group              varchar(20)  NOT NULL,
    applies_from              date         NOT NULL,
    applies_to                date,
    allowed_declaration_types varchar(20)[] NOT NULL,
    acceptance_window_start   date,
    acceptance_window_end     date,
    PRIMARY KEY (cohort, identifier),
    CONSTRAINT schedule_window CHECK (acceptance_window_end IS NULL OR acceptance_window_start <= acceptance_window_end)
);

-- GIAS establishment types: which are eligible (d1), as data.
CREATE TABLE establishment_type (
    code     integer      PRIMARY KEY,
    name     varchar(100) NOT NULL,
    eligible boolean      NOT NULL
);
INSERT INTO establishment_type (code, name, eligible) VALUES
    (1, 'Community school', true), (2, 'Voluntary aided school', true), (3, 'Voluntary controlled school', true),
    (5, 'Foundation school', true), (6, 'City technology college', true), (7, 'Community special school', true),
    (8, 'Non-maintained special school', true), (10, 'Other independent special school', true),
    (11, 'Other independent school', false), (12, 'Foundation special school', true),
    (14, 'Pupil referral unit', true), (15, 'Local authority nursery school', true),
    (18, 'Further education', true), (24, 'Secure units', true), (25, 'Offshore schools', false),
    (26, 'Service children''s education', true), (27, 'Miscellaneous', false), (28, 'Academy sponsor led', true),
    (29, 'Higher education institutions', false), (30, 'Welsh establishment', false),
    (31, 'Sixth form centres', true), (32, 'Special post 16 institution', true),
    (33, 'Academy special sponsor led', true), (34, 'Academy converter', true), (35, 'Free schools', true),
    (36, 'Free schools special', true), (37, 'British schools overseas', false),
    (38, 'Free schools alternative provision', true), (39, 'Free schools 16 to 19', true),
    (40, 'University technical college', true), (41, 'Studio schools', true), (42, 'Academy alternative provision converter', true),
    (43, 'Academy alternative provision sponsor led', true), (44, 'Academy special converter', true),
    (45, 'Academy 16-19 converter', true), (46, 'Academy 16 to 19 sponsor led', true),
    (56, 'Institution funded by other government department', false), (57, 'Academy secure 16 to 19', false);

-- LA codes of establishments outside England (d1).
CREATE TABLE not_in_england_la (la_code varchar(3) PRIMARY KEY, description varchar(100) NOT NULL);
INSERT INTO not_in_england_la (la_code, description) VALUES
    ('673', 'Wales (Vale of Glamorgan)'), ('702', 'Service children''s education overseas'), ('000', 'Does not apply'),
    ('704', 'Fieldwork overseas'), ('708', 'Gibraltar');

CREATE TABLE establishment (
    urn                     varchar(10)  PRIMARY KEY,
    ukprn                   varchar(10),
    name                    varchar(300) NOT NULL,
    type_code               integer      NOT NULL,
    type_name               varchar(100),
    status_code             integer,
    la_code                 varchar(3),
    la_name                 varchar(100),
    phase_code              varchar(2),
    number_of_pupils        integer,
    imported_at             timestamptz  NOT NULL
);
CREATE INDEX establishment_ukprn ON establishment (ukprn) WHERE ukprn IS NOT NULL;

CREATE TABLE early_years_provider (
    ofsted_urn  varchar(20)  PRIMARY KEY,
    name        varchar(300) NOT NULL,
    register    varchar(20)  NOT NULL,            -- e.g. EYR (Early Years Register), CCR, VCR
    imported_at timestamptz  NOT NULL
);

CREATE TABLE itt_provider (
    legal_name     varchar(300) PRIMARY KEY,
    operating_name varchar(300),
    approved       boolean      NOT NULL,
    imported_at    timestamptz  NOT NULL
);

CREATE TABLE local_authority (
    ukprn       varchar(10)  PRIMARY KEY,
    name        varchar(200) NOT NULL,
    imported_at timestamptz  NOT NULL
);

-- Eligibility lists: each upload is a new version that replaces the previous one.
CREATE TABLE eligibility_list_version (
    list_type   varchar(40) NOT NULL,
    version     integer     NOT NULL,
    entries     integer     NOT NULL,
    uploaded_at timestamptz NOT NULL,
    uploaded_by varchar(200) NOT NULL,
    PRIMARY KEY (list_type, version),
    CONSTRAINT eligibility_list_type CHECK (list_type IN ('pp50-schools', 'pp50-further-education', 'rise-schools',
        'childminders', 'local-authority-nurseries', 'disadvantaged-early-years'))
);
CREATE TABLE eligibility_list_entry (
    list_type  varchar(40) NOT NULL,
    version    integer     NOT NULL,
    identifier varchar(20) NOT NULL,
    PRIMARY KEY (list_type, version, identifier),
    FOREIGN KEY (list_type, version) REFERENCES eligibility_list_version (list_type, version)
);

-- What funding knows of each application, to judge "previously funded" by TRN across person records
-- and to guard overrides (d3, d4): kept from registration's and engagement's events.
CREATE TABLE application_funding (
    application_id        uuid         PRIMARY KEY,
    participant_id        uuid         NOT NULL,
    trn                   char(7),
    course_family         varchar(100) NOT NULL,
    cohort                varchar(5)   NOT NULL,
    accepted              boolean      NOT NULL DEFAULT false,
    eligible_for_funding  boolean,
    funded_place          boolean,
    updated_at            timestamptz  NOT NULL
);
CREATE INDEX application_funding_trn ON application_funding (trn, course_family) WHERE trn IS NOT NULL;

CREATE TABLE declaration_state (
    declaration_id uuid        PRIMARY KEY,
    application_id uuid        NOT NULL,
    state          varchar(30) NOT NULL,
    updated_at     timestamptz NOT NULL
);
CREATE INDEX declaration_state_application ON declaration_state (application_id);

-- The stored decision gains what it saw and its review and override state.
ALTER TABLE funding_decision ADD COLUMN list_versions jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE funding_decision ADD COLUMN message_key varchar(50) NOT NULL DEFAULT 'subject_to_review';
ALTER TABLE funding_decision ADD COLUMN targeted_delivery_funding boolean NOT NULL DEFAULT false;
ALTER TABLE funding_decision ADD COLUMN tsf_primary boolean NOT NULL DEFAULT false;
ALTER TABLE funding_decision ADD COLUMN tsf_primary_plus boolean NOT NULL DEFAULT false;
ALTER TABLE funding_decision ADD COLUMN review_status varchar(30);
ALTER TABLE funding_decision ADD COLUMN review_note text;
ALTER TABLE funding_decision ADD COLUMN engine_status_code varchar(100);   -- the engine's code, kept when overridden
ALTER TABLE funding_decision ADD COLUMN overridden_by varchar(200);
ALTER TABLE funding_decision ADD COLUMN overridden_at timestamptz;
ALTER TABLE funding_decision ADD COLUMN override_reason text;
ALTER TABLE funding_decision ADD CONSTRAINT funding_decision_review_status
    CHECK (review_status IS NULL OR review_status IN ('needs_review', 'awaiting_information', 'reregister', 'decision_made'));
UPDATE funding_decision SET engine_status_code = status_code, review_status = CASE WHEN review_required THEN 'needs_review' END;
CREATE INDEX funding_decision_review ON funding_decision (review_status) WHERE review_status IS NOT NULL;
