-- lastModifiedAt and totalPrice.centAmount become columns, so that where= and sort= on them run
-- in the database (decision 0013). modified_at compares by its bytes (collation "C"), as the
-- query language does. Existing rows take them from their JSON: every row gets a new version,
-- which on a large database takes minutes and leaves the old versions for VACUUM.
ALTER TABLE documents ADD COLUMN modified_at TEXT COLLATE "C";
ALTER TABLE documents ADD COLUMN amount BIGINT;
UPDATE documents SET modified_at = data::json ->> 'lastModifiedAt',
    amount = CASE WHEN type IN ('order', 'cart', 'quote-request', 'quote') THEN (data::json #>> '{totalPrice,centAmount}')::bigint END;
-- A company's or a unit's orders in a state above an amount, newest first: the page indexes hold
-- the state and the amount as key columns after the page's order, where the scan tests them on
-- the index entries (a column an index only INCLUDEs is tested on the table's row, read first).
DROP INDEX documents_group_page;
CREATE INDEX documents_group_page ON documents(project_id, type, grp, created_at, seq, parent, state, amount) INCLUDE (owner) WHERE grp IS NOT NULL;
DROP INDEX documents_parent_page;
CREATE INDEX documents_parent_page ON documents(project_id, type, parent, created_at, seq, state, amount) INCLUDE (owner) WHERE parent IS NOT NULL;
DROP INDEX documents_owner_page;
CREATE INDEX documents_owner_page ON documents(project_id, type, parent, owner, created_at, seq, state, amount) INCLUDE (grp) WHERE parent IS NOT NULL;
-- The seller's orders (carts, quotes…) in a state across the project, newest first, and their
-- count; and the documents changed since a time, or in the order they changed.
CREATE INDEX documents_state_page ON documents(project_id, type, state, created_at, seq, amount) WHERE state IS NOT NULL;
CREATE INDEX documents_modified ON documents(project_id, type, modified_at, created_at, seq);
-- The planner's statistics of the new columns.
ANALYZE documents;
