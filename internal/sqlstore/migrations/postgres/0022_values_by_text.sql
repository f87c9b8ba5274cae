-- Searches of exact conditions alone (a category page, a SKU) find their matches by their
-- values (decision 0041): a field's documents with a value, side by side in id order. Only
-- PostgreSQL reads them so; SQLite's full-text index answers such searches as quickly.
CREATE INDEX document_values_by_text ON document_values (project_id, type, field, text, id);
