-- marts.recruitment_funnel: applied, shortlisted and appointed by ethnicity, overall and per AfC band
-- (the vacancy's band), per financial year (period_type wres_year) and rolling 12 months to each quarter
-- end, with stage conversion rates and the shortlisting -> appointment relative likelihood (White / BME,
-- indicator 2's direction) per band (seed 000 QI project 1 "workforce profile" measure 3; §2; §3.2).
-- Unit: methods.ind2_unit (applications, default; or applicants, each once per stage, band and window,
-- with the ethnicity of their latest application and appointed if any shortlisted application was).
-- Dates: measures.funnel_date_basis 'stage' (default): applied by application date; shortlisted and
-- appointed by the shortlisting date (application date when missing and
-- methods.ind2_fallback_to_application_date), so the 'all' row's RL is indicator 2; 'application':
-- every stage by application date (a cohort). Appointed = offer made and accepted, from shortlisting.
-- Periods: quarter ends of intermediate.wres_period whose 12 months the applications cover.
CREATE OR REPLACE TEMP TABLE measure_funnel_apps AS
SELECT
    org_code,
    CASE WHEN $ind2_unit = 'applicants' THEN coalesce(applicant_id, application_id)
         ELSE coalesce(application_id, vacancy_reference || '|' || applicant_id) END AS unit_id,
    wres_band_label(band) AS band,
    coalesce(ethnic_group, 'UNKNOWN') AS ethnic_group,
    application_date,
    coalesce(is_shortlisted, FALSE) AS is_shortlisted,
    coalesce(is_appointed, FALSE) AS is_appointed,
    CASE WHEN $funnel_date_basis = 'application' THEN application_date
         WHEN $ind2_fallback_to_application_date THEN coalesce(shortlisted_date, application_date)
         ELSE shortlisted_date END AS shortlist_period_date
FROM staging.applications;

CREATE OR REPLACE TEMP TABLE measure_funnel_periods AS
SELECT org_code, period_start, period_end
FROM intermediate.wres_period
WHERE list_contains(covered_sources, 'applications');

CREATE OR REPLACE TEMP TABLE measure_funnel_members AS
WITH by_breakdown AS (
    SELECT *, 'all' AS breakdown_type, 'all' AS breakdown_value FROM measure_funnel_apps
    UNION ALL
    SELECT *, 'band', band FROM measure_funnel_apps
),
applied AS (
    SELECT p.org_code, p.period_start, p.period_end, a.breakdown_type, a.breakdown_value, a.unit_id,
           arg_max(a.ethnic_group, a.application_date) AS ethnic_group
    FROM measure_funnel_periods AS p
    JOIN by_breakdown AS a ON a.org_code = p.org_code AND a.application_date BETWEEN p.period_start AND p.period_end
    GROUP BY ALL
),
shortlisted AS (
    SELECT p.org_code, p.period_start, p.period_end, a.breakdown_type, a.breakdown_value, a.unit_id,
           arg_max(a.ethnic_group, a.shortlist_period_date) AS ethnic_group, bool_or(a.is_appointed) AS is_appointed
    FROM measure_funnel_periods AS p
    JOIN by_breakdown AS a
      ON a.org_code = p.org_code AND a.is_shortlisted AND a.shortlist_period_date BETWEEN p.period_start AND p.period_end
    GROUP BY ALL
),
breakdown_values AS (  -- 'all' for every covered period, and every band with an application in it
    SELECT org_code, period_start, period_end, 'all' AS breakdown_type, 'all' AS breakdown_value FROM measure_funnel_periods
    UNION
    SELECT DISTINCT org_code, period_start, period_end, breakdown_type, breakdown_value FROM applied
    UNION
    SELECT DISTINCT org_code, period_start, period_end, breakdown_type, breakdown_value FROM shortlisted
)
SELECT org_code, period_start, period_end, breakdown_type, breakdown_value, 'applied' AS stage, ethnic_group FROM applied
UNION ALL
SELECT org_code, period_start, period_end, breakdown_type, breakdown_value, 'shortlisted', ethnic_group FROM shortlisted
UNION ALL
SELECT org_code, period_start, period_end, breakdown_type, breakdown_value, 'appointed', ethnic_group
FROM shortlisted WHERE is_appointed
UNION ALL  -- zero rows: every stage of every breakdown value
SELECT v.*, s.stage, NULL
FROM breakdown_values AS v CROSS JOIN (VALUES ('applied'), ('shortlisted'), ('appointed')) AS s(stage);

CREATE OR REPLACE TEMP TABLE measure_funnel_counts AS
SELECT *, CASE stage WHEN 'shortlisted' THEN 'applied' WHEN 'appointed' THEN 'shortlisted' END AS from_stage
FROM wres_ethnic_counts('measure_funnel_members', $suppress_below);

CREATE OR REPLACE TABLE marts.recruitment_funnel AS
SELECT
    c.org_code,
    wres_report_year(c.period_end) AS report_year,
    wres_period_type(c.period_end) AS period_type,
    c.period_start,
    c.period_end,
    $ind2_unit AS unit,
    $funnel_date_basis AS date_basis,
    c.breakdown_type,
    c.breakdown_value,
    c.stage,
    CASE c.stage WHEN 'applied' THEN 1 WHEN 'shortlisted' THEN 2 ELSE 3 END AS stage_order,
    c.n_white,
    c.n_bme,
    c.n_unknown,
    c.n_total,
    c.pct_white,
    c.pct_bme,
    c.pct_unknown,
    c.from_stage,
    wres_rate(c.n_white, f.n_white) AS conversion_white,
    wres_rate(c.n_bme, f.n_bme) AS conversion_bme,
    wres_rate(c.n_unknown, f.n_unknown) AS conversion_unknown,
    wres_rate(c.n_total, f.n_total) AS conversion_total,
    unnest(CASE WHEN c.stage = 'appointed'
                THEN wres_measure_rl('WHITE', c.n_white, f.n_white, c.n_bme, f.n_bme, $non_adverse_low, $non_adverse_high,
                                     $small_numbers, $ci_z) END),
    c.suppressed_for_publication OR coalesce(f.suppressed_for_publication, FALSE) AS suppressed_for_publication
FROM measure_funnel_counts AS c
LEFT JOIN measure_funnel_counts AS f
  ON f.org_code = c.org_code AND f.period_end = c.period_end AND f.breakdown_type = c.breakdown_type
 AND f.breakdown_value = c.breakdown_value AND f.stage = c.from_stage
ORDER BY c.org_code, c.period_end, c.breakdown_type, c.breakdown_value, stage_order;

COMMENT ON TABLE marts.recruitment_funnel IS 'Recruitment funnel by ethnicity: applied, shortlisted and appointed (offer made and accepted) per financial year (wres_year) and rolling 12 months to each quarter end (rolling_12m), overall and per AfC band of the vacancy, with each stage as % White / BME / Unknown, the conversion from the previous stage, and on the appointed rows the relative likelihood of White vs BME shortlisted applicants being appointed (White / BME, > 1 = White more likely, as indicator 2). Unit and dates per unit and date_basis. Seed 000 QI project 1 "workforce profile" measure 3.';
COMMENT ON COLUMN marts.recruitment_funnel.org_code IS 'Organisation (ODS-style code).';
COMMENT ON COLUMN marts.recruitment_funnel.report_year IS 'WRES report year N whose 12 months (1 April N-1 to 31 March N) contain period_end.';
COMMENT ON COLUMN marts.recruitment_funnel.period_type IS 'wres_year (financial year to 31 March) or rolling_12m (12 months to another quarter end).';
COMMENT ON COLUMN marts.recruitment_funnel.period_start IS 'First day of the 12-month window.';
COMMENT ON COLUMN marts.recruitment_funnel.period_end IS 'Quarter end closing the window.';
COMMENT ON COLUMN marts.recruitment_funnel.unit IS 'methods.ind2_unit: applications (each counts) or applicants (each person once per stage, band and window).';
COMMENT ON COLUMN marts.recruitment_funnel.date_basis IS 'measures.funnel_date_basis: stage (applied by application date, shortlisted / appointed by shortlisting date, as indicator 2) or application (every stage by application date).';
COMMENT ON COLUMN marts.recruitment_funnel.breakdown_type IS 'all or band.';
COMMENT ON COLUMN marts.recruitment_funnel.breakdown_value IS 'all, or the vacancy band code (band_1 .. band_9, band_8a-8d, vsm, medical, non_afc_other, unknown).';
COMMENT ON COLUMN marts.recruitment_funnel.stage IS 'applied, shortlisted or appointed.';
COMMENT ON COLUMN marts.recruitment_funnel.stage_order IS '1 applied, 2 shortlisted, 3 appointed.';
COMMENT ON COLUMN marts.recruitment_funnel.n_white IS 'White applications (or applicants) at this stage.';
COMMENT ON COLUMN marts.recruitment_funnel.n_bme IS 'BME applications at this stage.';
COMMENT ON COLUMN marts.recruitment_funnel.n_unknown IS 'Unknown-ethnicity applications at this stage.';
COMMENT ON COLUMN marts.recruitment_funnel.n_total IS 'All applications at this stage.';
COMMENT ON COLUMN marts.recruitment_funnel.pct_white IS 'White % of the stage (0-100): the ethnic profile of applicants / shortlisted / appointees.';
COMMENT ON COLUMN marts.recruitment_funnel.pct_bme IS 'BME % of the stage (0-100).';
COMMENT ON COLUMN marts.recruitment_funnel.pct_unknown IS 'Unknown % of the stage (0-100).';
COMMENT ON COLUMN marts.recruitment_funnel.from_stage IS 'The stage the conversion divides by (applied for shortlisted, shortlisted for appointed); NULL for applied.';
COMMENT ON COLUMN marts.recruitment_funnel.conversion_white IS 'White at this stage / White at from_stage (fraction). Under date_basis stage the two stages may sit in different windows (shortlisted after 31 March counts next year).';
COMMENT ON COLUMN marts.recruitment_funnel.conversion_bme IS 'BME conversion from from_stage (fraction).';
COMMENT ON COLUMN marts.recruitment_funnel.conversion_unknown IS 'Unknown conversion from from_stage (fraction).';
COMMENT ON COLUMN marts.recruitment_funnel.conversion_total IS 'Overall conversion from from_stage (fraction).';
COMMENT ON COLUMN marts.recruitment_funnel.rate_white IS 'Appointed rows: White appointed / White shortlisted (fraction).';
COMMENT ON COLUMN marts.recruitment_funnel.rate_bme IS 'Appointed rows: BME appointed / BME shortlisted (fraction).';
COMMENT ON COLUMN marts.recruitment_funnel.rl_focus IS 'WHITE: relative_likelihood = rate_white / rate_bme.';
COMMENT ON COLUMN marts.recruitment_funnel.relative_likelihood IS 'Appointed rows: rate_white / rate_bme (unrounded); NULL unless rl_status is OK (0 for FOCUS_ZERO).';
COMMENT ON COLUMN marts.recruitment_funnel.rl_status IS 'OK, NO_POPULATION, NO_EVENTS, REFERENCE_ZERO or FOCUS_ZERO (wres-indicators.md §0.3).';
COMMENT ON COLUMN marts.recruitment_funnel.rl_ci_lower IS '95 % CI lower bound on the log scale (§0.3).';
COMMENT ON COLUMN marts.recruitment_funnel.rl_ci_upper IS '95 % CI upper bound.';
COMMENT ON COLUMN marts.recruitment_funnel.rl_range_class IS 'below / non_adverse / adverse against 0.80-1.25 (§0.3).';
COMMENT ON COLUMN marts.recruitment_funnel.rl_small_numbers_flag IS 'TRUE when White or BME appointed are below thresholds.small_numbers.';
COMMENT ON COLUMN marts.recruitment_funnel.suppressed_for_publication IS 'TRUE when any count of the row, or of the from_stage row its conversions and RL divide by, is 1 .. thresholds.suppress_below - 1 (default 1-4); blanked in the published copy (§12).';
