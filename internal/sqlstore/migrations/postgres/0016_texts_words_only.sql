-- The texts' rows hold their words only: the tsvector, no longer beside the text it was made
-- from, which nothing read (decision 0029). A row that grows past the database's TOAST
-- threshold has its words moved out of line down to the smallest target, rather than the
-- default's 2 KB.
CREATE TABLE document_texts_new (
    project_id TEXT NOT NULL,
    type TEXT NOT NULL,
    id TEXT NOT NULL,
    lang TEXT NOT NULL,
    words tsvector NOT NULL,
    CONSTRAINT document_texts_new_pkey PRIMARY KEY (project_id, type, id, lang)
) WITH (toast_tuple_target = 128);
INSERT INTO document_texts_new (project_id, type, id, lang, words)
    SELECT project_id, type, id, lang, words FROM document_texts;
DROP TABLE document_texts;
ALTER TABLE document_texts_new RENAME TO document_texts;
ALTER INDEX document_texts_new_pkey RENAME TO document_texts_pkey;
CREATE INDEX document_texts_words ON document_texts USING GIN (words);
