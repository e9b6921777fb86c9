-- Reconciliation per action plan targets file: data rows read = rows staged + rows quarantined.
SELECT * FROM wres_reconcile('raw.action_plan_targets', 'staging.action_plan_targets', 'staging.quarantine_action_plan_targets');
