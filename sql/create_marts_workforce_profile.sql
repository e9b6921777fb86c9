-- marts.workforce_profile: the ethnic profile of the workforce at every quarter-end snapshot (seed 000,
-- QI projects 1 and 3 "workforce profile" and "remuneration" measures; wres-indicators.md §1, §0.2).
-- One row per organisation, snapshot and breakdown value; people counted once (headcount, §8).
CREATE OR REPLACE TEMP TABLE measure_profile_members AS
WITH snap AS (
    SELECT org_code, snapshot_date AS period_end, staff_group, clinical_category, band,
           coalesce(ethnic_group, 'UNKNOWN') AS ethnic_group
    FROM staging.workforce_snapshot
    WHERE wres_is_quarter_end(snapshot_date)
)
SELECT org_code, period_end, 'all' AS breakdown_type, 'all' AS breakdown_value, ethnic_group FROM snap
UNION ALL
SELECT org_code, period_end, 'clinical_category', wres_breakdown_value(clinical_category), ethnic_group FROM snap
UNION ALL
SELECT org_code, period_end, 'clinical_registration',
       CASE WHEN list_contains($registered_staff_groups, staff_group) THEN 'registered'
            WHEN list_contains($non_registered_staff_groups, staff_group) THEN 'non_registered'
            ELSE 'student' END,
       ethnic_group
FROM snap
WHERE list_contains($registered_staff_groups || $non_registered_staff_groups || $student_staff_groups, staff_group)
UNION ALL
SELECT org_code, period_end, 'staff_group', wres_breakdown_value(staff_group), ethnic_group FROM snap
UNION ALL
SELECT org_code, period_end, 'band', wres_band_label(band), ethnic_group FROM snap
UNION ALL
SELECT org_code, period_end, 'senior_pay_band',
       CASE WHEN band = 'VSM' THEN 'vsm' ELSE 'senior_afc' END, ethnic_group
FROM snap
WHERE band = 'VSM' OR list_contains($senior_afc_bands, band)
UNION ALL
SELECT org_code, period_end, 'senior_pay_band', 'senior_afc_and_vsm', ethnic_group
FROM snap
WHERE band = 'VSM' OR list_contains($senior_afc_bands, band);

CREATE OR REPLACE TABLE marts.workforce_profile AS
SELECT
    c.org_code,
    wres_report_year(c.period_end) AS report_year,
    wres_period_type(c.period_end) AS period_type,
    c.period_end,
    c.breakdown_type,
    c.breakdown_value,
    c.n_white,
    c.n_bme,
    c.n_unknown,
    c.n_total,
    c.pct_white,
    c.pct_bme,
    c.pct_unknown,
    100.0 * c.n_total / nullif(w.n_total, 0) AS pct_of_workforce,
    c.suppressed_for_publication
FROM wres_ethnic_counts('measure_profile_members', $suppress_below) AS c
JOIN wres_ethnic_counts('measure_profile_members', $suppress_below) AS w
  ON w.org_code = c.org_code AND w.period_end = c.period_end AND w.breakdown_type = 'all'
ORDER BY c.org_code, c.period_end, c.breakdown_type, c.breakdown_value;

COMMENT ON TABLE marts.workforce_profile IS 'Ethnic profile of the workforce (headcount of people, primary counted assignment, bank excluded) at every quarter-end snapshot, overall and by clinical category, clinical registration, staff group, pay band and senior-manager pay band. period_type wres_year = 31 March (the WRES snapshot), rolling_12m = other quarter ends. Percentages keep Unknown in the denominator (White + BME + Unknown = 100). Seed QI projects 1 and 3 "workforce profile" / "remuneration"; wres-indicators.md §1.';
COMMENT ON COLUMN marts.workforce_profile.org_code IS 'Organisation (ODS-style code).';
COMMENT ON COLUMN marts.workforce_profile.report_year IS 'WRES report year N whose 12 months (1 April N-1 to 31 March N) contain period_end.';
COMMENT ON COLUMN marts.workforce_profile.period_type IS 'wres_year (31 March snapshot) or rolling_12m (another quarter-end snapshot).';
COMMENT ON COLUMN marts.workforce_profile.period_end IS 'Quarter-end snapshot date.';
COMMENT ON COLUMN marts.workforce_profile.breakdown_type IS 'all; clinical_category (clinical / non_clinical / medical, source-extracts §2.4); clinical_registration (registered / non_registered / student by staff group, config measures.registered_staff_groups, non_registered_staff_groups, student_staff_groups; non-clinical staff groups have no row, so these rows do not add up to the total); staff_group (ESR staff group); band (every band code: under_band_1, band_1 .. band_9 incl. band_8a-8d, vsm, medical, non_afc_other, unknown; adds up to the total); senior_pay_band (senior_afc = config measures.senior_afc_bands, default 8c-9; vsm; senior_afc_and_vsm).';
COMMENT ON COLUMN marts.workforce_profile.breakdown_value IS 'Value of the breakdown (all for breakdown_type all; ''(not recorded)'' when the attribute is missing).';
COMMENT ON COLUMN marts.workforce_profile.n_white IS 'White headcount.';
COMMENT ON COLUMN marts.workforce_profile.n_bme IS 'BME headcount.';
COMMENT ON COLUMN marts.workforce_profile.n_unknown IS 'Unknown-ethnicity headcount (not stated / not known / blank).';
COMMENT ON COLUMN marts.workforce_profile.n_total IS 'Total headcount (White + BME + Unknown).';
COMMENT ON COLUMN marts.workforce_profile.pct_white IS 'White % of n_total (0-100); NULL when n_total = 0.';
COMMENT ON COLUMN marts.workforce_profile.pct_bme IS 'BME % of n_total (0-100).';
COMMENT ON COLUMN marts.workforce_profile.pct_unknown IS 'Unknown % of n_total (0-100).';
COMMENT ON COLUMN marts.workforce_profile.pct_of_workforce IS 'n_total as % of the whole workforce at the snapshot (0-100).';
COMMENT ON COLUMN marts.workforce_profile.suppressed_for_publication IS 'TRUE when any count of the row is 1 .. thresholds.suppress_below - 1 (default 1-4); the published copy blanks it (wres-indicators.md §12). Values here are never suppressed.';
