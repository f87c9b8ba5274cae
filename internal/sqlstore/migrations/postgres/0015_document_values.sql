-- Values that product searches filter by range, sort by and count in facets (decision 0022):
-- per document, each value of a field as text, and as a number when it is one (numbers, money
-- amounts, dates and times). A document's rows are replaced with its searchable texts.
CREATE TABLE document_values (
    project_id TEXT NOT NULL,
    type TEXT NOT NULL,
    id TEXT NOT NULL,
    field TEXT NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    num DOUBLE PRECISION
);
CREATE INDEX document_values_of ON document_values (project_id, type, id, field, num, text);
