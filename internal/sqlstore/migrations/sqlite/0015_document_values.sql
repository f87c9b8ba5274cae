-- Values that product searches filter by range, sort by and count in facets (decision 0022):
-- per document, each value of a field as text, and as a number when it is one (numbers, money
-- amounts, dates and times). A document's rows are replaced with its searchable texts.
CREATE TABLE document_values (
    project_id TEXT NOT NULL,
    type TEXT NOT NULL,
    id TEXT NOT NULL,
    field TEXT NOT NULL,
    text TEXT NOT NULL,
    num REAL
);
-- Searches read one field's values of the products they matched: by field first, so that a
-- field's values sit together (a facet over a category reads a few pages, not one per product).
CREATE INDEX document_values_by_field ON document_values (project_id, type, field, id, num, text);
-- A document's values are replaced by document.
CREATE INDEX document_values_of ON document_values (project_id, type, id);
