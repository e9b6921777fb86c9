-- marts.race_disparity_ratio: the Race Disparity Ratio (wres-indicators.md §11.1) at every quarter-end
-- snapshot: lower->upper, middle->upper and lower->middle, for all AfC staff and for clinical and
-- non-clinical AfC staff separately, in BOTH forms, each value labelled by its `form`:
--   ratio_of_ratios: (White_to / White_from) / (BME_to / BME_from)
--   share:           (White_to / (White_to + White_from)) / (BME_to / (BME_to + BME_from))
-- Both go through the shared relative-likelihood macro (focus White, reference BME): the ratio form as
-- rate = staff at the higher level per staff at the lower level, the share form as the likelihood of
-- being at the higher level among staff at the two levels; so the §0.3 statuses apply (REFERENCE_ZERO
-- = no BME staff at the higher level, FOCUS_ZERO = no White staff there, NO_POPULATION = a group absent
-- at the lower level: in both forms, though the share form would give a meaningless 1.00 there). The CI is kept for the share form only (a true risk ratio; the ratio form is an
-- odds ratio, for which the macro's risk-ratio standard error does not hold).
-- Population [D/G]: AfC staff (medical & dental excluded: not banded), bank excluded (not in the
-- workforce snapshot), Unknown excluded; levels from config measures.rdr_*_bands, VSM in the upper
-- level when methods.rdr_include_vsm. is_selected_form marks methods.rdr_form.
CREATE OR REPLACE TEMP TABLE measure_rdr_cells AS
WITH staff AS (
    SELECT org_code, snapshot_date AS period_end, clinical_category, ethnic_group,
           CASE WHEN list_contains($rdr_lower_bands, band) THEN 'lower'
                WHEN list_contains($rdr_middle_bands, band) THEN 'middle'
                WHEN list_contains($rdr_upper_bands, band) OR (band = 'VSM' AND $rdr_include_vsm) THEN 'upper'
           END AS level
    FROM staging.workforce_snapshot
    WHERE wres_is_quarter_end(snapshot_date) AND clinical_category IN ('clinical', 'non_clinical')
),
scoped AS (
    SELECT *, 'all_afc' AS staff_scope FROM staff WHERE level IS NOT NULL
    UNION ALL
    SELECT *, clinical_category FROM staff WHERE level IS NOT NULL
),
scopes AS (
    SELECT DISTINCT s.org_code, s.period_end, x.staff_scope
    FROM staff AS s CROSS JOIN (VALUES ('all_afc'), ('clinical'), ('non_clinical')) AS x(staff_scope)
),
pairs AS (
    SELECT * FROM (VALUES ('lower_to_upper', 'lower', 'upper', 1), ('middle_to_upper', 'middle', 'upper', 2),
                          ('lower_to_middle', 'lower', 'middle', 3)) AS p(pair, from_level, to_level, sort_order)
)
SELECT
    x.org_code, x.period_end, x.staff_scope, p.pair, p.from_level, p.to_level, p.sort_order,
    count(s.level) FILTER (WHERE s.ethnic_group = 'WHITE' AND s.level = p.from_level) AS white_from,
    count(s.level) FILTER (WHERE s.ethnic_group = 'WHITE' AND s.level = p.to_level) AS white_to,
    count(s.level) FILTER (WHERE s.ethnic_group = 'BME' AND s.level = p.from_level) AS bme_from,
    count(s.level) FILTER (WHERE s.ethnic_group = 'BME' AND s.level = p.to_level) AS bme_to,
    count(s.level) FILTER (WHERE coalesce(s.ethnic_group, 'UNKNOWN') NOT IN ('WHITE', 'BME')
                           AND s.level IN (p.from_level, p.to_level)) AS unknown_excluded
FROM scopes AS x
CROSS JOIN pairs AS p
LEFT JOIN scoped AS s USING (org_code, period_end, staff_scope)
GROUP BY ALL;

CREATE OR REPLACE TABLE marts.race_disparity_ratio AS
WITH forms AS (
    SELECT c.*, 'ratio_of_ratios' AS form,
           wres_measure_rl('WHITE', white_to, white_from, bme_to, bme_from,
                           $non_adverse_low, $non_adverse_high, $small_numbers, $ci_z) AS r
    FROM measure_rdr_cells AS c
    UNION ALL
    SELECT c.*, 'share',
           wres_measure_rl('WHITE', white_to, white_to + white_from, bme_to, bme_to + bme_from,
                           $non_adverse_low, $non_adverse_high, $small_numbers, $ci_z)
    FROM measure_rdr_cells AS c
)
SELECT
    org_code,
    wres_report_year(period_end) AS report_year,
    wres_period_type(period_end) AS period_type,
    period_end,
    staff_scope,
    pair,
    from_level,
    to_level,
    form,
    form = $rdr_form AS is_selected_form,
    $rdr_include_vsm AS vsm_included,
    CASE WHEN NOT lower_level_empty THEN r.relative_likelihood END AS value,
    CASE WHEN lower_level_empty THEN 'NO_POPULATION' ELSE r.rl_status END AS status,
    white_from,
    white_to,
    bme_from,
    bme_to,
    unknown_excluded,
    r.rate_white AS white_ratio,
    r.rate_bme AS bme_ratio,
    CASE WHEN form = 'share' AND NOT lower_level_empty THEN r.rl_ci_lower END AS ci_lower,
    CASE WHEN form = 'share' AND NOT lower_level_empty THEN r.rl_ci_upper END AS ci_upper,
    CASE WHEN NOT lower_level_empty THEN r.rl_range_class END AS range_class,
    r.rl_small_numbers_flag AS small_numbers_flag,
    wres_small_cell(white_from, $suppress_below) OR wres_small_cell(white_to, $suppress_below)
        OR wres_small_cell(bme_from, $suppress_below) OR wres_small_cell(bme_to, $suppress_below)
        AS suppressed_for_publication
FROM (SELECT *, white_from = 0 OR bme_from = 0 AS lower_level_empty FROM forms)
ORDER BY org_code, period_end, staff_scope, sort_order, form;

COMMENT ON TABLE marts.race_disparity_ratio IS 'Race Disparity Ratio (wres-indicators.md §11.1; official definition not found, validate before publication) at every quarter-end snapshot: for each staff scope (all_afc, clinical, non_clinical AfC staff) and level pair (lower_to_upper, middle_to_upper, lower_to_middle), one row per form (ratio_of_ratios and share), so every value carries its form label. Lower = under band 1 and bands 1-5, middle = 6-7, upper = 8a-9 (config measures.rdr_*_bands), VSM in upper only when methods.rdr_include_vsm; Unknown excluded; medical & dental excluded. RDR > 1: White staff proportionally more represented at the higher level than BME staff; 1 = parity.';
COMMENT ON COLUMN marts.race_disparity_ratio.org_code IS 'Organisation (ODS-style code).';
COMMENT ON COLUMN marts.race_disparity_ratio.report_year IS 'WRES report year N whose 12 months (1 April N-1 to 31 March N) contain period_end.';
COMMENT ON COLUMN marts.race_disparity_ratio.period_type IS 'wres_year (31 March snapshot) or rolling_12m (another quarter-end snapshot).';
COMMENT ON COLUMN marts.race_disparity_ratio.period_end IS 'Quarter-end snapshot date.';
COMMENT ON COLUMN marts.race_disparity_ratio.staff_scope IS 'all_afc (clinical and non-clinical AfC staff), clinical, or non_clinical.';
COMMENT ON COLUMN marts.race_disparity_ratio.pair IS 'lower_to_upper, middle_to_upper or lower_to_middle (from -> to level).';
COMMENT ON COLUMN marts.race_disparity_ratio.from_level IS 'The lower level of the pair (lower or middle).';
COMMENT ON COLUMN marts.race_disparity_ratio.to_level IS 'The higher level of the pair (middle or upper).';
COMMENT ON COLUMN marts.race_disparity_ratio.form IS 'ratio_of_ratios = (White_to/White_from)/(BME_to/BME_from); share = (White_to/(White_to+White_from))/(BME_to/(BME_to+BME_from)).';
COMMENT ON COLUMN marts.race_disparity_ratio.is_selected_form IS 'TRUE for the form chosen in methods.rdr_form (default ratio_of_ratios): the one to headline.';
COMMENT ON COLUMN marts.race_disparity_ratio.vsm_included IS 'methods.rdr_include_vsm: whether VSM staff are in the upper level.';
COMMENT ON COLUMN marts.race_disparity_ratio.value IS 'The ratio (unrounded; round to 2 dp for display). NULL unless status is OK (or FOCUS_ZERO, value 0).';
COMMENT ON COLUMN marts.race_disparity_ratio.status IS 'OK; NO_POPULATION (no White or no BME staff at the lower level, both forms); NO_EVENTS (no staff at the higher level); REFERENCE_ZERO (no BME staff at the higher level: infinite); FOCUS_ZERO (no White staff at the higher level: 0).';
COMMENT ON COLUMN marts.race_disparity_ratio.white_from IS 'White AfC headcount at the lower level of the pair.';
COMMENT ON COLUMN marts.race_disparity_ratio.white_to IS 'White AfC headcount at the higher level.';
COMMENT ON COLUMN marts.race_disparity_ratio.bme_from IS 'BME AfC headcount at the lower level.';
COMMENT ON COLUMN marts.race_disparity_ratio.bme_to IS 'BME AfC headcount at the higher level.';
COMMENT ON COLUMN marts.race_disparity_ratio.unknown_excluded IS 'Unknown-ethnicity AfC staff at the two levels, left out of the ratio.';
COMMENT ON COLUMN marts.race_disparity_ratio.white_ratio IS 'White term of the form: White_to/White_from (ratio_of_ratios) or White_to/(White_to+White_from) (share).';
COMMENT ON COLUMN marts.race_disparity_ratio.bme_ratio IS 'BME term of the form, as white_ratio.';
COMMENT ON COLUMN marts.race_disparity_ratio.ci_lower IS '95 % CI lower bound (log scale, §0.3), share form only.';
COMMENT ON COLUMN marts.race_disparity_ratio.ci_upper IS '95 % CI upper bound, share form only.';
COMMENT ON COLUMN marts.race_disparity_ratio.range_class IS 'below / non_adverse / adverse against the 0.80-1.25 band of §0.3, an interpretation aid [D] (no official RDR range).';
COMMENT ON COLUMN marts.race_disparity_ratio.small_numbers_flag IS 'TRUE when White_to or BME_to is below thresholds.small_numbers.';
COMMENT ON COLUMN marts.race_disparity_ratio.suppressed_for_publication IS 'TRUE when any of the four counts is 1 .. thresholds.suppress_below - 1 (default 1-4); blanked in the published copy (§12).';
