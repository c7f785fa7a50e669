-- Statement items (c3, c4): what puts a declaration on a lead provider's payment statement. A declaration
-- has at most two: its billing item (eligible, payable, paid, or voided/ineligible) and, after a paid
-- declaration is voided, its refund item (awaiting_clawback, clawed_back). UNIQUE (declaration_id, kind) is
-- the database's word that a declaration is never billable on two statements nor refunded twice.
CREATE TABLE statement_item (
    id              uuid         PRIMARY KEY,
    declaration_id  uuid         NOT NULL REFERENCES declaration (id),
    statement_id    uuid         NOT NULL REFERENCES statement (id),
    kind            varchar(10)  NOT NULL,
    state           varchar(20)  NOT NULL,
    created_at      timestamptz  NOT NULL,
    updated_at      timestamptz  NOT NULL,
    CONSTRAINT statement_item_one_per_kind UNIQUE (declaration_id, kind),
    CONSTRAINT statement_item_kind_state CHECK (
        (kind = 'billing' AND state IN ('eligible', 'payable', 'paid', 'voided', 'ineligible'))
        OR (kind = 'refund' AND state IN ('awaiting_clawback', 'clawed_back')))
);
-- The statement moves (open -> payable -> paid) select a statement's items by state.
CREATE INDEX statement_item_statement ON statement_item (statement_id, kind, state);

-- The statement copy learns when finance authorised payment.
ALTER TABLE statement ADD COLUMN marked_as_paid_at timestamptz;
