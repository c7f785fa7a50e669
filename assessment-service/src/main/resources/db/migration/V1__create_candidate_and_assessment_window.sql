-- Projection of registration's applications: who may sit which course's assessment.
CREATE TABLE candidate (
    application_id    uuid         PRIMARY KEY,
    participant_id    uuid         NOT NULL,
    lead_provider_id  uuid         NOT NULL,
    course_identifier varchar(100) NOT NULL,
    cohort            varchar(5)   NOT NULL,
    status            varchar(20)  NOT NULL,
    submitted_at      timestamptz  NOT NULL
);
CREATE INDEX candidate_participant ON candidate (participant_id);

-- An 8-calendar-day window a lead provider publishes for a course and cohort (dates in Europe/London).
CREATE TABLE assessment_window (
    id                uuid         PRIMARY KEY,
    lead_provider_id  uuid         NOT NULL,
    course_identifier varchar(100) NOT NULL,
    cohort            varchar(5)   NOT NULL,
    first_day         date         NOT NULL,
    word_limit        integer      NOT NULL,
    CONSTRAINT assessment_window_word_limit CHECK (word_limit > 0)
);
CREATE INDEX assessment_window_lead_provider ON assessment_window (lead_provider_id, first_day);
