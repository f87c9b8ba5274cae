-- Documents list in the order they were inserted: SQLite orders by rowid, which it already has
-- (PostgreSQL gets a sequence column of its own); the index serves that order.
CREATE INDEX documents_type_order ON documents(project_id, type);
