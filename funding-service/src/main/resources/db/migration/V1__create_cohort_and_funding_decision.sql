-- Cohorts and their funding type (npq-domain.md b): reference data, managed by admins later.
CREATE TABLE cohort (
    identifier              varchar(5)  PRIMARY KEY,          -- start_year || suffix, e.g. 2026b
    start_year              integer     NOT NULL,
    suffix                  char(1)     NOT NULL DEFAULT 'a',
    description             varchar(50) NOT NULL UNIQUE,
    registration_start_date date        NOT NULL,
    funding                 varchar(10) NOT NULL,
    CONSTRAINT cohort_funding CHECK (funding IN ('zero', 'capped', 'full')),
    CONSTRAINT cohort_identifier CHECK (identifier = start_year::text || suffix)
);
INSERT INTO cohort (identifier, start_year, suffix, description, registration_start_date, funding) VALUES
    ('2021a', 2021, 'a', '2021 to 2022', '2021-05-10', 'full'),
    ('2022a', 2022, 'a', '2022 to 2023', '2022-04-04', 'full'),
    ('2023a', 2023, 'a', '2023 to 2024', '2023-04-03', 'full'),
    ('2024a', 2024, 'a', '2024 to 2025', '2024-04-02', 'capped'),
    ('2025a', 2025, 'a', '2025 to 2026', '2025-01-06', 'capped'),
    ('2026a', 2026, 'a', 'Spring 2026 (no scholarship)', '2026-01-05', 'zero'),
    ('2026b', 2026, 'b', 'Autumn 2026', '2026-06-01', 'capped');

-- One stored decision per application: its inputs, the rule set that judged it, the code and the trace.
CREATE TABLE funding_decision (
    application_id   uuid         PRIMARY KEY,
    participant_id   uuid         NOT NULL,
    lead_provider_id uuid         NOT NULL,
    cohort           varchar(5)   NOT NULL,
    course_identifier varchar(100) NOT NULL,
    inputs           jsonb        NOT NULL,
    rule_set         varchar(30)  NOT NULL,
    status_code      varchar(100) NOT NULL,
    eligible         boolean      NOT NULL,
    review_required  boolean      NOT NULL,
    trace            jsonb        NOT NULL,
    decided_at       timestamptz  NOT NULL
);
CREATE INDEX funding_decision_lead_provider ON funding_decision (lead_provider_id);
