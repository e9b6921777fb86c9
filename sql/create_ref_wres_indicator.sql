-- ref.wres_indicator: the nine WRES indicators as data (wres_pipeline/reference_data/wres_indicators.csv,
-- also read by the disclosure control and the report): kind, title, which way is better for the headline
-- and on SPC charts, and the disclosure rule.
CREATE OR REPLACE TABLE ref.wres_indicator AS
SELECT * FROM read_csv($wres_indicators_file, header = true, delim = ',', quote = '"',
                       columns = {'indicator': 'INTEGER', 'kind': 'VARCHAR', 'title': 'VARCHAR', 'better': 'VARCHAR',
                                  'spc_better': 'VARCHAR', 'disclosure': 'VARCHAR'});

COMMENT ON TABLE ref.wres_indicator IS 'The nine WRES indicators of NHS England''s Workforce Race Equality Standard: the kind of figure each is, its title, which way is better, and the disclosure rule applied on publication. Declared once and read by the warehouse SQL, the disclosure control and the report.';
COMMENT ON COLUMN ref.wres_indicator.indicator IS 'WRES indicator number, 1-9.';
COMMENT ON COLUMN ref.wres_indicator.kind IS 'representation (indicator 1: shares of the workforce by band), relative_likelihood (2-4), survey_percent (5-8, NHS Staff Survey), board_difference (9).';
COMMENT ON COLUMN ref.wres_indicator.title IS 'The indicator in plain words, as the report titles it.';
COMMENT ON COLUMN ref.wres_indicator.better IS 'Which way the headline is better (marts.wres_summary direction): lower, higher, closer_to_1 (a relative likelihood with parity at 1 either way), closer_to_workforce (a BME share against the workforce''s; indicator 1''s overall share is descriptive).';
COMMENT ON COLUMN ref.wres_indicator.spc_better IS 'Which way along a series is improvement on SPC charts (marts.spc_points): higher, lower or neither.';
COMMENT ON COLUMN ref.wres_indicator.disclosure IS 'The disclosure rule on publication: cells (indicator 1 counts: primary and secondary suppression), rl_small_cells, survey_lt11, published (the board, by design).';
