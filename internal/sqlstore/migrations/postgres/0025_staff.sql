-- The seller's staff (decision 0053): people of the seller who sign in to the dashboard, apart
-- from customers and API clients. A member works in one project (project_key) or in every
-- project (NULL); their role names the scopes the dashboard's caller holds. Their sessions are
-- kept as the portal's are: the hash of the browser's random id, never the id itself.
CREATE TABLE staff (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    project_key   TEXT,
    created_at    BIGINT NOT NULL
);
CREATE TABLE staff_sessions (
    hash         TEXT PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    staff_id     TEXT NOT NULL REFERENCES staff(id),
    user_agent   TEXT NOT NULL,
    address      TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX staff_sessions_staff ON staff_sessions(staff_id);
CREATE INDEX staff_sessions_expires_at ON staff_sessions(expires_at);
