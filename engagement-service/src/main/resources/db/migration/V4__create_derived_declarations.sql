-- Declarations derived from evidence are optional per lead provider: off unless an admin turned them on.
CREATE TABLE derived_declaration_setting (
    lead_provider_id  uuid          PRIMARY KEY,
    enabled           boolean       NOT NULL,
    updated_at        timestamptz   NOT NULL,
    updated_by        varchar(200)  NOT NULL
);

-- Milestone dates per schedule (npq-domain.md f4), set by an admin until funding-service's statements carry them.
-- The derivation job reads retained-1 and retained-2; the others are kept as data.
CREATE TABLE milestone (
    cohort               varchar(5)    NOT NULL,
    schedule_identifier  varchar(50)   NOT NULL,
    declaration_type     varchar(20)   NOT NULL,
    milestone_date       date          NOT NULL,
    updated_at           timestamptz   NOT NULL,
    updated_by           varchar(200)  NOT NULL,
    PRIMARY KEY (cohort, schedule_identifier, declaration_type),
    CONSTRAINT milestone_type CHECK (declaration_type IN ('started', 'retained-1', 'retained-2', 'completed'))
);

-- One derivation per application and milestone, ever: claimed (pending) in the transaction that saw the evidence,
-- then submitted through the declaration rules in a transaction of its own; the result is kept, with the rules'
-- reasons when they refused it (attribute titles and DfE texts: no personal data). A voided derived declaration is
-- not derived again, and a refused one is not retried.
CREATE TABLE derived_declaration (
    application_id       uuid          NOT NULL,
    declaration_type     varchar(20)   NOT NULL,
    lead_provider_id     uuid          NOT NULL,
    evidence             varchar(20)   NOT NULL,
    declaration_date     timestamptz   NOT NULL,
    has_passed           boolean,
    delivery_partner_id  uuid,
    status               varchar(10)   NOT NULL,
    declaration_id       uuid,
    reason               text,
    claimed_at           timestamptz   NOT NULL,
    processed_at         timestamptz,
    PRIMARY KEY (application_id, declaration_type),
    CONSTRAINT derived_declaration_type CHECK (declaration_type IN ('started', 'retained-1', 'retained-2', 'completed')),
    CONSTRAINT derived_declaration_evidence CHECK (evidence IN ('attendance', 'milestone', 'outcome')),
    CONSTRAINT derived_declaration_status CHECK (status IN ('pending', 'derived', 'refused')),
    CONSTRAINT derived_declaration_result CHECK ((status = 'derived') = (declaration_id IS NOT NULL)
        AND (status = 'refused') = (reason IS NOT NULL))
);
CREATE INDEX derived_declaration_pending ON derived_declaration (claimed_at) WHERE status = 'pending';
CREATE INDEX derived_declaration_lead_provider ON derived_declaration (lead_provider_id, declaration_type);
