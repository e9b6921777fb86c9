-- marts.wres_return: the WRES return as the national data collection asks for it, one row per
-- organisation x WRES year x line of the return, in return order: every indicator 1 row of
-- ref.indicator_1_row (zero counts when a band is empty), then indicators 2, 3 (single year and
-- two-year pooled), 4, 5-8 and the board subsets of 9, worded by ref.label (the report's lookup), and the
-- Model Employer line afc:band_8a_plus (not a template row). Every figure is read from
-- marts.wres_indicator_result (period_type 'wres_year'); RLs are rounded to methods.rl_display_decimals,
-- percentages / pp to methods.percent_display_decimals. Unsuppressed: a submission, kept out of the
-- published warehouse (disclosure.PRIVATE_TABLES) and exported to the private folder only.
CREATE OR REPLACE TABLE marts.wres_return AS
WITH r AS (
    SELECT * FROM marts.wres_indicator_result WHERE period_type = 'wres_year'
),
org_years AS (SELECT DISTINCT org_code, report_year, period_end FROM r),
ind1_lines AS (  -- the template rows for every organisation and year, plus the extra rows the warehouse has
    SELECT o.org_code, o.report_year, o.period_end, t.subgroup, t.sort_order, t.category <> 'afc' AS template_row
    FROM org_years AS o CROSS JOIN ref.indicator_1_row AS t
    UNION ALL
    SELECT DISTINCT r.org_code, r.report_year, r.period_end, r.subgroup,
           t.sort_order - CASE WHEN r.subgroup LIKE '%:band_unknown' THEN 2 ELSE 1 END, FALSE
    FROM r JOIN ref.indicator_1_row AS t ON t.subgroup = split_part(r.subgroup, ':', 1) || ':total'
    WHERE r.indicator = 1 AND r.subgroup NOT IN (SELECT subgroup FROM ref.indicator_1_row)
),
ind1 AS (
    SELECT l.org_code, l.report_year, l.period_end, 1 AS indicator, l.subgroup, l.sort_order, w.label,
           l.template_row,
           CAST(h.white_value AS BIGINT) AS white_count,
           CAST(h.bme_value AS BIGINT) AS bme_count,
           CAST(h.unknown_value AS BIGINT) AS unknown_count,
           CAST(h.value AS BIGINT) AS total_count,
           round(p.white_value, $percent_display_decimals) AS white_pct,
           round(p.bme_value, $percent_display_decimals) AS bme_pct,
           round(p.unknown_value, $percent_display_decimals) AS unknown_pct,
           coalesce(h.status, 'NO_DATA') AS status
    FROM ind1_lines AS l
    LEFT JOIN ref.label AS w ON w.kind = 'subgroup' AND w.code = l.subgroup
    LEFT JOIN r AS h ON h.indicator = 1 AND h.measure = 'headcount'
        AND h.org_code = l.org_code AND h.report_year = l.report_year AND h.subgroup = l.subgroup
    LEFT JOIN r AS p ON p.indicator = 1 AND p.measure = 'percent'
        AND p.org_code = l.org_code AND p.report_year = l.report_year AND p.subgroup = l.subgroup
),
others AS (  -- indicators 2-9: the row of each line's headline measure
    SELECT r.org_code, r.report_year, r.period_end, r.indicator, r.subgroup, r.sort_order,
           l.label || CASE WHEN r.indicator = 3 AND r.subgroup = 'all:' || $ind3_published
                           THEN ' (the published figure)' ELSE '' END AS label,
           TRUE AS template_row,
           CASE WHEN r.indicator = 9 THEN CAST(r.denominator - r.numerator - r.unknown_count AS BIGINT) END AS white_count,
           CASE WHEN r.indicator = 9 THEN CAST(r.numerator AS BIGINT) END AS bme_count,
           CAST(r.unknown_count AS BIGINT) AS unknown_count,
           CASE WHEN r.indicator = 9 THEN CAST(r.denominator AS BIGINT) END AS total_count,
           CASE WHEN r.indicator >= 5 THEN round(r.white_value, $percent_display_decimals) END AS white_pct,
           CASE WHEN r.indicator >= 5 THEN round(r.bme_value, $percent_display_decimals) END AS bme_pct,
           CASE WHEN r.indicator = 9 THEN round(r.unknown_value, $percent_display_decimals) END AS unknown_pct,
           CAST(r.white_events AS BIGINT) AS white_events,
           CAST(r.white_population AS BIGINT) AS white_population,
           CAST(r.bme_events AS BIGINT) AS bme_events,
           CAST(r.bme_population AS BIGINT) AS bme_population,
           CASE WHEN r.indicator <= 4 THEN round(r.value, $rl_display_decimals) END AS relative_likelihood,
           CASE WHEN r.indicator BETWEEN 5 AND 8 THEN CAST(r.numerator AS BIGINT) END AS bme_positive,
           CASE WHEN r.indicator BETWEEN 5 AND 8 THEN CAST(r.denominator AS BIGINT) END AS bme_base,
           CASE WHEN r.indicator = 9 THEN round(r.value, $percent_display_decimals) END AS difference_pp,
           r.status
    FROM r JOIN ref.label AS l ON l.kind = 'return_line' AND l.code = r.indicator || ' ' || r.subgroup
    WHERE r.measure IN ('relative_likelihood', 'percent', 'percent_difference') AND r.indicator >= 2
)
SELECT
    org_code,
    CAST(report_year AS INTEGER) AS report_year,
    period_end,
    CAST(indicator * 1000 + sort_order AS INTEGER) AS line_order,
    CAST(indicator AS INTEGER) AS indicator,
    subgroup,
    indicator || ' ' || replace(subgroup, ':', ' ') AS line_code,
    label,
    template_row,
    white_count, bme_count, unknown_count, total_count,
    white_pct, bme_pct, unknown_pct,
    white_events, white_population, bme_events, bme_population, relative_likelihood,
    bme_positive, bme_base, difference_pp,
    status,
    $method_version AS method_version
FROM (SELECT * FROM ind1 UNION ALL BY NAME SELECT * FROM others)
ORDER BY org_code, report_year, line_order;

COMMENT ON TABLE marts.wres_return IS 'The WRES return as NHS England''s annual WRES data collection asks for it (NHS England, Technical Guidance for the NHS Workforce Race Equality Standard): one row per organisation, WRES year and line of the return, in return order - every indicator 1 row (non-clinical and clinical Agenda for Change bands, medical and dental grades, totals; zero counts when a band is empty), indicators 2, 3 (this year and two-year rolling), 4, 5-8 and 9 by board subset. Counts are unsuppressed: this is the submission, kept in the private export folder and never published.';
COMMENT ON COLUMN marts.wres_return.org_code IS 'Organisation (ODS-style code).';
COMMENT ON COLUMN marts.wres_return.report_year IS 'WRES year N: workforce and board at 31 March N, recruitment, disciplinary and training over 1 April N-1 to 31 March N, the NHS Staff Survey of autumn N-1.';
COMMENT ON COLUMN marts.wres_return.period_end IS '31 March of report_year.';
COMMENT ON COLUMN marts.wres_return.line_order IS 'Position of the line in the return (indicator x 1000 + its order within the indicator): sort by it to print the return.';
COMMENT ON COLUMN marts.wres_return.indicator IS 'WRES indicator 1-9 (1 workforce by pay band, 2 appointment from shortlisting, 3 formal disciplinary process, 4 non-mandatory training and CPD, 5-8 NHS Staff Survey, 9 board membership).';
COMMENT ON COLUMN marts.wres_return.subgroup IS 'The line''s subgroup code, as in marts.wres_indicator_result (e.g. clinical:band_8a, all:two_year_pooled, board:voting).';
COMMENT ON COLUMN marts.wres_return.line_code IS 'Short code of the line: indicator, then the subgroup with spaces (e.g. ''1 clinical band_8a'', ''3 all two_year_pooled'', ''9 board voting'').';
COMMENT ON COLUMN marts.wres_return.label IS 'The line in plain language, worded after the WRES indicators published by NHS England.';
COMMENT ON COLUMN marts.wres_return.template_row IS 'TRUE for a line of the national template; FALSE for an indicator 1 line the template does not have (staff whose AfC band is not recognised, or who are not on an AfC grade), shown so that the bands add up to their category total.';
COMMENT ON COLUMN marts.wres_return.white_count IS 'White people: headcount of the row (indicator 1), White board members of the subset (9); NULL elsewhere.';
COMMENT ON COLUMN marts.wres_return.bme_count IS 'BME people: headcount of the row (1), BME board members (9); NULL elsewhere.';
COMMENT ON COLUMN marts.wres_return.unknown_count IS 'People whose ethnicity is unknown or not stated: headcount (1), shortlisted applications or applicants (2), staff entering the process (3), staff accessing training (4), survey respondents (5-8), board members (9).';
COMMENT ON COLUMN marts.wres_return.total_count IS 'All people of the row including Unknown: headcount (1), board members of the subset (9); NULL elsewhere. Zero for an empty band.';
COMMENT ON COLUMN marts.wres_return.white_pct IS 'White % (0-100): of the row''s headcount (1, Unknown in the denominator), of White respondents answering (5-8), of the board subset (9).';
COMMENT ON COLUMN marts.wres_return.bme_pct IS 'BME % (0-100): of the row''s headcount (1), of BME respondents answering (5-8), of the board subset (9).';
COMMENT ON COLUMN marts.wres_return.unknown_pct IS 'Unknown % (0-100) of the row''s headcount (1) or of the board subset (9).';
COMMENT ON COLUMN marts.wres_return.white_events IS 'Indicators 2-4: White applicants appointed from shortlisting (2), White staff entering the formal disciplinary process (3), White staff accessing non-mandatory training (4).';
COMMENT ON COLUMN marts.wres_return.white_population IS 'Indicators 2-4: White applicants shortlisted (2), White headcount (3, 4; two years summed for the two-year line of 3).';
COMMENT ON COLUMN marts.wres_return.bme_events IS 'Indicators 2-4: BME events, as white_events.';
COMMENT ON COLUMN marts.wres_return.bme_population IS 'Indicators 2-4: BME population, as white_population.';
COMMENT ON COLUMN marts.wres_return.relative_likelihood IS 'Indicators 2-4: the relative likelihood (2 and 4 White rate / BME rate, 3 BME rate / White rate; 1.0 = equal likelihood).';
COMMENT ON COLUMN marts.wres_return.bme_positive IS 'Indicators 5-8: BME respondents giving the answer counted.';
COMMENT ON COLUMN marts.wres_return.bme_base IS 'Indicators 5-8: BME respondents answering the question (the base of bme_pct).';
COMMENT ON COLUMN marts.wres_return.difference_pp IS 'Indicator 9: BME % of the board subset minus BME % of the overall workforce, in percentage points.';
COMMENT ON COLUMN marts.wres_return.status IS 'OK, or why a figure is missing or to be read with care, as in marts.wres_indicator_result (EMPTY: nobody in the row; NO_DATA: no source covers the year; INSUFFICIENT_HISTORY, SUPPRESSED_LT11, SMALL_DENOMINATOR, ...).';
COMMENT ON COLUMN marts.wres_return.method_version IS 'The method choices behind the figures (as in marts.wres_indicator_result and audit.runs).';
