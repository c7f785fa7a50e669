-- Projection of registration's applications and funding's decisions (kept from their events). The two
-- topics are not ordered with each other: a decision may come first, so the application's columns are
-- null until ApplicationSubmitted arrives.
CREATE TABLE enrolment (
    application_id       uuid         PRIMARY KEY,
    participant_id       uuid         NOT NULL,
    lead_provider_id     uuid,
    course_identifier    varchar(100),
    cohort               varchar(5),
    status               varchar(20)  NOT NULL,
    eligible_for_funding boolean,
    funding_status_code  varchar(100),
    updated_at           timestamptz  NOT NULL
);
CREATE INDEX enrolment_participant ON enrolment (participant_id);

-- Sessions a delivery partner runs for a lead provider's course and cohort.
CREATE TABLE session (
    id                  uuid         PRIMARY KEY,
    lead_provider_id    uuid         NOT NULL,
    delivery_partner_id uuid         NOT NULL,
    course_identifier   varchar(100) NOT NULL,
    cohort              varchar(5)   NOT NULL,
    kind                varchar(30)  NOT NULL,
    title               varchar(200) NOT NULL,
    scheduled_at        timestamptz  NOT NULL,
    weight              integer      NOT NULL,
    CONSTRAINT session_kind CHECK (kind IN ('face_to_face', 'webinar', 'self_directed_study_unit')),
    CONSTRAINT session_weight CHECK (weight > 0)
);
CREATE INDEX session_delivery_partner ON session (delivery_partner_id, scheduled_at);
CREATE INDEX session_lead_provider ON session (lead_provider_id, scheduled_at);
