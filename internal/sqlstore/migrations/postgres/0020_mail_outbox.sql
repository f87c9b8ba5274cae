-- The mail outbox: notifications written in the transaction of the change they tell of, and sent
-- by each node's sender, which claims due rows (decision 0038). dedup keeps a job that several
-- nodes run (quotes about to expire) from adding its mail twice.
CREATE TABLE mail_outbox (
    id         TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id),
    kind       TEXT NOT NULL,
    dedup      TEXT,
    recipient  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    text_body  TEXT NOT NULL,
    html_body  TEXT NOT NULL,
    status     TEXT NOT NULL,
    attempts   BIGINT NOT NULL,
    next_at    BIGINT NOT NULL,
    last_error TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX mail_outbox_dedup ON mail_outbox(project_id, dedup);
CREATE INDEX mail_outbox_due ON mail_outbox(next_at) WHERE status IN ('pending', 'sending');
CREATE INDEX mail_outbox_project ON mail_outbox(project_id, created_at);
