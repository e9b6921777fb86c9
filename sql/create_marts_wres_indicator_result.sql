-- marts.wres_indicator_result: the long-format result table of wres-indicators.md §13, one row per
-- organisation x period (period_type 'wres_year' at 31 March, 'rolling_12m' at the other quarter
-- ends) x indicator x subgroup x measure, codes as §13.1. The relative-likelihood columns
-- (white_events .. range_class) are filled for indicators 2-4 and NULL elsewhere.
CREATE OR REPLACE TABLE marts.wres_indicator_result AS
SELECT
    org_code,
    CAST(report_year AS INTEGER) AS report_year,
    period_type,
    period_end,
    CAST(indicator AS INTEGER) AS indicator,
    subgroup,
    measure,
    value,
    numerator,
    denominator,
    white_value,
    bme_value,
    unknown_value,
    unknown_count,
    status,
    small_numbers_flag,
    suppressed_for_publication,
    method_version,
    source_extract_ids,
    white_events,
    white_population,
    bme_events,
    bme_population,
    ci_lower,
    ci_upper,
    range_class,
    sort_order
FROM (
    SELECT * FROM intermediate.wres_indicator_1
    UNION ALL BY NAME SELECT * FROM intermediate.wres_indicator_2
    UNION ALL BY NAME SELECT * FROM intermediate.wres_indicator_3
    UNION ALL BY NAME SELECT * FROM intermediate.wres_indicator_4
    UNION ALL BY NAME SELECT * FROM intermediate.wres_indicator_5
    UNION ALL BY NAME SELECT * FROM intermediate.wres_indicator_6
    UNION ALL BY NAME SELECT * FROM intermediate.wres_indicator_7
    UNION ALL BY NAME SELECT * FROM intermediate.wres_indicator_8
    UNION ALL BY NAME SELECT * FROM intermediate.wres_indicator_9
)
ORDER BY org_code, report_year, period_end, indicator, sort_order, subgroup, measure;

COMMENT ON TABLE marts.wres_indicator_result IS 'The nine WRES indicators in long form (wres-indicators.md §13): one row per organisation x period x indicator x subgroup x measure, with the codes of §13.1 (shared/spec/wres-indicators.md §13.1 lists every indicator / subgroup / measure code; keep the exact spellings). "The WRES return" is WHERE period_type = ''wres_year''. Percentages are 0-100, rates are fractions (0-1). In the published copy small cells are blank and suppression_rule says why.';
COMMENT ON COLUMN marts.wres_indicator_result.org_code IS 'Organisation (ODS-style code).';
COMMENT ON COLUMN marts.wres_indicator_result.report_year IS 'WRES report year N: workforce snapshot at 31 March N, flows over 1 April N-1 to 31 March N, staff survey fielded in autumn N-1 (config survey lag).';
COMMENT ON COLUMN marts.wres_indicator_result.period_type IS 'wres_year (the annual figure, period_end = 31 March of report_year) or rolling_12m (quarterly monitoring: 12 months to, or snapshot at, another quarter end).';
COMMENT ON COLUMN marts.wres_indicator_result.period_end IS 'Quarter end of the snapshot or of the 12-month window.';
COMMENT ON COLUMN marts.wres_indicator_result.indicator IS 'WRES indicator 1-9 (1 representation by band, 2 appointment from shortlisting, 3 formal disciplinary entry, 4 non-mandatory training, 5-8 staff survey, 9 board).';
COMMENT ON COLUMN marts.wres_indicator_result.subgroup IS 'Row of the indicator, kind:value (§13.1): indicator 1 category:row (ref.indicator_1_row, plus :band_unknown / :non_afc for staff with an unrecognised or non-AfC grade); 2, 4-8 all; 3 all:single_year, all:two_year_pooled; 9 board:all, board:voting, board:executive, board:non_executive, board:non_voting.';
COMMENT ON COLUMN marts.wres_indicator_result.measure IS 'What value measures (§13.1): headcount, percent (BME %), bme_gap_pp (row BME % minus the overall workforce BME %, percentage points), bme_ratio (row BME % / overall BME %, 1.0 = mirrors the workforce) for indicator 1; relative_likelihood and coverage (share of records matched to an ESR person, a fraction 0-1) for 2-4; percent for 5-8; percent_difference for 9.';
COMMENT ON COLUMN marts.wres_indicator_result.value IS 'The figure, by measure: headcount; BME % (0-100); gap in percentage points; ratio; relative likelihood (indicators 2 and 4 White / BME, indicator 3 BME / White; 1.0 = parity); coverage fraction (0-1); indicator 9 BME % of the board subset minus BME % of the overall workforce (percentage points). NULL when status is not OK (or FOCUS_ZERO, which is 0), or when blanked for publication.';
COMMENT ON COLUMN marts.wres_indicator_result.numerator IS 'Numerator of a percent or coverage value: BME headcount (1), BME positive answers (5-8), BME members (9), matched records (coverage); NULL for headcount, gaps, ratios and relative likelihoods.';
COMMENT ON COLUMN marts.wres_indicator_result.denominator IS 'Denominator of a percent or coverage value: total headcount including Unknown (1), BME answers in the base (5-8), board members of the subset (9), qualifying records (coverage).';
COMMENT ON COLUMN marts.wres_indicator_result.white_value IS 'White figure: White headcount (headcount), White % 0-100 (percent, 5-9), White rate as a fraction 0-1 (relative_likelihood: events / population); NULL for gaps, ratios and coverage.';
COMMENT ON COLUMN marts.wres_indicator_result.bme_value IS 'BME figure: BME headcount (headcount), BME % 0-100 (percent, 5-9), BME rate as a fraction 0-1 (relative_likelihood); NULL for gaps, ratios and coverage.';
COMMENT ON COLUMN marts.wres_indicator_result.unknown_value IS 'Unknown-ethnicity figure where Unknown stays in the denominator: Unknown headcount (indicator 1 headcount), Unknown % 0-100 (indicator 1 percent, indicator 9); NULL elsewhere (Unknown is excluded from relative likelihoods and survey percentages).';
COMMENT ON COLUMN marts.wres_indicator_result.unknown_count IS 'Unknown-ethnicity count beside the row (declaration rate): headcount (1), shortlisted applications or applicants (2), people entering (3), staff accessing training (4), respondents (5-8), board members (9).';
COMMENT ON COLUMN marts.wres_indicator_result.status IS 'OK, or why the value is missing or to be read with care: EMPTY (no people in the row), NO_DATA (no source covers the period), NO_POPULATION, NO_EVENTS, REFERENCE_ZERO (relative likelihood would be infinite), FOCUS_ZERO (value 0), INSUFFICIENT_HISTORY (two-year pooled without the previous year), SUPPRESSED_LT11 (a survey group below thresholds.survey_min_responses, default 11), SMALL_DENOMINATOR (board subset below thresholds.board_small_denominator, value kept), NO_WORKFORCE (no workforce snapshot to compare the board with).';
COMMENT ON COLUMN marts.wres_indicator_result.small_numbers_flag IS 'TRUE when the figure rests on small numbers: an events cell below thresholds.small_numbers (default 5; thresholds.small_numbers_ind3 for indicator 3) for a relative likelihood, a row total below thresholds.small_numbers for indicator 1, a survey group below 11, a board subset below thresholds.board_small_denominator. Read with care; the value is kept.';
COMMENT ON COLUMN marts.wres_indicator_result.suppressed_for_publication IS 'TRUE when a count behind the row is 1 .. thresholds.suppress_below - 1 (default 1-4), or a survey group is below 11: the unsuppressed build flag. The published copy blanks such cells (and secondary cells); suppression_rule says which were blanked.';
COMMENT ON COLUMN marts.wres_indicator_result.method_version IS 'The method choices behind the value: wres-method-N then token=value for each choice (ind3=...;grt=...;smm=...), from config (`wres config`); staff-survey rows add survey_source=aggregate|published and, when computed from respondent data, survey_map=<question map> (a name ending _unverified: numbering not checked against that year''s questionnaire). Every token is explained in ref.method_choice; the run''s string is in audit.runs.';
COMMENT ON COLUMN marts.wres_indicator_result.source_extract_ids IS 'The source files the value was computed from: source_file_id values (audit.source_files) separated by '';''. audit.indicator_provenance has one row per file.';
COMMENT ON COLUMN marts.wres_indicator_result.white_events IS 'Relative-likelihood rows (2-4): White events (2 applications appointed from shortlisting, or applicants per methods.ind2_unit; 3 people entering a formal disciplinary investigation; 4 people accessing non-mandatory training). NULL for other indicators.';
COMMENT ON COLUMN marts.wres_indicator_result.white_population IS 'Relative-likelihood rows (2-4): White population the events are counted in (2 shortlisted applications or applicants; 3 and 4 headcount at the period end; 3 two-year pooled rows sum two years, see methods.ind3_two_year_method).';
COMMENT ON COLUMN marts.wres_indicator_result.bme_events IS 'Relative-likelihood rows (2-4): BME events.';
COMMENT ON COLUMN marts.wres_indicator_result.bme_population IS 'Relative-likelihood rows (2-4): BME population.';
COMMENT ON COLUMN marts.wres_indicator_result.ci_lower IS 'Lower bound of the confidence interval of the relative likelihood (log scale, z = thresholds.ci_z, default 1.96 = 95 %); an aid to reading small numbers, not part of the WRES.';
COMMENT ON COLUMN marts.wres_indicator_result.ci_upper IS 'Upper bound of that confidence interval.';
COMMENT ON COLUMN marts.wres_indicator_result.range_class IS 'Relative likelihood against the non-adverse range thresholds.non_adverse_low .. non_adverse_high (default 0.80-1.25): below, non_adverse or adverse.';
COMMENT ON COLUMN marts.wres_indicator_result.sort_order IS 'Order of the subgroup in the WRES template within its indicator (sort by indicator, sort_order to print the return).';
