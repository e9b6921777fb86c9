-- marts.team_flags: every service team, by directorate, at every quarter-end snapshot, flagged against
-- the BME target (wres-indicators.md §11.4; seed 000 QI project 1 "representation" measures 2-4).
-- "All service teams by directorate with no BME member of staff":
--     SELECT directorate, service_team FROM marts.team_flags WHERE period_end = ... AND flag = 'NO_BME'.
-- Person-level detail stays in the private build; the public output is marts.team_flag_counts.
CREATE OR REPLACE TEMP TABLE measure_team_members AS
SELECT org_code, snapshot_date AS period_end, wres_breakdown_value(directorate) AS directorate,
       wres_breakdown_value(service_team) AS service_team, coalesce(ethnic_group, 'UNKNOWN') AS ethnic_group
FROM staging.workforce_snapshot
WHERE wres_is_quarter_end(snapshot_date);

CREATE OR REPLACE TEMP TABLE measure_team_target AS
SELECT
    org_code,
    period_end,
    count(*) FILTER (WHERE ethnic_group = 'BME') AS org_bme,
    count(*) AS org_total,
    count(*) FILTER (WHERE ethnic_group IN ('WHITE', 'BME')) AS org_known,
    -- target share as an exact fraction: the configured share, or the organisation's own BME share
    CASE WHEN $team_target_basis = 'fixed' THEN wres_share_numerator($target_bme_share)
         ELSE count(*) FILTER (WHERE ethnic_group = 'BME') END AS target_num,
    CASE WHEN $team_target_basis = 'fixed' THEN wres_share_denominator()
         ELSE count(*) END AS target_den,
    CASE WHEN $team_target_basis = 'fixed' THEN wres_share_numerator($target_bme_share)
         ELSE count(*) FILTER (WHERE ethnic_group = 'BME') END AS target_num_known,
    CASE WHEN $team_target_basis = 'fixed' THEN wres_share_denominator()
         ELSE count(*) FILTER (WHERE ethnic_group IN ('WHITE', 'BME')) END AS target_den_known
FROM measure_team_members
GROUP BY ALL;

CREATE OR REPLACE TABLE marts.team_flags AS
SELECT
    c.org_code,
    wres_report_year(c.period_end) AS report_year,
    wres_period_type(c.period_end) AS period_type,
    c.period_end,
    c.directorate,
    c.service_team,
    c.n_white,
    c.n_bme,
    c.n_unknown,
    c.n_total,
    c.pct_white,
    c.pct_bme,
    c.pct_unknown,
    100.0 * c.n_bme / nullif(c.n_white + c.n_bme, 0) AS pct_bme_unknown_excluded,
    $team_target_basis AS target_basis,
    CAST(t.target_num AS DOUBLE) / nullif(t.target_den, 0) AS target_share,
    CAST(t.target_num_known AS DOUBLE) / nullif(t.target_den_known, 0) AS target_share_unknown_excluded,
    wres_share_flag(c.n_bme, c.n_total, t.target_num, t.target_den) AS flag,
    wres_share_flag(c.n_bme, c.n_white + c.n_bme, t.target_num_known, t.target_den_known) AS flag_unknown_excluded,
    c.n_total < $min_team_size AS is_small_team,
    $min_team_size AS min_team_size,
    c.suppressed_for_publication
FROM wres_ethnic_counts('measure_team_members', $suppress_below) AS c
JOIN measure_team_target AS t USING (org_code, period_end)
ORDER BY c.org_code, c.period_end, c.directorate, c.service_team;

COMMENT ON TABLE marts.team_flags IS 'Every service team (ESR organisation level used as staging service_team) within its directorate at every quarter-end snapshot, with its White / BME / Unknown headcount and a representation flag against the BME target (wres-indicators.md §11.4): NO_BME if no BME member; BELOW_TARGET if 0 < BME share < target; AT_OR_ABOVE otherwise. Compared exactly (integers), so a share equal to the target is AT_OR_ABOVE. Also the variant with Unknown excluded, and SMALL_TEAM marking (is_small_team) below targets.min_team_size. Internal table: public outputs use marts.team_flag_counts.';
COMMENT ON COLUMN marts.team_flags.org_code IS 'Organisation (ODS-style code).';
COMMENT ON COLUMN marts.team_flags.report_year IS 'WRES report year N whose 12 months (1 April N-1 to 31 March N) contain period_end.';
COMMENT ON COLUMN marts.team_flags.period_type IS 'wres_year (31 March snapshot) or rolling_12m (another quarter-end snapshot).';
COMMENT ON COLUMN marts.team_flags.period_end IS 'Quarter-end snapshot date.';
COMMENT ON COLUMN marts.team_flags.directorate IS 'Directorate (ESR Org L3); ''(not recorded)'' when missing.';
COMMENT ON COLUMN marts.team_flags.service_team IS 'Service team (ESR Org L4, else the lowest organisation); ''(not recorded)'' when missing.';
COMMENT ON COLUMN marts.team_flags.n_white IS 'White headcount of the team.';
COMMENT ON COLUMN marts.team_flags.n_bme IS 'BME headcount of the team.';
COMMENT ON COLUMN marts.team_flags.n_unknown IS 'Unknown-ethnicity headcount of the team.';
COMMENT ON COLUMN marts.team_flags.n_total IS 'Team headcount (White + BME + Unknown).';
COMMENT ON COLUMN marts.team_flags.pct_white IS 'White % of n_total (0-100).';
COMMENT ON COLUMN marts.team_flags.pct_bme IS 'BME % of n_total (0-100): team_bme_pct of §11.4.';
COMMENT ON COLUMN marts.team_flags.pct_unknown IS 'Unknown % of n_total (0-100).';
COMMENT ON COLUMN marts.team_flags.pct_bme_unknown_excluded IS 'BME % of White + BME (0-100); NULL when the team has no known ethnicity.';
COMMENT ON COLUMN marts.team_flags.target_basis IS 'targets.team_target_basis: fixed (targets.bme_share, default 0.19) or organisation_bme_share (the organisation''s own BME share at the same snapshot).';
COMMENT ON COLUMN marts.team_flags.target_share IS 'Target BME share (fraction) for flag: the fixed share, or organisation BME / organisation headcount.';
COMMENT ON COLUMN marts.team_flags.target_share_unknown_excluded IS 'Target BME share (fraction) for flag_unknown_excluded: the fixed share, or organisation BME / (White + BME).';
COMMENT ON COLUMN marts.team_flags.flag IS 'NO_BME, BELOW_TARGET or AT_OR_ABOVE on BME / (White + BME + Unknown).';
COMMENT ON COLUMN marts.team_flags.flag_unknown_excluded IS 'Same flag on BME / (White + BME); NO_KNOWN_ETHNICITY when every member is Unknown.';
COMMENT ON COLUMN marts.team_flags.is_small_team IS 'SMALL_TEAM: headcount below targets.min_team_size (default 10); a flag on so few people says little.';
COMMENT ON COLUMN marts.team_flags.min_team_size IS 'targets.min_team_size used for is_small_team.';
COMMENT ON COLUMN marts.team_flags.suppressed_for_publication IS 'TRUE when any count of the row is 1 .. thresholds.suppress_below - 1 (default 1-4); the table is internal, its counts are published only through marts.team_flag_counts.';
