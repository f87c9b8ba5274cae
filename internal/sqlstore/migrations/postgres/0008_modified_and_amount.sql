-- lastModifiedAt and totalPrice.centAmount become columns, so that where= and sort= on them run
-- in the database (decision 0013). modified_at compares by its bytes (collation "C"), as the
-- query language does. Existing rows take them from their JSON: every row gets a new version,
-- which on a large database takes minutes and leaves the old versions for VACUUM.
ALTER TABLE documents ADD COLUMN modified_at TEXT COLLATE "C";
ALTER TABLE documents ADD COLUMN amount BIGINT;
UPDATE documents SET modified_at = data::json ->> 'lastModifiedAt',
    amount = CASE WHEN type IN ('order', 'cart', 'quote-request', 'quote') THEN (data::json #>> '{totalPrice,centAmount}')::bigint END;
-- A company's or a unit's orders above an amount, newest first: the page indexes hold the amount
-- too, so the amount is tested in the index as the scan goes in created_at order.
DROP INDEX documents_group_page;
CREATE INDEX documents_group_page ON documents(project_id, type, grp, created_at, seq) INCLUDE (parent, owner, state, amount) WHERE grp IS NOT NULL;
DROP INDEX documents_parent_page;
CREATE INDEX documents_parent_page ON documents(project_id, type, parent, created_at, seq) INCLUDE (owner, state, amount) WHERE parent IS NOT NULL;
DROP INDEX documents_owner_page;
CREATE INDEX documents_owner_page ON documents(project_id, type, parent, owner, created_at, seq) INCLUDE (state, grp, amount) WHERE parent IS NOT NULL;
-- The seller's orders (carts, quotes…) in a state across the project, newest first, and their
-- count; and the documents changed since a time, or in the order they changed.
CREATE INDEX documents_state_page ON documents(project_id, type, state, created_at, seq) INCLUDE (amount) WHERE state IS NOT NULL;
CREATE INDEX documents_modified ON documents(project_id, type, modified_at, created_at, seq);
-- The planner's statistics of the new columns.
ANALYZE documents;
