-- GET /api/v1/reference/establishments?filter[name]=...: a case-insensitive "contains" search (the registration
-- wizard's institution search: "mary" finds "St Mary's C of E Primary"), served by a trigram GIN index on lower(name).
-- pg_trgm is installed by the database's superuser in schema "extensions", usable by every role (the test
-- infrastructure and deploy/local/up.sh do it; a managed PostgreSQL allows it the same way).
CREATE INDEX establishment_name_trgm ON establishment USING gin (lower(name) extensions.gin_trgm_ops);
