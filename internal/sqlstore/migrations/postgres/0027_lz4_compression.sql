-- Decision 0069: the JSON a row holds (a document, a history record, a message, a delivery's
-- payload) is compressed with LZ4 rather than PostgreSQL's own pglz where the server has LZ4
-- (PostgreSQL 14 and later, built with it), which costs a fraction of the CPU for the same kind
-- of text. Only values written from now on; the ones stored stay as they are, and both read
-- alike. Without LZ4 nothing changes. The statements are run by EXECUTE, so that PostgreSQL 13,
-- whose grammar has no SET COMPRESSION, does not refuse the block before its check. Each takes
-- its table's exclusive lock for a moment; a migration that waited 10 s for it behind a long
-- query fails, and the node that ran it retries at its next start, rather than holding every
-- request to those tables up.
SET LOCAL lock_timeout = '10s';
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        EXECUTE 'ALTER TABLE documents ALTER COLUMN data SET COMPRESSION lz4';
        EXECUTE 'ALTER TABLE history ALTER COLUMN data SET COMPRESSION lz4';
        EXECUTE 'ALTER TABLE messages ALTER COLUMN data SET COMPRESSION lz4';
        EXECUTE 'ALTER TABLE deliveries ALTER COLUMN payload SET COMPRESSION lz4';
    END IF;
END
$$;
