-- Reconciliation per action plan actions file: data rows read = rows staged + rows quarantined.
SELECT * FROM wres_reconcile('raw.action_plan_actions', 'staging.action_plan_actions', 'staging.quarantine_action_plan_actions');
