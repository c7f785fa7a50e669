-- Payments (c3, c4, i1). engagement-service owns declarations and their statement items; funding keeps a copy
-- of each declaration's item facts (DeclarationStateChanged: state, the statements of its billing and refund
-- items, course, type, participant) to do the statement arithmetic, authorise payment and report.
ALTER TABLE declaration_state
    ADD COLUMN participant_id         uuid,
    ADD COLUMN lead_provider_id       uuid,
    ADD COLUMN course_identifier      varchar(100),
    ADD COLUMN cohort                 varchar(5),
    ADD COLUMN declaration_type       varchar(20),
    ADD COLUMN declaration_date       timestamptz,
    ADD COLUMN schedule_identifier    varchar(50),
    ADD COLUMN delivery_partner_id    uuid,
    ADD COLUMN statement_id           uuid,
    ADD COLUMN clawback_statement_id  uuid,
    ADD COLUMN created_at             timestamptz;
CREATE INDEX declaration_state_statement ON declaration_state (statement_id) WHERE statement_id IS NOT NULL;
CREATE INDEX declaration_state_clawback_statement ON declaration_state (clawback_statement_id) WHERE clawback_statement_id IS NOT NULL;

-- Whether the TRN registration sent was verified by the Teacher Record System (the assurance report shows only those).
ALTER TABLE application_funding ADD COLUMN trn_verified boolean NOT NULL DEFAULT false;

-- Finance authorises a payable statement for payment (c4); reconcile_amount is a manual money line (i1).
ALTER TABLE statement
    ADD COLUMN marked_as_paid_at  timestamptz,
    ADD COLUMN reconcile_amount   numeric(12, 2) NOT NULL DEFAULT 0;
-- The nightly move picks open statements whose deadline has passed.
CREATE INDEX statement_open_by_deadline ON statement (deadline_date) WHERE state = 'open';

-- Adjustments: finance's extra money lines on a statement (non-zero, 2 dp, may be negative); none once it is paid.
CREATE TABLE adjustment (
    id            uuid           PRIMARY KEY,
    statement_id  uuid           NOT NULL REFERENCES statement (id),
    description   varchar(500)   NOT NULL CHECK (length(trim(description)) > 0),
    amount        numeric(12, 2) NOT NULL CHECK (amount <> 0),
    created_at    timestamptz    NOT NULL,
    updated_at    timestamptz    NOT NULL
);
CREATE INDEX adjustment_statement ON adjustment (statement_id, created_at);

-- Contract templates (section b, docs/npq_contracts.md): immutable money terms. A statement's contract for a
-- course is its statement_contract's template when it has one, else the provider's live contract. A statement
-- that becomes payable has its contracts copied here, so nothing that changes later touches it; a change of
-- per_participant from a statement on gives the open statements from there a new template.
CREATE TABLE contract_template (
    id                                          uuid           PRIMARY KEY,
    recruitment_target                          integer        NOT NULL CHECK (recruitment_target > 0),
    per_participant                             numeric(10, 2) NOT NULL CHECK (per_participant > 0),
    output_payment_percentage                   integer        NOT NULL CHECK (output_payment_percentage BETWEEN 0 AND 100),
    number_of_payment_periods                   integer        CHECK (number_of_payment_periods > 0),
    service_fee_percentage                      integer        NOT NULL CHECK (service_fee_percentage BETWEEN 0 AND 100),
    service_fee_installments                    integer        NOT NULL CHECK (service_fee_installments > 0),
    monthly_service_fee                         numeric(10, 2),
    targeted_delivery_funding_per_participant   numeric(10, 2) NOT NULL,
    special_course                              boolean        NOT NULL,
    created_at                                  timestamptz    NOT NULL
);
CREATE TABLE statement_contract (
    statement_id          uuid         NOT NULL REFERENCES statement (id),
    course_identifier     varchar(60)  NOT NULL,
    contract_template_id  uuid         NOT NULL REFERENCES contract_template (id),
    PRIMARY KEY (statement_id, course_identifier)
);

-- A statement's contract terms for each course it has a contract for: its own template once it has one, else the
-- provider's live contract for the cohort.
CREATE VIEW statement_terms AS
SELECT s.id AS statement_id, c.course_identifier, sc.contract_template_id,
       coalesce(t.recruitment_target, c.recruitment_target) AS recruitment_target,
       coalesce(t.per_participant, c.per_participant) AS per_participant,
       CASE WHEN t.id IS NULL THEN c.output_payment_percentage ELSE t.output_payment_percentage END AS output_payment_percentage,
       CASE WHEN t.id IS NULL THEN c.number_of_payment_periods ELSE t.number_of_payment_periods END AS number_of_payment_periods,
       CASE WHEN t.id IS NULL THEN c.service_fee_percentage ELSE t.service_fee_percentage END AS service_fee_percentage,
       CASE WHEN t.id IS NULL THEN c.service_fee_installments ELSE t.service_fee_installments END AS service_fee_installments,
       CASE WHEN t.id IS NULL THEN c.monthly_service_fee ELSE t.monthly_service_fee END AS monthly_service_fee,
       CASE WHEN t.id IS NULL THEN c.targeted_delivery_funding_per_participant
            ELSE t.targeted_delivery_funding_per_participant END AS targeted_delivery_funding_per_participant,
       CASE WHEN t.id IS NULL THEN c.special_course ELSE t.special_course END AS special_course
FROM statement s
JOIN contract c ON c.lead_provider_id = s.lead_provider_id AND c.cohort = s.cohort
LEFT JOIN statement_contract sc ON sc.statement_id = s.id AND sc.course_identifier = c.course_identifier
LEFT JOIN contract_template t ON t.id = sc.contract_template_id;

-- Contracts imported without number_of_payment_periods get the DfE bulk upload's value for the course group
-- (leadership 4, specialist 3, support and EHCO 4): the output payment is divided by it.
UPDATE contract SET number_of_payment_periods = CASE
        WHEN course_identifier IN ('npq-leading-behaviour-culture', 'npq-leading-literacy', 'npq-leading-primary-mathematics',
                                   'npq-leading-teaching', 'npq-leading-teaching-development') THEN 3
        ELSE 4 END
    WHERE number_of_payment_periods IS NULL;

-- Statements already payable or paid keep the contracts they have now, whatever changes later.
WITH src AS MATERIALIZED (
    SELECT gen_random_uuid() AS template_id, st.* FROM statement_terms st JOIN statement s ON s.id = st.statement_id
    WHERE s.state IN ('payable', 'paid') AND st.contract_template_id IS NULL),
templates AS (
    INSERT INTO contract_template (id, recruitment_target, per_participant, output_payment_percentage, number_of_payment_periods,
        service_fee_percentage, service_fee_installments, monthly_service_fee, targeted_delivery_funding_per_participant, special_course,
        created_at)
    SELECT template_id, recruitment_target, per_participant, output_payment_percentage, number_of_payment_periods, service_fee_percentage,
        service_fee_installments, monthly_service_fee, targeted_delivery_funding_per_participant, special_course, now() FROM src)
INSERT INTO statement_contract (statement_id, course_identifier, contract_template_id)
SELECT statement_id, course_identifier, template_id FROM src;
