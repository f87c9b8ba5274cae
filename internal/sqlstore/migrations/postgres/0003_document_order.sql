-- Documents list in the order they were inserted (SQLite uses its rowid for the same).
ALTER TABLE documents ADD COLUMN seq BIGSERIAL;
CREATE INDEX documents_seq ON documents(project_id, type, seq);
