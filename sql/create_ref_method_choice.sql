-- ref.method_choice: every method choice behind the indicator values, one row per token of
-- method_version, from the configuration of the run (Settings.method_choices: the one declaration that
-- also writes method_version). Published, so the data dictionary and BI users can read what each
-- token of method_version means and which setting changes it.
CREATE OR REPLACE TABLE ref.method_choice AS
SELECT c.token, c.value, c.setting, c.meaning, c.per_value
FROM (SELECT unnest($method_choices) AS c);

COMMENT ON TABLE ref.method_choice IS 'The method choices behind every indicator value: each token of method_version (marts.wres_indicator_result), its value in this warehouse, the setting that changes it and what it decides. NHS England''s WRES technical guidance leaves these choices to the organisation or allows alternatives; the defaults follow the guidance.';
COMMENT ON COLUMN ref.method_choice.token IS 'The name of the choice in method_version (token=value).';
COMMENT ON COLUMN ref.method_choice.value IS 'Its value in this warehouse (for per-value choices, the values it can take).';
COMMENT ON COLUMN ref.method_choice.setting IS 'The configuration key (wres.toml, `wres config`) or reference file that sets it; (fixed) when it is not configurable.';
COMMENT ON COLUMN ref.method_choice.meaning IS 'What the choice decides, in plain words.';
COMMENT ON COLUMN ref.method_choice.per_value IS 'True when the token is added value by value (staff-survey rows) rather than once for the whole run.';
