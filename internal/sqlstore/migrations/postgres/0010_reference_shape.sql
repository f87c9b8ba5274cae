-- Answers carry the list fields the commercetools reference always returns (decision 0016), and
-- documents are answered as stored, so documents stored before these fields existed get them:
-- customers their customer-group assignments, stores their channels and product selections,
-- quote requests and quotes their item shipping addresses, products their product-level
-- attributes, and every variant (of a product, or of a line item of a cart, order, quote
-- request or quote) its assets. All are empty: Procura has none of these yet. Only the rows
-- without the field are rewritten (as jsonb writes them: same content, its own key order).
UPDATE documents SET data = (data::jsonb || '{"customerGroupAssignments": []}')::text
 WHERE type = 'customer' AND data::jsonb -> 'customerGroupAssignments' IS NULL;
UPDATE documents SET data = (data::jsonb || '{"distributionChannels": [], "supplyChannels": [], "productSelections": []}')::text
 WHERE type = 'store' AND data::jsonb -> 'productSelections' IS NULL;
UPDATE documents SET data = (data::jsonb || '{"itemShippingAddresses": []}')::text
 WHERE type IN ('quote-request', 'quote') AND data::jsonb -> 'itemShippingAddresses' IS NULL;
UPDATE documents SET data = jsonb_set(data::jsonb, '{lineItems}',
    (SELECT jsonb_agg(jsonb_set(e.value, '{variant,assets}', '[]') ORDER BY e.ord)
       FROM jsonb_array_elements(documents.data::jsonb -> 'lineItems') WITH ORDINALITY AS e(value, ord)))::text
 WHERE type IN ('cart', 'order', 'quote-request', 'quote') AND jsonb_array_length(data::jsonb -> 'lineItems') > 0
   AND data::jsonb #> '{lineItems,0,variant,assets}' IS NULL;
UPDATE documents SET data = jsonb_set(jsonb_set(jsonb_set(jsonb_set(data::jsonb,
    '{masterData,current,attributes}', '[]'), '{masterData,staged,attributes}', '[]'),
    '{masterData,current,masterVariant,assets}', '[]'), '{masterData,staged,masterVariant,assets}', '[]')::text
 WHERE type = 'product' AND data::jsonb #> '{masterData,current,attributes}' IS NULL;
UPDATE documents SET data = jsonb_set(data::jsonb, '{masterData,current,variants}',
    (SELECT jsonb_agg(jsonb_set(e.value, '{assets}', '[]') ORDER BY e.ord)
       FROM jsonb_array_elements(documents.data::jsonb #> '{masterData,current,variants}') WITH ORDINALITY AS e(value, ord)))::text
 WHERE type = 'product' AND jsonb_array_length(data::jsonb #> '{masterData,current,variants}') > 0
   AND data::jsonb #> '{masterData,current,variants,0,assets}' IS NULL;
UPDATE documents SET data = jsonb_set(data::jsonb, '{masterData,staged,variants}',
    (SELECT jsonb_agg(jsonb_set(e.value, '{assets}', '[]') ORDER BY e.ord)
       FROM jsonb_array_elements(documents.data::jsonb #> '{masterData,staged,variants}') WITH ORDINALITY AS e(value, ord)))::text
 WHERE type = 'product' AND jsonb_array_length(data::jsonb #> '{masterData,staged,variants}') > 0
   AND data::jsonb #> '{masterData,staged,variants,0,assets}' IS NULL;
