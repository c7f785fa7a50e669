-- funding-service's lead providers (LeadProviderDefined): the name a declaration shows as lead_provider_name.
CREATE TABLE lead_provider (
    id          uuid          PRIMARY KEY,
    name        varchar(200)  NOT NULL,
    updated_at  timestamptz   NOT NULL
);
