-- The indexes for the columns 0008 added (decision 0013), in a migration of their own: built
-- after the backfill has committed.
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
