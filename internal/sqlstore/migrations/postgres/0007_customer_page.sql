-- A customer's own carts and orders outside any company (/me without a bound unit) filter on the
-- owner alone, which no index began with: PostgreSQL read the whole documents table for them.
CREATE INDEX documents_customer_page ON documents(project_id, type, owner, created_at, seq) INCLUDE (state) WHERE owner IS NOT NULL;
