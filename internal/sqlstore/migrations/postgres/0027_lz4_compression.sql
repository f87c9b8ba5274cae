-- Decision 0069: the JSON a row holds (a document, a history record, a message, a delivery's
-- payload) is compressed with LZ4 rather than PostgreSQL's own pglz where the server has LZ4
-- (PostgreSQL 14 and later, built with it), which costs a fraction of the CPU for the same kind
-- of text. Only values written from now on; the ones stored stay as they are, and both read
-- alike. Without LZ4 nothing changes.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        ALTER TABLE documents ALTER COLUMN data SET COMPRESSION lz4;
        ALTER TABLE history ALTER COLUMN data SET COMPRESSION lz4;
        ALTER TABLE messages ALTER COLUMN data SET COMPRESSION lz4;
        ALTER TABLE deliveries ALTER COLUMN payload SET COMPRESSION lz4;
    END IF;
END
$$;
