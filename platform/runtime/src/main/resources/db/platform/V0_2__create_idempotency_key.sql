-- Idempotency-Key: the first response to a (caller, key) is stored in the same transaction as the change it
-- made; a retry with the same key and the same request replays it. The primary key makes concurrent twins
-- wait for the first to commit, then replay (or, had it rolled back, run themselves).
CREATE TABLE idempotency_key (
    caller        varchar(200) NOT NULL,
    key           varchar(200) NOT NULL,
    request_hash  char(64)     NOT NULL,   -- sha-256 of method, path and body bytes
    status        integer      NOT NULL,
    response_body text,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (caller, key)
);
CREATE INDEX idempotency_key_created ON idempotency_key (created_at);
