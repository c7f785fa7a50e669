-- Windows are published by lead providers (who and when), with the course's marking criteria: each a "learn that"
-- or "learn how to" statement, numbered from 1 in the order given.
ALTER TABLE assessment_window
    ADD COLUMN created_at timestamptz  NOT NULL DEFAULT now(),
    ADD COLUMN created_by varchar(200);
CREATE INDEX assessment_window_course ON assessment_window (lead_provider_id, course_identifier, cohort, first_day);

CREATE TABLE assessment_criterion (
    window_id uuid          NOT NULL REFERENCES assessment_window (id),
    position  integer       NOT NULL,
    kind      varchar(20)   NOT NULL,
    statement varchar(2000) NOT NULL,
    PRIMARY KEY (window_id, position),
    CONSTRAINT assessment_criterion_kind CHECK (kind IN ('learn_that', 'learn_how_to'))
);

-- One attempt per candidate (application) and window; a resubmission inside the window replaces the content and
-- raises the revision. attempt counts the windows sat (2 = the first resit). result is the current final result
-- (the latest assessment_result row), null until final.
CREATE TABLE submission (
    id                 uuid         PRIMARY KEY,
    window_id          uuid         NOT NULL REFERENCES assessment_window (id),
    application_id     uuid         NOT NULL,
    lead_provider_id   uuid         NOT NULL,
    attempt            integer      NOT NULL,
    revision           integer      NOT NULL,
    kind               varchar(10)  NOT NULL,
    text               text,
    document_reference varchar(500),
    word_count         integer      NOT NULL,
    word_limit         integer      NOT NULL,
    submitted_by_role  varchar(20)  NOT NULL,
    submitted_by       varchar(200) NOT NULL,
    under_extension    boolean      NOT NULL,
    first_submitted_at timestamptz  NOT NULL,
    submitted_at       timestamptz  NOT NULL,
    state              varchar(30)  NOT NULL,
    result             varchar(4),
    updated_at         timestamptz  NOT NULL,
    CONSTRAINT submission_once_per_window UNIQUE (window_id, application_id),
    CONSTRAINT submission_attempt UNIQUE (application_id, attempt),
    CONSTRAINT submission_kind CHECK ((kind = 'text' AND text IS NOT NULL AND document_reference IS NULL)
        OR (kind = 'document' AND document_reference IS NOT NULL AND text IS NULL)),
    CONSTRAINT submission_by CHECK (submitted_by_role IN ('participant', 'delivery-partner')),
    CONSTRAINT submission_state CHECK (state IN ('submitted', 'awaiting_moderation', 'final')),
    CONSTRAINT submission_result CHECK (result IS NULL OR result IN ('pass', 'fail')),
    CONSTRAINT submission_final_has_result CHECK ((state = 'final') = (result IS NOT NULL))
);
CREATE INDEX submission_application ON submission (application_id, attempt);
CREATE INDEX submission_lead_provider ON submission (lead_provider_id, window_id);

-- Extensions for mitigating circumstances: append-only, the latest of a candidate and window is in force.
CREATE TABLE extension (
    id             uuid          PRIMARY KEY,
    window_id      uuid          NOT NULL REFERENCES assessment_window (id),
    application_id uuid          NOT NULL,
    reason         varchar(2000) NOT NULL,
    deadline       date          NOT NULL,
    granted_by     varchar(200)  NOT NULL,
    granted_at     timestamptz   NOT NULL
);
CREATE INDEX extension_candidate ON extension (window_id, application_id, granted_at);

-- The marker's judgement (one per submission): pass or fail, comments, and each criterion met or not.
CREATE TABLE mark (
    submission_id uuid         PRIMARY KEY REFERENCES submission (id),
    result        varchar(4)   NOT NULL,
    comments      text         NOT NULL,
    sampled       boolean      NOT NULL,
    marked_by     varchar(200) NOT NULL,
    marked_at     timestamptz  NOT NULL,
    CONSTRAINT mark_result CHECK (result IN ('pass', 'fail'))
);
CREATE TABLE mark_criterion (
    submission_id uuid    NOT NULL REFERENCES mark (submission_id),
    position      integer NOT NULL,
    met           boolean NOT NULL,
    comment       text,
    PRIMARY KEY (submission_id, position)
);

-- A moderator's review of a sampled mark: the result it makes final, agreeing with the marker or not.
CREATE TABLE moderation (
    submission_id uuid         PRIMARY KEY REFERENCES mark (submission_id),
    result        varchar(4)   NOT NULL,
    agrees        boolean      NOT NULL,
    comments      text,
    moderated_by  varchar(200) NOT NULL,
    moderated_at  timestamptz  NOT NULL,
    CONSTRAINT moderation_result CHECK (result IN ('pass', 'fail'))
);

-- Appeals against a final result, as the lead provider decided them; an upheld one changes the result.
CREATE TABLE appeal (
    id              uuid         PRIMARY KEY,
    submission_id   uuid         NOT NULL REFERENCES submission (id),
    reason          text         NOT NULL,
    decision        varchar(10)  NOT NULL,
    previous_result varchar(4)   NOT NULL,
    result          varchar(4),
    decided_by      varchar(200) NOT NULL,
    decided_at      timestamptz  NOT NULL,
    CONSTRAINT appeal_decision CHECK ((decision = 'upheld' AND result IN ('pass', 'fail') AND result <> previous_result)
        OR (decision = 'dismissed' AND result IS NULL))
);
CREATE INDEX appeal_submission ON appeal (submission_id, decided_at);

-- Every final result a submission has had, append-only: the latest is current; earlier ones are the history.
CREATE TABLE assessment_result (
    id              uuid         PRIMARY KEY,
    submission_id   uuid         NOT NULL REFERENCES submission (id),
    application_id  uuid         NOT NULL,
    result          varchar(4)   NOT NULL,
    source          varchar(12)  NOT NULL,
    completion_date date         NOT NULL,
    appeal_id       uuid         REFERENCES appeal (id),
    decided_by      varchar(200) NOT NULL,
    decided_at      timestamptz  NOT NULL,
    CONSTRAINT assessment_result_result CHECK (result IN ('pass', 'fail')),
    CONSTRAINT assessment_result_source CHECK (source IN ('marking', 'moderation', 'appeal'))
);
CREATE INDEX assessment_result_submission ON assessment_result (submission_id, decided_at);
