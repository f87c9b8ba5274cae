-- The indexes for the columns 0008 added (decision 0013), in a migration of their own: built
-- after the backfill has committed, they leave out the row versions it replaced (built in the
-- same transaction, they held those too, and were twice the size).
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
