-- The company-orders page and its count read only the index, which holds the unit, the owner
-- and the state, in the page's order (created_at, seq). The indexes are partial, so that the
-- planner never takes them for a look-up by id. PostgreSQL also learns that a unit determines
-- its company, which it otherwise takes for independent and misplans.
DROP INDEX documents_group_created;
CREATE INDEX documents_group_page ON documents(project_id, type, grp, created_at, seq) INCLUDE (parent, owner, state) WHERE grp IS NOT NULL;
DROP INDEX documents_parent_created;
CREATE INDEX documents_parent_page ON documents(project_id, type, parent, created_at, seq) INCLUDE (owner, state) WHERE parent IS NOT NULL;
CREATE STATISTICS documents_grp_parent (dependencies) ON grp, parent FROM documents;
