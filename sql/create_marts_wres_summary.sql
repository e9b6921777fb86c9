-- marts.wres_summary: the year-by-year WRES table trust reports print (the seeds' "2.01 ... 1.05,
-- -0.96" rows): one row per organisation, WRES year (period_type 'wres_year'), indicator and breakdown
--   1 overall:total      BME % of the workforce (descriptive: no better direction)
--   1 afc:band_8a_plus   BME % of AfC bands 8a-9 and VSM, non-clinical + clinical (Model Employer view)
--   2, 4 all; 3 the published variant (methods.ind3_published); 5-8 all; 9 board:voting, board:executive
-- with White / BME values as in the long table, the headline, its display form, change on the
-- previous year, direction (improved / worsened / unchanged) and gaps to comparators.
-- Better is as ref.wres_indicator says: lower for 2, 3, 5, 6, 8; higher for 7; closer to 1.00 for 4; for 1
-- (bands 8a+) and 9 a BME share closer to the overall workforce's (smaller |gap|). Change, direction and gaps use the
-- displayed values (RL 2 dp, % and pp 1 dp) unless methods.summary_change_basis = 'unrounded'.
CREATE OR REPLACE TABLE marts.wres_summary AS
WITH result AS (
    SELECT * FROM marts.wres_indicator_result WHERE period_type = 'wres_year'
),
workforce AS (
    SELECT org_code, report_year, value AS workforce_bme_pct
    FROM result WHERE indicator = 1 AND subgroup = 'overall:total' AND measure = 'percent'
),
band_8a_plus AS (  -- indicator 1's afc:band_8a_plus row (its own disclosure control on publication)
    SELECT org_code, report_year, 1 AS indicator, subgroup AS breakdown, measure, white_value, bme_value,
           value AS headline_value, status, method_version
    FROM result WHERE indicator = 1 AND subgroup = 'afc:band_8a_plus' AND measure = 'percent'
),
headline AS (
    SELECT org_code, report_year, indicator, subgroup AS breakdown, measure, white_value, bme_value,
           value AS headline_value, status, method_version
    FROM result
    WHERE (indicator = 1 AND subgroup = 'overall:total' AND measure = 'percent')
       OR (indicator IN (2, 4) AND subgroup = 'all' AND measure = 'relative_likelihood')
       OR (indicator = 3 AND subgroup = 'all:' || $ind3_published AND measure = 'relative_likelihood')
       OR (indicator BETWEEN 5 AND 8 AND measure = 'percent')
       OR (indicator = 9 AND subgroup IN ('board:voting', 'board:executive'))
    UNION ALL BY NAME
    SELECT * FROM band_8a_plus
),
shaped AS (
    SELECT h.*, w.workforce_bme_pct,
           CASE WHEN h.measure = 'relative_likelihood' THEN $rl_display_decimals ELSE $percent_display_decimals END AS dp,
           -- which way is better: ref.wres_indicator (the overall workforce share itself is descriptive)
           CASE WHEN h.breakdown <> 'overall:total' THEN i.better END AS better_when
    FROM headline AS h
    LEFT JOIN workforce AS w USING (org_code, report_year)
    LEFT JOIN ref.wres_indicator AS i USING (indicator)
),
basis AS (  -- the values change / direction / gaps are computed on
    SELECT *,
           CASE WHEN $summary_change_basis = 'displayed' THEN round(headline_value, dp) ELSE headline_value END AS h,
           CASE WHEN indicator = 9 THEN headline_value
                WHEN breakdown = 'afc:band_8a_plus' THEN headline_value - workforce_bme_pct END AS workforce_gap_raw
    FROM shaped
),
measured AS (
    SELECT *,
           CASE WHEN $summary_change_basis = 'displayed' THEN round(workforce_gap_raw, dp) ELSE workforce_gap_raw END
               AS workforce_gap,
           CASE better_when WHEN 'closer_to_1' THEN abs(h - 1)
                            WHEN 'closer_to_workforce' THEN abs(CASE WHEN $summary_change_basis = 'displayed'
                                                                     THEN round(workforce_gap_raw, dp)
                                                                     ELSE workforce_gap_raw END)
           END AS distance
    FROM basis
),
with_previous AS (
    SELECT c.*, p.headline_value AS previous_value, p.h AS previous_h, p.distance AS previous_distance
    FROM measured AS c
    LEFT JOIN measured AS p
      ON p.org_code = c.org_code AND p.indicator = c.indicator AND p.breakdown = c.breakdown
     AND p.report_year = c.report_year - 1
),
comparators AS (  -- exact subgroup first, else its kind ('all:two_year_pooled' -> 'all')
    SELECT h.org_code, h.report_year, h.indicator, h.breakdown, c.scope,
           arg_min(c.value, CASE WHEN c.subgroup = h.breakdown THEN 0 ELSE 1 END) AS value
    FROM headline AS h
    JOIN ref.national_comparators AS c
      ON c.indicator = h.indicator AND c.report_year = h.report_year
     AND c.subgroup IN (h.breakdown, split_part(h.breakdown, ':', 1))
     AND (c.scope = 'national' OR (c.scope = 'region' AND c.scope_code = upper($region_code))
          OR (c.scope = 'ics' AND c.scope_code = upper($ics_code)))
    GROUP BY ALL
),
comparator_wide AS (
    SELECT org_code, report_year, indicator, breakdown,
           max(value) FILTER (WHERE scope = 'national') AS national_value,
           max(value) FILTER (WHERE scope = 'region') AS region_value,
           max(value) FILTER (WHERE scope = 'ics') AS ics_value
    FROM comparators GROUP BY ALL
)
SELECT
    w.org_code,
    CAST(w.report_year AS INTEGER) AS report_year,
    CAST(w.indicator AS INTEGER) AS indicator,
    w.breakdown,
    w.measure,
    w.white_value,
    w.bme_value,
    CASE WHEN w.measure = 'percent' THEN round(w.bme_value - w.white_value, w.dp) END AS bme_minus_white_pp,
    w.headline_value,
    round(w.headline_value, w.dp) AS headline_display,
    w.workforce_bme_pct,
    w.workforce_gap AS gap_to_workforce_pp,
    w.previous_value,
    CASE WHEN $summary_change_basis = 'displayed' THEN round(w.h - w.previous_h, w.dp) ELSE w.h - w.previous_h END
        AS change,
    w.better_when,
    CASE
        WHEN w.better_when IS NULL OR w.h IS NULL OR w.previous_h IS NULL THEN NULL
        WHEN w.better_when IN ('lower', 'higher') THEN
            CASE WHEN round(w.h - w.previous_h, 12) = 0 THEN 'unchanged'
                 WHEN (w.h < w.previous_h) = (w.better_when = 'lower') THEN 'improved'
                 ELSE 'worsened' END
        ELSE
            CASE WHEN round(w.distance - w.previous_distance, 12) = 0 THEN 'unchanged'
                 WHEN w.distance < w.previous_distance THEN 'improved'
                 ELSE 'worsened' END
    END AS direction,
    cw.national_value,
    CASE WHEN $summary_change_basis = 'displayed' THEN round(w.h - cw.national_value, w.dp)
         ELSE w.h - cw.national_value END AS gap_to_national,
    cw.region_value,
    CASE WHEN $summary_change_basis = 'displayed' THEN round(w.h - cw.region_value, w.dp)
         ELSE w.h - cw.region_value END AS gap_to_region,
    cw.ics_value,
    CASE WHEN $summary_change_basis = 'displayed' THEN round(w.h - cw.ics_value, w.dp)
         ELSE w.h - cw.ics_value END AS gap_to_ics,
    w.status,
    w.method_version
FROM with_previous AS w
LEFT JOIN comparator_wide AS cw USING (org_code, report_year, indicator, breakdown)
ORDER BY w.org_code, w.indicator, w.breakdown, w.report_year;

COMMENT ON TABLE marts.wres_summary IS 'The year-by-year WRES table trust reports print: one row per organisation, WRES year and headline figure (indicator 1 overall and bands 8a+, 2, 3 as published, 4, 5-8, 9 voting and executive board), with White / BME values, the headline and its display form, change on the previous year, whether that is an improvement, and gaps to the national / region / ICS comparators. Built from the wres_year rows of marts.wres_indicator_result.';
COMMENT ON COLUMN marts.wres_summary.org_code IS 'Organisation (ODS-style code).';
COMMENT ON COLUMN marts.wres_summary.report_year IS 'WRES report year N (snapshot 31 March N).';
COMMENT ON COLUMN marts.wres_summary.indicator IS 'WRES indicator 1-9 (codes: shared/spec/wres-indicators.md §13.1).';
COMMENT ON COLUMN marts.wres_summary.breakdown IS 'The subgroup summarised: 1 overall:total or afc:band_8a_plus (AfC bands 8a-9 and VSM, clinical and non-clinical together; Model Employer view); 2, 4-8 all; 3 all:single_year or all:two_year_pooled, whichever methods.ind3_published names; 9 board:voting or board:executive.';
COMMENT ON COLUMN marts.wres_summary.measure IS 'Measure of the headline as in marts.wres_indicator_result: percent (1, 5-8), relative_likelihood (2-4), percent_difference (9).';
COMMENT ON COLUMN marts.wres_summary.white_value IS 'White figure as in marts.wres_indicator_result: White % 0-100 (1, 5-9) or White rate as a fraction 0-1 (2-4).';
COMMENT ON COLUMN marts.wres_summary.bme_value IS 'BME figure: BME % 0-100 (1, 5-9) or BME rate as a fraction 0-1 (2-4).';
COMMENT ON COLUMN marts.wres_summary.bme_minus_white_pp IS 'For percent rows (1, 5-8): BME % minus White %, percentage points, rounded to methods.percent_display_decimals; NULL otherwise.';
COMMENT ON COLUMN marts.wres_summary.headline_value IS 'The headline, unrounded: BME % (1, 5-8, 0-100), relative likelihood (2-4), BME % of the board subset minus BME % of the workforce in percentage points (9).';
COMMENT ON COLUMN marts.wres_summary.headline_display IS 'headline_value rounded as printed: relative likelihood to methods.rl_display_decimals (default 2), % and pp to methods.percent_display_decimals (default 1).';
COMMENT ON COLUMN marts.wres_summary.workforce_bme_pct IS 'BME % (0-100) of the organisation''s overall workforce at 31 March of report_year (indicator 1 overall:total), for comparison.';
COMMENT ON COLUMN marts.wres_summary.gap_to_workforce_pp IS 'For 1 afc:band_8a_plus: its BME % minus workforce_bme_pct; for 9: the headline (already a gap to the workforce); percentage points; NULL for other rows.';
COMMENT ON COLUMN marts.wres_summary.previous_value IS 'headline_value of the previous report year (unrounded); NULL when there is none.';
COMMENT ON COLUMN marts.wres_summary.change IS 'Headline minus the previous year''s, on displayed (rounded) values unless methods.summary_change_basis = unrounded.';
COMMENT ON COLUMN marts.wres_summary.better_when IS 'Which way is better: lower (2, 3, 5, 6, 8), higher (7), closer_to_1 (4), closer_to_workforce (1 bands 8a+ and 9: smaller absolute gap to the workforce BME %); NULL for 1 overall:total (descriptive).';
COMMENT ON COLUMN marts.wres_summary.direction IS 'improved, worsened or unchanged on the previous year, judged by better_when on the same basis as change; NULL without a previous value or a better direction.';
COMMENT ON COLUMN marts.wres_summary.national_value IS 'National comparator for the same indicator, subgroup and year (ref.national_comparators scope national); NULL when none is loaded.';
COMMENT ON COLUMN marts.wres_summary.gap_to_national IS 'Headline minus national_value (same units as the headline; rounded as displayed unless methods.summary_change_basis = unrounded).';
COMMENT ON COLUMN marts.wres_summary.region_value IS 'Regional comparator: ref.national_comparators rows of scope region whose scope_code is config comparators.region_code; NULL when that is not set.';
COMMENT ON COLUMN marts.wres_summary.gap_to_region IS 'Headline minus region_value.';
COMMENT ON COLUMN marts.wres_summary.ics_value IS 'ICS comparator: ref.national_comparators rows of scope ics whose scope_code is config comparators.ics_code; NULL when that is not set.';
COMMENT ON COLUMN marts.wres_summary.gap_to_ics IS 'Headline minus ics_value.';
COMMENT ON COLUMN marts.wres_summary.status IS 'Status of the headline row in marts.wres_indicator_result (OK, EMPTY, NO_DATA, SUPPRESSED_LT11, SMALL_DENOMINATOR, ...; see its status column).';
COMMENT ON COLUMN marts.wres_summary.method_version IS 'Method choices behind the headline (as marts.wres_indicator_result.method_version).';
