-- Lead providers' names by id (section b LeadProvider): the DfE v3 API shows lead_provider_name on declarations.
-- Imported by admins (PUT /api/v1/reference/lead-providers), published as LeadProviderDefined.
CREATE TABLE lead_provider (
    id          uuid          PRIMARY KEY,
    name        varchar(200)  NOT NULL CHECK (length(trim(name)) > 0),
    updated_at  timestamptz   NOT NULL
);
