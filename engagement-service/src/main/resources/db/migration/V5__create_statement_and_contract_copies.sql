-- Copies of funding-service's statements and contracts (StatementDefined / ContractDefined on
-- funding.reference.v1), read by the declaration rules: the lead provider needs a contract for the cohort
-- and course (f5 rule 7), and a declaration that would be paid, or a clawback, needs an open output-fee
-- statement whose deadline has not passed (f5 rule 8, c3).
CREATE TABLE statement (
    id                 uuid         PRIMARY KEY,
    lead_provider_id   uuid         NOT NULL,
    cohort             varchar(5)   NOT NULL,
    year               integer      NOT NULL,
    month              integer      NOT NULL,
    deadline_date      date         NOT NULL,
    payment_date       date         NOT NULL,
    output_fee         boolean      NOT NULL,
    state              varchar(10)  NOT NULL,
    updated_at         timestamptz  NOT NULL
);
CREATE INDEX statement_next_output_fee ON statement (lead_provider_id, cohort, deadline_date) WHERE output_fee AND state = 'open';

CREATE TABLE contract (
    lead_provider_id   uuid         NOT NULL,
    cohort             varchar(5)   NOT NULL,
    course_identifier  varchar(60)  NOT NULL,
    updated_at         timestamptz  NOT NULL,
    PRIMARY KEY (lead_provider_id, cohort, course_identifier)
);
