-- Full-text search (the product search, decision 0018): each document's words per language in
-- an FTS5 index, whose rows document_texts names (so that a document's rows are replaced through
-- an index, not by scanning the full-text table).
CREATE TABLE document_texts (
    row INTEGER PRIMARY KEY,
    project_id TEXT NOT NULL,
    type TEXT NOT NULL,
    id TEXT NOT NULL,
    lang TEXT NOT NULL,
    UNIQUE (project_id, type, id, lang)
);
CREATE VIRTUAL TABLE document_words USING fts5(body, tokenize = 'unicode61 remove_diacritics 0');
