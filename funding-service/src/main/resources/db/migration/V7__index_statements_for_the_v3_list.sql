-- GET /api/v3/statements: a lead provider's output-fee statements in payment_date order (then id, so pages
-- are stable). This index answers the query in that order, so a page is read without sorting the provider's
-- statements; a cohort or updated_since filter is checked on the rows it reads.
CREATE INDEX statement_v3_list ON statement (lead_provider_id, payment_date, id) WHERE output_fee;
