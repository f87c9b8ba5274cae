-- The outbox of subscriptions (decision 0037): one row per delivery of a message or change to
-- a subscription, written in the transaction of the change. A worker claims the first pending
-- delivery of each subscription's resource once it is due, and records how the attempt ended.
-- Delivered rows are kept for a while, so that they can be delivered again.
CREATE TABLE deliveries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    subscription_id TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    resource_seq INTEGER NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    due_at INTEGER NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    done_at INTEGER
);
-- What is due, in order.
CREATE INDEX deliveries_due ON deliveries (state, due_at, seq);
-- The deliveries of one subscription's resource, in order: the head of each line, redelivery.
CREATE INDEX deliveries_line ON deliveries (subscription_id, resource_type, resource_id, state, seq);
