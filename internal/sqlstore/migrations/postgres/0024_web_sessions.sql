-- The web pages' sessions (decision 0049): a signed-in customer's browser holds the session's
-- random id in a cookie; the table holds its hash, the public id the security page lists it by,
-- the unit the customer acts for, and when it was last used (idle expiry) and ends (absolute).
CREATE TABLE web_sessions (
    hash          TEXT PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    project_id    TEXT NOT NULL REFERENCES projects(id),
    customer_id   TEXT NOT NULL,
    business_unit TEXT,
    user_agent    TEXT NOT NULL,
    address       TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL
);
CREATE INDEX web_sessions_customer ON web_sessions(project_id, customer_id);
CREATE INDEX web_sessions_expires_at ON web_sessions(expires_at);
