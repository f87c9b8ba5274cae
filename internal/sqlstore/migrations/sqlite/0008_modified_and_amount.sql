-- lastModifiedAt and totalPrice.centAmount become columns, so that where= and sort= on them run
-- in the database (decision 0013). Existing rows take them from their JSON: every row is
-- rewritten, which on a large database takes minutes and leaves a WAL as large as the table
-- until the next checkpoint.
ALTER TABLE documents ADD COLUMN modified_at TEXT;
ALTER TABLE documents ADD COLUMN amount INTEGER;
UPDATE documents SET modified_at = json_extract(data, '$.lastModifiedAt'),
    amount = CASE WHEN type IN ('order', 'cart', 'quote-request', 'quote') THEN json_extract(data, '$.totalPrice.centAmount') END;
-- A company's or a unit's orders above an amount, newest first: the page indexes hold the amount
-- too, so the amount is tested in the index as the scan goes in created_at order.
DROP INDEX documents_group_page;
CREATE INDEX documents_group_page ON documents(project_id, type, grp, created_at, parent, owner, state, amount) WHERE grp IS NOT NULL;
DROP INDEX documents_parent_page;
CREATE INDEX documents_parent_page ON documents(project_id, type, parent, created_at, owner, state, grp, amount) WHERE parent IS NOT NULL;
-- The seller's orders (carts, quotes…) in a state across the project, newest first, and their
-- count; and the documents changed since a time, or in the order they changed.
CREATE INDEX documents_state_page ON documents(project_id, type, state, created_at, amount) WHERE state IS NOT NULL;
CREATE INDEX documents_modified ON documents(project_id, type, modified_at, created_at);
-- The planner's statistics of the rebuilt and new indexes (none on an empty table): without them
-- it takes every index for equally narrow.
ANALYZE documents;
