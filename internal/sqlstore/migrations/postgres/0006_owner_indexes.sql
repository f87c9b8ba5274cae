-- A buyer's company orders (their own in each unit): an index that seeks unit and owner and keeps
-- the page's order, instead of sorting every order of the unit (a million orders: 0.3 ms instead
-- of 3.7 ms for the page query). The index on the parent alone is covered by the page indexes.
CREATE INDEX documents_owner_page ON documents(project_id, type, parent, owner, created_at, seq) INCLUDE (state, grp) WHERE parent IS NOT NULL;
DROP INDEX documents_parent;
