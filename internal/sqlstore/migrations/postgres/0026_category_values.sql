-- Each value of a product again under each of its categories (decision 0057): a search of one
-- category (or a category's subtree) reads the values it counts, sums and sorts by as adjacent
-- entries of one index, instead of looking each of the category's products up in
-- document_values. The database keeps the table by triggers on document_values, so that every
-- writer of values keeps it true, a node of the release before included (decision 0045). A
-- document's values are only ever replaced whole (deleted, then inserted), so deleting any of
-- them drops all of the document's category rows, and inserting them back writes them again.
CREATE TABLE category_values (
    project_id TEXT NOT NULL,
    type TEXT NOT NULL,
    category TEXT NOT NULL,
    id TEXT NOT NULL,
    field TEXT NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    num DOUBLE PRECISION
);
-- A category's values of one field, side by side, by value.
CREATE INDEX category_values_by_field ON category_values (project_id, type, category, field, text, num, id);
-- A document's rows are dropped by document.
CREATE INDEX category_values_of ON category_values (project_id, type, id);

-- Inserted values, by statement (a statement's rows seen together, however many it holds): a
-- new value under each category the document had before the statement, and every value of the
-- document (the new ones included) under each category the statement added.
CREATE FUNCTION category_values_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO category_values (project_id, type, category, id, field, text, num)
        SELECT a.project_id, a.type, c.text, a.id, a.field, a.text, a.num
        FROM added a JOIN document_values c
          ON c.project_id = a.project_id AND c.type = a.type AND c.id = a.id AND c.field = 'categories'
        WHERE NOT EXISTS (SELECT 1 FROM added n WHERE n.project_id = c.project_id AND n.type = c.type
                            AND n.id = c.id AND n.field = 'categories' AND n.text = c.text)
        UNION ALL
        SELECT v.project_id, v.type, n.text, v.id, v.field, v.text, v.num
        FROM (SELECT DISTINCT project_id, type, id, text FROM added WHERE field = 'categories') n
        JOIN document_values v ON v.project_id = n.project_id AND v.type = n.type AND v.id = n.id;
    RETURN NULL;
END $$;

CREATE TRIGGER category_values_added AFTER INSERT ON document_values
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION category_values_added();

CREATE FUNCTION category_values_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM category_values c USING (SELECT DISTINCT project_id, type, id FROM removed) r
        WHERE c.project_id = r.project_id AND c.type = r.type AND c.id = r.id;
    RETURN NULL;
END $$;

CREATE TRIGGER category_values_removed AFTER DELETE ON document_values
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION category_values_removed();

INSERT INTO category_values (project_id, type, category, id, field, text, num)
    SELECT c.project_id, c.type, c.text, v.id, v.field, v.text, v.num
    FROM (SELECT DISTINCT project_id, type, id, text FROM document_values WHERE field = 'categories') c
    JOIN document_values v ON v.project_id = c.project_id AND v.type = c.type AND v.id = c.id;
ANALYZE category_values;
