-- A decided approval flow answers its three approver lists as [] (the reference requires them;
-- decision 0032). Flows approved or rejected before stored them as null; they get the empty lists.
UPDATE documents SET data = json_set(data, '$.eligibleApprovers', json('[]'), '$.pendingApprovers', json('[]'),
    '$.currentTierPendingApprovers', json('[]'))
 WHERE type = 'approval-flow' AND json_type(data, '$.eligibleApprovers') = 'null';
