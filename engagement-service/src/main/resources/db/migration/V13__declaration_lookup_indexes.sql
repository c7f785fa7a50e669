-- The lookups every declaration POST makes, each reached through an index rather than a scan of all declarations
-- (IndexUseTest explains the SQL of the request path against thousands of rows and fails on a sequential scan):
-- the identical-request check (DeclarationService.identical: lead provider and the SHA-256 of the request's bytes; derived
-- declarations have no digest, so they are left out of the index) ...
CREATE INDEX declaration_request ON declaration (lead_provider_id, request_digest) WHERE request_digest IS NOT NULL;
-- ... and the billable declaration of an application's milestone (DeclarationService.billable, with the state as a parameter,
-- so the partial unique index declaration_one_billable cannot serve it) and another record's declaration of the milestone
-- (duplicateElsewhere: the enrolments with the TRN, then their declarations by application).
CREATE INDEX declaration_application ON declaration (application_id, declaration_type);
