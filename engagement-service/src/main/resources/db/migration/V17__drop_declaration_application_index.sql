-- Issue 16: every declaration INSERT maintained declaration_application (application_id, declaration_type) over every row, yet
-- each query that looks declarations up by application asks only for billable ones (state IN submitted, eligible, payable, paid:
-- the POST's checks "billable" and "duplicate_of", the import's billable lookup), which is exactly the predicate of the partial
-- unique index declaration_one_billable on the same columns. That index serves them (IndexUseTest: no sequential scan, and the
-- checks' plan names declaration_one_billable), so the second index is only a cost: one entry per declaration, voided ones too.
DROP INDEX declaration_application;
