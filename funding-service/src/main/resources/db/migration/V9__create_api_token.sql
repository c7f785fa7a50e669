-- Lead providers' long-lived API tokens (issue 14, "access as the DfE gives it"). The secret is shown once, at issue or
-- rotation, and only its SHA-256 is kept (a 256-bit random secret needs no slow hash). A token is active until
-- revoked_at; a rotation may leave the old one a grace period by setting revoked_at in the future.
CREATE TABLE api_token (
    id                uuid          PRIMARY KEY,
    lead_provider_id  uuid          NOT NULL REFERENCES lead_provider (id),
    description       varchar(200)  NOT NULL CHECK (length(trim(description)) > 0),
    token_hash        bytea         NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    token_hint        varchar(12)   NOT NULL,           -- the secret's first characters, to tell tokens apart
    created_at        timestamptz   NOT NULL,
    created_by        varchar(200)  NOT NULL,
    revoked_at        timestamptz,
    revoked_by        varchar(200),
    replaced_by       uuid          REFERENCES api_token (id),
    last_used_at      timestamptz
);
-- the admin list, per provider, newest first
CREATE INDEX api_token_by_provider ON api_token (lead_provider_id, created_at DESC, id);

-- Bucket4j's state per token (the rate limit): one row per token, shared by every service and replica through the
-- introspection endpoint, updated under SELECT ... FOR UPDATE.
CREATE TABLE api_token_bucket (
    id     varchar(64)  PRIMARY KEY,
    state  bytea
);
