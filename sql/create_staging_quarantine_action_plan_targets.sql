-- Action plan targets rows that did not load, each with file, sheet, row, column, value, rule and message.
CREATE OR REPLACE TABLE staging.quarantine_action_plan_targets AS
SELECT * FROM wres_quarantine('action_plan_targets', 'typed_action_plan_targets');
