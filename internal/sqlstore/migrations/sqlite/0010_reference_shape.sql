-- Answers carry the list fields the commercetools reference always returns (decision 0016), and
-- documents are answered as stored, so documents stored before these fields existed get them:
-- customers their customer-group assignments, stores their channels and product selections,
-- quote requests and quotes their item shipping addresses, products their product-level
-- attributes, and every variant (of a product, or of a line item of a cart, order, quote
-- request or quote) its assets. All are empty: Procura has none of these yet. Only the rows
-- without the field are rewritten.
UPDATE documents SET data = json_set(data, '$.customerGroupAssignments', json('[]'))
 WHERE type = 'customer' AND json_type(data, '$.customerGroupAssignments') IS NULL;
UPDATE documents SET data = json_set(data, '$.distributionChannels', json('[]'), '$.supplyChannels', json('[]'),
    '$.productSelections', json('[]'))
 WHERE type = 'store' AND json_type(data, '$.productSelections') IS NULL;
UPDATE documents SET data = json_set(data, '$.itemShippingAddresses', json('[]'))
 WHERE type IN ('quote-request', 'quote') AND json_type(data, '$.itemShippingAddresses') IS NULL;
UPDATE documents SET data = json_set(data, '$.lineItems',
    json((SELECT json_group_array(json_set(e.value, '$.variant.assets', json('[]'))) FROM json_each(documents.data, '$.lineItems') AS e)))
 WHERE type IN ('cart', 'order', 'quote-request', 'quote') AND json_array_length(data, '$.lineItems') > 0
   AND json_type(data, '$.lineItems[0].variant.assets') IS NULL;
UPDATE documents SET data = json_set(data,
    '$.masterData.current.attributes', json('[]'), '$.masterData.staged.attributes', json('[]'),
    '$.masterData.current.masterVariant.assets', json('[]'), '$.masterData.staged.masterVariant.assets', json('[]'))
 WHERE type = 'product' AND json_type(data, '$.masterData.current.attributes') IS NULL;
UPDATE documents SET data = json_set(data, '$.masterData.current.variants',
    json((SELECT json_group_array(json_set(e.value, '$.assets', json('[]'))) FROM json_each(documents.data, '$.masterData.current.variants') AS e)))
 WHERE type = 'product' AND json_array_length(data, '$.masterData.current.variants') > 0
   AND json_type(data, '$.masterData.current.variants[0].assets') IS NULL;
UPDATE documents SET data = json_set(data, '$.masterData.staged.variants',
    json((SELECT json_group_array(json_set(e.value, '$.assets', json('[]'))) FROM json_each(documents.data, '$.masterData.staged.variants') AS e)))
 WHERE type = 'product' AND json_array_length(data, '$.masterData.staged.variants') > 0
   AND json_type(data, '$.masterData.staged.variants[0].assets') IS NULL;
