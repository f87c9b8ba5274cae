-- A decided approval flow answers its three approver lists as [] (the reference requires them;
-- decision 0032). Flows approved or rejected before stored them as null; they get the empty lists.
UPDATE documents SET data = (data::jsonb || '{"eligibleApprovers": [], "pendingApprovers": [], "currentTierPendingApprovers": []}')::text
 WHERE type = 'approval-flow' AND jsonb_typeof(data::jsonb -> 'eligibleApprovers') = 'null';
