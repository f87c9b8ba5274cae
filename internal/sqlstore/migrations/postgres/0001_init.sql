CREATE TABLE projects (
    id      TEXT PRIMARY KEY,
    key     TEXT NOT NULL UNIQUE,
    version BIGINT NOT NULL,
    data    TEXT NOT NULL
);

CREATE TABLE api_clients (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES projects(id),
    secret_hash TEXT NOT NULL,
    scope       TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE access_tokens (
    hash        TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES projects(id),
    client_id   TEXT NOT NULL,
    scope       TEXT NOT NULL,
    customer_id TEXT,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX access_tokens_expires_at ON access_tokens(expires_at);

CREATE TABLE documents (
    project_id TEXT NOT NULL REFERENCES projects(id),
    type       TEXT NOT NULL,
    id         TEXT NOT NULL,
    key        TEXT,
    uniq       TEXT,
    parent     TEXT,
    version    BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    data       TEXT NOT NULL,
    PRIMARY KEY (project_id, type, id)
);
CREATE UNIQUE INDEX documents_key ON documents(project_id, type, key);
CREATE UNIQUE INDEX documents_uniq ON documents(project_id, type, uniq);
CREATE INDEX documents_parent ON documents(project_id, type, parent);
CREATE INDEX documents_created ON documents(project_id, type, created_at, id);

CREATE TABLE document_refs (
    project_id TEXT NOT NULL,
    from_type  TEXT NOT NULL,
    from_id    TEXT NOT NULL,
    to_type    TEXT NOT NULL,
    to_ref     TEXT NOT NULL,
    PRIMARY KEY (project_id, from_type, from_id, to_type, to_ref)
);
CREATE INDEX document_refs_to ON document_refs(project_id, to_type, to_ref);
