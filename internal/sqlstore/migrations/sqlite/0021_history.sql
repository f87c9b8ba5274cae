-- The change history (decision 0039): one row per resource a write transaction changed, written
-- in that transaction. seq orders the rows written at the same millisecond; each index ends in
-- (at, seq) so that a page of one resource, actor, company or time range is read in order; a
-- unit's records are its company's narrowed to its units, a type's a time range's narrowed to it
-- (fewer indexes: every write pays for each).
CREATE TABLE history (
    seq           INTEGER PRIMARY KEY,
    project_id    TEXT NOT NULL,
    id            TEXT NOT NULL,
    at            INTEGER NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id   TEXT NOT NULL,
    actor         TEXT NOT NULL,
    unit          TEXT NOT NULL,
    company       TEXT NOT NULL,
    data          TEXT NOT NULL
);
CREATE INDEX history_at ON history(project_id, at, seq);
CREATE INDEX history_resource ON history(project_id, resource_id, at, seq);
CREATE INDEX history_actor ON history(project_id, actor, at, seq);
CREATE INDEX history_company ON history(project_id, company, at, seq);
