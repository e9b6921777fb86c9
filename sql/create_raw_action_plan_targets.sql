-- raw.action_plan_targets: every row read from the inbox (strings under the contract's column names; see
-- wres_pipeline/readers/contracts.py), with organisation, period, file id, sheet, physical row
-- number and drop reason (total / repeated header / blank / trailer rows are kept and marked).
CREATE OR REPLACE TABLE raw.action_plan_targets AS SELECT * FROM incoming_rows;
