-- Messages (decision 0036): one row per message, beside the documents. A message is numbered per
-- resource (unique), so that "the messages of resource X since sequence N" is one index range;
-- seq orders them as they were inserted.
CREATE TABLE messages (
    project_id      TEXT NOT NULL REFERENCES projects(id),
    id              TEXT NOT NULL,
    resource_type   TEXT NOT NULL,
    resource_id     TEXT NOT NULL,
    sequence_number BIGINT NOT NULL,
    type            TEXT NOT NULL,
    created_at      TEXT COLLATE "C" NOT NULL,
    data            TEXT NOT NULL,
    seq             BIGSERIAL,
    PRIMARY KEY (project_id, id)
);
CREATE UNIQUE INDEX messages_resource ON messages(project_id, resource_id, sequence_number);
CREATE INDEX messages_created ON messages(project_id, created_at, seq);
CREATE INDEX messages_type ON messages(project_id, type, created_at);
