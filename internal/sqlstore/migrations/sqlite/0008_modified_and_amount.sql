-- lastModifiedAt and totalPrice.centAmount become columns, so that where= and sort= on them run
-- in the database (decision 0013); 0009 indexes them. Existing rows take them from their JSON:
-- every row is rewritten, which on a large database takes minutes and leaves a WAL as large as
-- the table until the next checkpoint.
ALTER TABLE documents ADD COLUMN modified_at TEXT;
ALTER TABLE documents ADD COLUMN amount INTEGER;
UPDATE documents SET modified_at = json_extract(data, '$.lastModifiedAt'),
    amount = CASE WHEN type IN ('order', 'cart', 'quote-request', 'quote') THEN json_extract(data, '$.totalPrice.centAmount') END;
