-- staging.quarantine: every row that did not load, from every source, with its rule and message.
CREATE OR REPLACE VIEW staging.quarantine AS
SELECT * FROM staging.quarantine_esr_staff_in_post
UNION ALL BY NAME SELECT * FROM staging.quarantine_esr_leavers
UNION ALL BY NAME SELECT * FROM staging.quarantine_trac_applications
UNION ALL BY NAME SELECT * FROM staging.quarantine_olm_training
UNION ALL BY NAME SELECT * FROM staging.quarantine_er_cases
UNION ALL BY NAME SELECT * FROM staging.quarantine_board_register
UNION ALL BY NAME SELECT * FROM staging.quarantine_staff_survey_responses
UNION ALL BY NAME SELECT * FROM staging.quarantine_staff_survey_published
UNION ALL BY NAME SELECT * FROM staging.quarantine_staff_survey_wres
UNION ALL BY NAME SELECT * FROM staging.quarantine_action_plan_actions
UNION ALL BY NAME SELECT * FROM staging.quarantine_action_plan_targets;
