-- Action plan actions rows that did not load, each with file, sheet, row, column, value, rule and message.
CREATE OR REPLACE TABLE staging.quarantine_action_plan_actions AS
SELECT * FROM wres_quarantine('action_plan_actions', 'typed_action_plan_actions');
