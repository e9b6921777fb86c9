-- marts.wres_return: the WRES data-collection shape, one row per organisation and WRES year: the
-- counts and values a trust copies into the national template (indicator 1 workforce totals by
-- category, the event / population counts and RL of 2-4, White / BME % of 5-8, board counts and
-- differences of 9). RLs are rounded to methods.rl_display_decimals, percentages / pp to
-- methods.percent_display_decimals; indicator 3 is the published variant (methods.ind3_published).
-- Unsuppressed: this is the submission to NHS England, not a public table (wres-indicators.md §12).
-- A table rather than a view so that it reaches the published warehouse (only tables are copied).
CREATE OR REPLACE TABLE marts.wres_return AS
WITH r AS (
    SELECT * FROM marts.wres_indicator_result WHERE period_type = 'wres_year'
),
ind1 AS (
    SELECT org_code, report_year,
           max(value) FILTER (WHERE subgroup = 'overall:total' AND measure = 'headcount') AS ind1_headcount,
           max(white_value) FILTER (WHERE subgroup = 'overall:total' AND measure = 'headcount') AS ind1_white,
           max(bme_value) FILTER (WHERE subgroup = 'overall:total' AND measure = 'headcount') AS ind1_bme,
           max(unknown_value) FILTER (WHERE subgroup = 'overall:total' AND measure = 'headcount') AS ind1_unknown,
           max(white_value) FILTER (WHERE subgroup = 'overall:total' AND measure = 'percent') AS ind1_white_pct,
           max(bme_value) FILTER (WHERE subgroup = 'overall:total' AND measure = 'percent') AS ind1_bme_pct,
           max(unknown_value) FILTER (WHERE subgroup = 'overall:total' AND measure = 'percent') AS ind1_unknown_pct,
           max(value) FILTER (WHERE subgroup = 'non_clinical:total' AND measure = 'headcount') AS ind1_non_clinical_headcount,
           max(bme_value) FILTER (WHERE subgroup = 'non_clinical:total' AND measure = 'headcount') AS ind1_non_clinical_bme,
           max(value) FILTER (WHERE subgroup = 'clinical:total' AND measure = 'headcount') AS ind1_clinical_headcount,
           max(bme_value) FILTER (WHERE subgroup = 'clinical:total' AND measure = 'headcount') AS ind1_clinical_bme,
           max(value) FILTER (WHERE subgroup = 'medical:total' AND measure = 'headcount') AS ind1_medical_headcount,
           max(bme_value) FILTER (WHERE subgroup = 'medical:total' AND measure = 'headcount') AS ind1_medical_bme
    FROM r WHERE indicator = 1 GROUP BY ALL
),
rl AS (  -- indicators 2-4, one column set each
    SELECT org_code, report_year,
           max(white_population) FILTER (WHERE indicator = 2) AS ind2_white_shortlisted,
           max(white_events) FILTER (WHERE indicator = 2) AS ind2_white_appointed,
           max(bme_population) FILTER (WHERE indicator = 2) AS ind2_bme_shortlisted,
           max(bme_events) FILTER (WHERE indicator = 2) AS ind2_bme_appointed,
           max(unknown_count) FILTER (WHERE indicator = 2) AS ind2_unknown_shortlisted,
           max(round(value, $rl_display_decimals)) FILTER (WHERE indicator = 2) AS ind2_relative_likelihood,
           max(status) FILTER (WHERE indicator = 2) AS ind2_status,
           max(white_population) FILTER (WHERE indicator = 3 AND subgroup = 'all:single_year') AS ind3_white_headcount,
           max(white_events) FILTER (WHERE indicator = 3 AND subgroup = 'all:single_year') AS ind3_white_entered,
           max(bme_population) FILTER (WHERE indicator = 3 AND subgroup = 'all:single_year') AS ind3_bme_headcount,
           max(bme_events) FILTER (WHERE indicator = 3 AND subgroup = 'all:single_year') AS ind3_bme_entered,
           max(unknown_count) FILTER (WHERE indicator = 3 AND subgroup = 'all:single_year') AS ind3_unknown_entered,
           max(round(value, $rl_display_decimals)) FILTER (WHERE indicator = 3 AND subgroup = 'all:single_year')
               AS ind3_relative_likelihood_single_year,
           max(round(value, $rl_display_decimals)) FILTER (WHERE indicator = 3 AND subgroup = 'all:two_year_pooled')
               AS ind3_relative_likelihood_two_year,
           max(round(value, $rl_display_decimals)) FILTER (WHERE indicator = 3 AND subgroup = 'all:' || $ind3_published)
               AS ind3_relative_likelihood,
           max(status) FILTER (WHERE indicator = 3 AND subgroup = 'all:' || $ind3_published) AS ind3_status,
           max(white_population) FILTER (WHERE indicator = 4) AS ind4_white_headcount,
           max(white_events) FILTER (WHERE indicator = 4) AS ind4_white_accessed,
           max(bme_population) FILTER (WHERE indicator = 4) AS ind4_bme_headcount,
           max(bme_events) FILTER (WHERE indicator = 4) AS ind4_bme_accessed,
           max(unknown_count) FILTER (WHERE indicator = 4) AS ind4_unknown_accessed,
           max(round(value, $rl_display_decimals)) FILTER (WHERE indicator = 4) AS ind4_relative_likelihood,
           max(status) FILTER (WHERE indicator = 4) AS ind4_status
    FROM r WHERE indicator BETWEEN 2 AND 4 AND measure = 'relative_likelihood' GROUP BY ALL
),
survey AS (
    SELECT org_code, report_year,
           max(round(white_value, $percent_display_decimals)) FILTER (WHERE indicator = 5) AS ind5_white_pct,
           max(round(bme_value, $percent_display_decimals)) FILTER (WHERE indicator = 5) AS ind5_bme_pct,
           max(status) FILTER (WHERE indicator = 5) AS ind5_status,
           max(round(white_value, $percent_display_decimals)) FILTER (WHERE indicator = 6) AS ind6_white_pct,
           max(round(bme_value, $percent_display_decimals)) FILTER (WHERE indicator = 6) AS ind6_bme_pct,
           max(status) FILTER (WHERE indicator = 6) AS ind6_status,
           max(round(white_value, $percent_display_decimals)) FILTER (WHERE indicator = 7) AS ind7_white_pct,
           max(round(bme_value, $percent_display_decimals)) FILTER (WHERE indicator = 7) AS ind7_bme_pct,
           max(status) FILTER (WHERE indicator = 7) AS ind7_status,
           max(round(white_value, $percent_display_decimals)) FILTER (WHERE indicator = 8) AS ind8_white_pct,
           max(round(bme_value, $percent_display_decimals)) FILTER (WHERE indicator = 8) AS ind8_bme_pct,
           max(status) FILTER (WHERE indicator = 8) AS ind8_status
    FROM r WHERE indicator BETWEEN 5 AND 8 AND subgroup = 'all' GROUP BY ALL
),
board AS (
    SELECT org_code, report_year,
           max(denominator) FILTER (WHERE subgroup = 'board:all') AS ind9_board_members,
           max(numerator) FILTER (WHERE subgroup = 'board:all') AS ind9_board_bme,
           max(round(value, $percent_display_decimals)) FILTER (WHERE subgroup = 'board:all') AS ind9_board_diff_pp,
           max(denominator) FILTER (WHERE subgroup = 'board:voting') AS ind9_voting_members,
           max(numerator) FILTER (WHERE subgroup = 'board:voting') AS ind9_voting_bme,
           max(round(bme_value, $percent_display_decimals)) FILTER (WHERE subgroup = 'board:voting') AS ind9_voting_bme_pct,
           max(round(value, $percent_display_decimals)) FILTER (WHERE subgroup = 'board:voting') AS ind9_voting_diff_pp,
           max(denominator) FILTER (WHERE subgroup = 'board:executive') AS ind9_executive_members,
           max(numerator) FILTER (WHERE subgroup = 'board:executive') AS ind9_executive_bme,
           max(round(bme_value, $percent_display_decimals)) FILTER (WHERE subgroup = 'board:executive')
               AS ind9_executive_bme_pct,
           max(round(value, $percent_display_decimals)) FILTER (WHERE subgroup = 'board:executive') AS ind9_executive_diff_pp,
           max(status) FILTER (WHERE subgroup = 'board:all') AS ind9_status
    FROM r WHERE indicator = 9 GROUP BY ALL
),
org_years AS (SELECT DISTINCT org_code, report_year FROM r)
SELECT
    o.org_code,
    CAST(o.report_year AS INTEGER) AS report_year,
    make_date(CAST(o.report_year AS INTEGER), 3, 31) AS period_end,
    CAST(i1.ind1_headcount AS BIGINT) AS ind1_headcount,
    CAST(i1.ind1_white AS BIGINT) AS ind1_white,
    CAST(i1.ind1_bme AS BIGINT) AS ind1_bme,
    CAST(i1.ind1_unknown AS BIGINT) AS ind1_unknown,
    round(i1.ind1_white_pct, $percent_display_decimals) AS ind1_white_pct,
    round(i1.ind1_bme_pct, $percent_display_decimals) AS ind1_bme_pct,
    round(i1.ind1_unknown_pct, $percent_display_decimals) AS ind1_unknown_pct,
    CAST(i1.ind1_non_clinical_headcount AS BIGINT) AS ind1_non_clinical_headcount,
    CAST(i1.ind1_non_clinical_bme AS BIGINT) AS ind1_non_clinical_bme,
    CAST(i1.ind1_clinical_headcount AS BIGINT) AS ind1_clinical_headcount,
    CAST(i1.ind1_clinical_bme AS BIGINT) AS ind1_clinical_bme,
    CAST(i1.ind1_medical_headcount AS BIGINT) AS ind1_medical_headcount,
    CAST(i1.ind1_medical_bme AS BIGINT) AS ind1_medical_bme,
    rl.* EXCLUDE (org_code, report_year),
    s.* EXCLUDE (org_code, report_year),
    CAST(b.ind9_board_members AS BIGINT) AS ind9_board_members,
    CAST(b.ind9_board_bme AS BIGINT) AS ind9_board_bme,
    b.ind9_board_diff_pp,
    CAST(b.ind9_voting_members AS BIGINT) AS ind9_voting_members,
    CAST(b.ind9_voting_bme AS BIGINT) AS ind9_voting_bme,
    b.ind9_voting_bme_pct,
    b.ind9_voting_diff_pp,
    CAST(b.ind9_executive_members AS BIGINT) AS ind9_executive_members,
    CAST(b.ind9_executive_bme AS BIGINT) AS ind9_executive_bme,
    b.ind9_executive_bme_pct,
    b.ind9_executive_diff_pp,
    b.ind9_status,
    $method_version AS method_version
FROM org_years AS o
LEFT JOIN ind1 AS i1 USING (org_code, report_year)
LEFT JOIN rl USING (org_code, report_year)
LEFT JOIN survey AS s USING (org_code, report_year)
LEFT JOIN board AS b USING (org_code, report_year)
ORDER BY o.org_code, o.report_year;
