-- Customer tokens: access tokens remember the refresh token they came from (their family) and
-- the business unit they are bound to; refresh tokens and failed sign-ins get tables of their own.
ALTER TABLE access_tokens ADD COLUMN business_unit TEXT;
ALTER TABLE access_tokens ADD COLUMN family TEXT;
CREATE INDEX access_tokens_customer ON access_tokens(project_id, customer_id);
CREATE INDEX access_tokens_family ON access_tokens(family);

CREATE TABLE refresh_tokens (
    hash          TEXT PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    project_id    TEXT NOT NULL REFERENCES projects(id),
    client_id     TEXT NOT NULL,
    customer_id   TEXT NOT NULL,
    scope         TEXT NOT NULL,
    business_unit TEXT,
    expires_at    INTEGER NOT NULL
);
CREATE INDEX refresh_tokens_customer ON refresh_tokens(project_id, customer_id);
CREATE INDEX refresh_tokens_expires_at ON refresh_tokens(expires_at);

CREATE TABLE login_attempts (
    key          TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start INTEGER NOT NULL,
    locked_until INTEGER NOT NULL
);
