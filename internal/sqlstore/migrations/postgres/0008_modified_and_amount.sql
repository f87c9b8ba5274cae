-- lastModifiedAt and totalPrice.centAmount become columns, so that where= and sort= on them run
-- in the database (decision 0013); 0009 indexes them. modified_at compares by its bytes
-- (collation "C"), as the query language does. Existing rows take them from their JSON: every
-- row gets a new version, which on a large database takes minutes and leaves the old versions
-- for VACUUM.
ALTER TABLE documents ADD COLUMN modified_at TEXT COLLATE "C";
ALTER TABLE documents ADD COLUMN amount BIGINT;
UPDATE documents SET modified_at = data::json ->> 'lastModifiedAt',
    amount = CASE WHEN type IN ('order', 'cart', 'quote-request', 'quote') THEN (data::json #>> '{totalPrice,centAmount}')::bigint END;
