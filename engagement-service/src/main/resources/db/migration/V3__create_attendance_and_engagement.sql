-- Sessions are edited through the API now: when each was made and last changed. The course index serves the
-- engagement arithmetic (a hub's sessions of one course and cohort for one lead provider).
ALTER TABLE session
    ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
    ADD CONSTRAINT session_title CHECK (length(btrim(title)) > 0);
CREATE INDEX session_course ON session (lead_provider_id, course_identifier, cohort, delivery_partner_id);

-- The hub of record of an enrolment (accepted application): the delivery partner whose upload first named the
-- participant for that course. Its sessions are the ones that count for the participant; other hubs' rows for
-- the participant are refused. One row per application, so two hubs racing cannot both claim it.
CREATE TABLE enrolment_hub (
    application_id       uuid         PRIMARY KEY,
    delivery_partner_id  uuid         NOT NULL,
    assigned_at          timestamptz  NOT NULL
);
CREATE INDEX enrolment_hub_delivery_partner ON enrolment_hub (delivery_partner_id);

-- Attendance of one enrolment at one session, as last uploaded. Keyed by application, so a participant merge
-- (which changes the participant id on the enrolment) keeps it. A session with attendance cannot be deleted.
CREATE TABLE attendance (
    session_id      uuid         NOT NULL REFERENCES session (id),
    application_id  uuid         NOT NULL,
    attended        boolean      NOT NULL,
    minutes         integer,
    upload_id       uuid         NOT NULL,
    recorded_at     timestamptz  NOT NULL,
    updated_at      timestamptz  NOT NULL,
    PRIMARY KEY (session_id, application_id),
    CONSTRAINT attendance_minutes CHECK (minutes IS NULL OR minutes >= 0),
    CONSTRAINT attendance_absent_no_minutes CHECK (attended OR minutes IS NULL OR minutes = 0)
);
CREATE INDEX attendance_application ON attendance (application_id);

-- Completion thresholds set by an admin per course and cohort (others use npq.engagement.default-threshold).
CREATE TABLE engagement_threshold (
    course_identifier  varchar(100)  NOT NULL,
    cohort             varchar(5)    NOT NULL,
    threshold_percent  numeric(5,2)  NOT NULL,
    updated_at         timestamptz   NOT NULL,
    updated_by         varchar(200)  NOT NULL,
    PRIMARY KEY (course_identifier, cohort),
    CONSTRAINT engagement_threshold_range CHECK (threshold_percent > 0 AND threshold_percent <= 100)
);

-- The engagement last published (EngagementChanged) per enrolment: a recalculation that matches it sends nothing.
CREATE TABLE engagement (
    application_id            uuid          PRIMARY KEY,
    delivery_partner_id       uuid          NOT NULL,
    attended_minutes          bigint        NOT NULL,
    required_minutes_to_date  bigint        NOT NULL,
    course_minutes            bigint        NOT NULL,
    attended_units            bigint        NOT NULL,
    required_units_to_date    bigint        NOT NULL,
    course_units              bigint        NOT NULL,
    threshold_percent         numeric(5,2)  NOT NULL,
    meets_threshold           boolean       NOT NULL,
    at_risk                   boolean       NOT NULL,
    calculated_at             timestamptz   NOT NULL
);
