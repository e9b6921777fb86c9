-- marts.ethnicity_pay_gap: the ethnicity pay gap at each 31 March snapshot, mirroring the gender pay gap
-- method (wres-indicators.md §11.3; seed 000 QI 1 "complete an Ethnicity Pay Gap review").
-- Population: counted staff in the 31 March workforce snapshot, hourly pay from their primary counted
-- assignment (the one that gives band and staff group, source-extracts §8); "full-pay relevant":
-- assignments whose status is in measures.pay_gap_excluded_statuses (default Maternity & Adoption,
-- reduced pay) are left out [D] and counted (measure reduced_pay_excluded).
-- Hourly pay [D]: ESR Hourly Rate; else annual pay / (contracted hours x measures.pay_weeks_per_year,
-- default 52.143), where annual pay = Annual Salary ('actual' basis, the default) or Annual Salary x FTE
-- ('fte' basis: Annual Salary is the full-time salary) per measures.pay_annual_salary_basis. People with
-- neither are left out and counted (measure no_pay_data).
-- Gaps: (White - BME) / White x 100 on the mean and on the median (positive = BME paid less); Unknown
-- excluded from the gap, its size reported; status GROUP_BELOW_MINIMUM (computed, flagged for
-- suppression) when White or BME has fewer than thresholds.pay_gap_min_group people.
-- Quartiles: everyone with pay (Unknown included) ranked by hourly pay (ties by person id) and cut into
-- four groups of equal size (ntile; the first quartiles take the remainder); composition per quartile.
-- Bonus: not in the ESR extracts, so one bonus_pay row with status NO_BONUS_DATA.
CREATE OR REPLACE TEMP TABLE measure_pay_people AS
SELECT
    w.org_code,
    w.snapshot_date AS period_end,
    w.person_id,
    wres_breakdown_value(w.staff_group) AS staff_group,
    coalesce(w.ethnic_group, 'UNKNOWN') AS ethnic_group,
    list_contains($pay_gap_excluded_statuses, s.assignment_status) AS is_reduced_pay,
    coalesce(s.hourly_rate > 0, FALSE) AS from_hourly_rate,
    -- exact decimals (to a millionth of a pound): sums, and so means, do not depend on the order rows are added in
    CASE WHEN s.hourly_rate > 0 THEN CAST(s.hourly_rate AS DECIMAL(18, 6))
         WHEN s.annual_salary > 0 AND s.contracted_hours > 0
             THEN CAST(CAST(s.annual_salary * CASE WHEN $pay_annual_salary_basis = 'fte' THEN s.fte ELSE 1 END AS DOUBLE)
                       / CAST(s.contracted_hours * CAST($pay_weeks_per_year AS DECIMAL(18, 6)) AS DOUBLE)
                       AS DECIMAL(18, 6))
    END AS hourly_pay
FROM staging.workforce_snapshot AS w
LEFT JOIN staging.staff_in_post AS s
  ON s.org_code = w.org_code AND s.snapshot_date = w.snapshot_date AND s.person_id = w.person_id
 AND s.assignment_number IS NOT DISTINCT FROM w.assignment_number
WHERE month(w.snapshot_date) = 3 AND day(w.snapshot_date) = 31;

CREATE OR REPLACE TEMP TABLE measure_pay_members AS
WITH paid AS (
    SELECT *, ntile(4) OVER (PARTITION BY org_code, period_end ORDER BY hourly_pay, person_id) AS quartile
    FROM measure_pay_people
    WHERE NOT coalesce(is_reduced_pay, FALSE) AND hourly_pay IS NOT NULL
)
SELECT org_code, period_end, 'hourly_pay' AS measure, 'all' AS breakdown_type, 'all' AS breakdown_value, ethnic_group
FROM paid
UNION ALL
SELECT org_code, period_end, 'hourly_pay', 'staff_group', staff_group, ethnic_group FROM paid
UNION ALL
SELECT org_code, period_end, 'pay_quartile', 'pay_quartile',
       ['q1_lower', 'q2_lower_middle', 'q3_upper_middle', 'q4_upper'][quartile], ethnic_group
FROM paid
UNION ALL
SELECT org_code, period_end, 'no_pay_data', 'all', 'all', ethnic_group
FROM measure_pay_people WHERE NOT coalesce(is_reduced_pay, FALSE) AND hourly_pay IS NULL
UNION ALL
SELECT org_code, period_end, 'reduced_pay_excluded', 'all', 'all', ethnic_group
FROM measure_pay_people WHERE coalesce(is_reduced_pay, FALSE)
UNION ALL  -- zero rows: every organisation-year has each measure's 'all' row and all four quartiles
SELECT DISTINCT org_code, period_end, m.measure, m.breakdown_type, m.breakdown_value, CAST(NULL AS VARCHAR)
FROM measure_pay_people
CROSS JOIN (VALUES ('hourly_pay', 'all', 'all'), ('no_pay_data', 'all', 'all'), ('reduced_pay_excluded', 'all', 'all'),
                   ('pay_quartile', 'pay_quartile', 'q1_lower'), ('pay_quartile', 'pay_quartile', 'q2_lower_middle'),
                   ('pay_quartile', 'pay_quartile', 'q3_upper_middle'), ('pay_quartile', 'pay_quartile', 'q4_upper'))
    AS m(measure, breakdown_type, breakdown_value);

CREATE OR REPLACE TEMP TABLE measure_pay_stats AS
WITH paid AS (
    SELECT * FROM measure_pay_people WHERE NOT coalesce(is_reduced_pay, FALSE) AND hourly_pay IS NOT NULL
),
grouped AS (
    SELECT org_code, period_end, 'all' AS breakdown_type, 'all' AS breakdown_value, ethnic_group, hourly_pay,
           from_hourly_rate FROM paid
    UNION ALL
    SELECT org_code, period_end, 'staff_group', staff_group, ethnic_group, hourly_pay, from_hourly_rate FROM paid
)
SELECT org_code, period_end, 'hourly_pay' AS measure, breakdown_type, breakdown_value,
       CAST(sum(hourly_pay) FILTER (WHERE ethnic_group = 'WHITE') AS DOUBLE)
           / count(hourly_pay) FILTER (WHERE ethnic_group = 'WHITE') AS mean_white,
       CAST(sum(hourly_pay) FILTER (WHERE ethnic_group = 'BME') AS DOUBLE)
           / count(hourly_pay) FILTER (WHERE ethnic_group = 'BME') AS mean_bme,
       CAST(median(hourly_pay) FILTER (WHERE ethnic_group = 'WHITE') AS DOUBLE) AS median_white,
       CAST(median(hourly_pay) FILTER (WHERE ethnic_group = 'BME') AS DOUBLE) AS median_bme,
       count(*) FILTER (WHERE NOT from_hourly_rate) AS n_pay_from_salary
FROM grouped
GROUP BY ALL;

CREATE OR REPLACE TABLE marts.ethnicity_pay_gap AS
WITH gap_rows AS (
    SELECT c.*, s.mean_white, s.mean_bme, s.median_white, s.median_bme, s.n_pay_from_salary,
           CASE WHEN c.measure <> 'hourly_pay' THEN NULL
                WHEN c.n_white = 0 OR c.n_bme = 0 THEN 'NO_COMPARISON_GROUP'
                WHEN c.n_white < $pay_gap_min_group OR c.n_bme < $pay_gap_min_group THEN 'GROUP_BELOW_MINIMUM'
                ELSE 'OK' END AS gap_status
    FROM wres_ethnic_counts('measure_pay_members', $suppress_below) AS c
    LEFT JOIN measure_pay_stats AS s USING (org_code, period_end, measure, breakdown_type, breakdown_value)
)
SELECT
    org_code,
    wres_report_year(period_end) AS report_year,
    wres_period_type(period_end) AS period_type,
    period_end,
    measure,
    breakdown_type,
    breakdown_value,
    n_white,
    n_bme,
    n_unknown,
    n_total,
    pct_white,
    pct_bme,
    pct_unknown,
    mean_white AS mean_hourly_pay_white,
    mean_bme AS mean_hourly_pay_bme,
    median_white AS median_hourly_pay_white,
    median_bme AS median_hourly_pay_bme,
    CASE WHEN gap_status IN ('OK', 'GROUP_BELOW_MINIMUM') THEN 100.0 * (mean_white - mean_bme) / mean_white END
        AS mean_gap_pct,
    CASE WHEN gap_status IN ('OK', 'GROUP_BELOW_MINIMUM') THEN 100.0 * (median_white - median_bme) / median_white END
        AS median_gap_pct,
    n_pay_from_salary,
    coalesce(gap_status, 'OK') AS status,
    'hourly_rate_else_' || $pay_annual_salary_basis || '_annual_salary/(contracted_hours*' || $pay_weeks_per_year || ')'
        AS hourly_pay_basis,
    suppressed_for_publication OR coalesce(gap_status = 'GROUP_BELOW_MINIMUM', FALSE) AS suppressed_for_publication
FROM gap_rows
UNION ALL BY NAME
SELECT DISTINCT
    org_code,
    wres_report_year(period_end) AS report_year,
    wres_period_type(period_end) AS period_type,
    period_end,
    'bonus_pay' AS measure,
    'all' AS breakdown_type,
    'all' AS breakdown_value,
    'NO_BONUS_DATA' AS status,
    FALSE AS suppressed_for_publication
FROM measure_pay_people
ORDER BY org_code, period_end, measure, breakdown_type, breakdown_value;

COMMENT ON TABLE marts.ethnicity_pay_gap IS 'Ethnicity pay gap at each 31 March snapshot (wres-indicators.md §11.3, mirroring the gender pay gap method). Long format: measure hourly_pay (mean and median hourly pay of White and BME staff and the gaps (White - BME) / White x 100, positive = BME paid less; overall and by staff group; Unknown excluded from the gap, its size in n_unknown); pay_quartile (White / BME / Unknown composition of each hourly-pay quartile); no_pay_data and reduced_pay_excluded (people left out, by ethnicity); bonus_pay (status NO_BONUS_DATA: ESR extracts carry no bonus data). Hourly pay = Hourly Rate, else annual pay / (contracted hours x 52.143), see hourly_pay_basis. No gap is published for a group with fewer than thresholds.pay_gap_min_group White or BME people (status GROUP_BELOW_MINIMUM, flagged for suppression).';
COMMENT ON COLUMN marts.ethnicity_pay_gap.org_code IS 'Organisation (ODS-style code).';
COMMENT ON COLUMN marts.ethnicity_pay_gap.report_year IS 'WRES report year N (snapshot 31 March N).';
COMMENT ON COLUMN marts.ethnicity_pay_gap.period_type IS 'Always wres_year: the pay gap snapshot is 31 March.';
COMMENT ON COLUMN marts.ethnicity_pay_gap.period_end IS 'Snapshot date (31 March).';
COMMENT ON COLUMN marts.ethnicity_pay_gap.measure IS 'hourly_pay, pay_quartile, no_pay_data, reduced_pay_excluded or bonus_pay.';
COMMENT ON COLUMN marts.ethnicity_pay_gap.breakdown_type IS 'all or staff_group (hourly_pay); pay_quartile (pay_quartile); all otherwise.';
COMMENT ON COLUMN marts.ethnicity_pay_gap.breakdown_value IS 'all, the ESR staff group, or the quartile: q1_lower, q2_lower_middle, q3_upper_middle, q4_upper.';
COMMENT ON COLUMN marts.ethnicity_pay_gap.n_white IS 'White people in the row (with pay for hourly_pay / pay_quartile).';
COMMENT ON COLUMN marts.ethnicity_pay_gap.n_bme IS 'BME people in the row.';
COMMENT ON COLUMN marts.ethnicity_pay_gap.n_unknown IS 'Unknown-ethnicity people in the row (excluded from the gap; reported for its size).';
COMMENT ON COLUMN marts.ethnicity_pay_gap.n_total IS 'People in the row (White + BME + Unknown).';
COMMENT ON COLUMN marts.ethnicity_pay_gap.pct_white IS 'White % of n_total (0-100); for pay_quartile rows the quartile composition.';
COMMENT ON COLUMN marts.ethnicity_pay_gap.pct_bme IS 'BME % of n_total (0-100).';
COMMENT ON COLUMN marts.ethnicity_pay_gap.pct_unknown IS 'Unknown % of n_total (0-100).';
COMMENT ON COLUMN marts.ethnicity_pay_gap.mean_hourly_pay_white IS 'Mean hourly pay of White staff (hourly_pay rows).';
COMMENT ON COLUMN marts.ethnicity_pay_gap.mean_hourly_pay_bme IS 'Mean hourly pay of BME staff.';
COMMENT ON COLUMN marts.ethnicity_pay_gap.median_hourly_pay_white IS 'Median hourly pay of White staff (mean of the middle two for an even count).';
COMMENT ON COLUMN marts.ethnicity_pay_gap.median_hourly_pay_bme IS 'Median hourly pay of BME staff.';
COMMENT ON COLUMN marts.ethnicity_pay_gap.mean_gap_pct IS '(mean White - mean BME) / mean White x 100; positive = BME paid less. NULL without both groups.';
COMMENT ON COLUMN marts.ethnicity_pay_gap.median_gap_pct IS '(median White - median BME) / median White x 100.';
COMMENT ON COLUMN marts.ethnicity_pay_gap.n_pay_from_salary IS 'People whose hourly pay was derived from annual salary and contracted hours (no Hourly Rate).';
COMMENT ON COLUMN marts.ethnicity_pay_gap.status IS 'hourly_pay rows: OK; GROUP_BELOW_MINIMUM (White or BME below thresholds.pay_gap_min_group: computed, not to be published); NO_COMPARISON_GROUP (no White or no BME staff: no gap). bonus_pay: NO_BONUS_DATA. Other rows: OK.';
COMMENT ON COLUMN marts.ethnicity_pay_gap.hourly_pay_basis IS 'How hourly pay was derived: Hourly Rate, else the annual salary basis (measures.pay_annual_salary_basis) over contracted hours x weeks per year.';
COMMENT ON COLUMN marts.ethnicity_pay_gap.suppressed_for_publication IS 'TRUE when any count is 1 .. thresholds.suppress_below - 1 (default 1-4), or the gap rests on a group below thresholds.pay_gap_min_group; blanked in the published copy (§12).';
