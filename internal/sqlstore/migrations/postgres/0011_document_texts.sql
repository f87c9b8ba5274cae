-- Full-text search (the product search, decision 0018): each document's words per language, in
-- a tsvector with a GIN index. The words come normalized ('simple' keeps them as they are).
CREATE TABLE document_texts (
    project_id TEXT NOT NULL,
    type TEXT NOT NULL,
    id TEXT NOT NULL,
    lang TEXT NOT NULL,
    body TEXT NOT NULL,
    words tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED,
    PRIMARY KEY (project_id, type, id, lang)
);
CREATE INDEX document_texts_words ON document_texts USING GIN (words);
