-- Each value of a product again under each of its categories (decision 0057): a search of one
-- category (or a category's subtree) reads the values it counts, sums and sorts by as adjacent
-- entries of one index, instead of looking each of the category's products up in
-- document_values. The store writes a document's category rows with its values
-- (category_values.go). Deleting any of a document's values drops all of its category rows, by
-- a trigger: a document's values are only ever replaced whole, and so a node of the release
-- before (decision 0045), which writes no category rows, leaves none stale; the rows it did not
-- write are made when the store opens next (mendCategoryValues). Inserting values fires no
-- trigger: in SQLite an INSERT into a table with one makes each statement keep a journal of its
-- own, which inside the savepoint of a write of many products costs time in the size of the
-- write.
CREATE TABLE category_values (
    project_id TEXT NOT NULL,
    type TEXT NOT NULL,
    category TEXT NOT NULL,
    id TEXT NOT NULL,
    field TEXT NOT NULL,
    text TEXT NOT NULL,
    num REAL
);
-- A category's values of one field, side by side, by value.
CREATE INDEX category_values_by_field ON category_values (project_id, type, category, field, text, num, id);
-- A document's rows are dropped by document.
CREATE INDEX category_values_of ON category_values (project_id, type, id);

-- The highest rowid of document_values when the store last wrote the category rows of every
-- value (0: not known, so the store mends them when it opens): values it did not write, or
-- deleted without it, make the two differ. One row, updated by its rowid, and no constraint: a
-- statement that could change several rows and fail midway keeps a statement journal too (and
-- so would the DELETE whose trigger updates it).
CREATE TABLE category_values_state (id INTEGER PRIMARY KEY, values_seen INTEGER);
INSERT INTO category_values_state (id, values_seen) VALUES (1, 0);

CREATE TRIGGER category_values_removed AFTER DELETE ON document_values BEGIN
    DELETE FROM category_values WHERE project_id = OLD.project_id AND type = OLD.type AND id = OLD.id;
    UPDATE category_values_state SET values_seen = 0 WHERE id = 1;
END;

-- The statements name the indexes they read: without the planner's statistics (a database that
-- never ran ANALYZE), SQLite could read a document's values through the index by field, which
-- covers them, by project and type alone.
INSERT INTO category_values (project_id, type, category, id, field, text, num)
    SELECT c.project_id, c.type, c.text, v.id, v.field, v.text, v.num
    FROM (SELECT DISTINCT project_id, type, id, text FROM document_values WHERE field = 'categories') c
    JOIN document_values v INDEXED BY document_values_of ON v.project_id = c.project_id AND v.type = c.type AND v.id = c.id;
UPDATE category_values_state SET values_seen = (SELECT coalesce(max(rowid), 0) FROM document_values) WHERE id = 1;
