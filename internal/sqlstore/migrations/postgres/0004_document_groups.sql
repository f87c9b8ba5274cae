-- Carts, orders and quotes are listed by company, unit, owner and state, newest first: the
-- columns and indexes for that (the company orders of an associate).
ALTER TABLE documents ADD COLUMN owner TEXT;
ALTER TABLE documents ADD COLUMN grp TEXT;
ALTER TABLE documents ADD COLUMN state TEXT;
CREATE INDEX documents_group_created ON documents(project_id, type, grp, created_at);
CREATE INDEX documents_parent_created ON documents(project_id, type, parent, created_at);
