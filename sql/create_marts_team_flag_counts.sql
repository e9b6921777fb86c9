-- marts.team_flag_counts: how many service teams carry each representation flag, per directorate and
-- for the whole organisation, at every quarter-end snapshot (wres-indicators.md §11.4: public outputs
-- report counts of teams per flag, not named teams). Every flag has a row, zero included.
CREATE OR REPLACE TEMP TABLE measure_team_flag_long AS
SELECT org_code, period_end, directorate, 'unknown_included' AS flag_basis, flag, is_small_team FROM marts.team_flags
UNION ALL
SELECT org_code, period_end, directorate, 'unknown_excluded', flag_unknown_excluded, is_small_team FROM marts.team_flags;

CREATE OR REPLACE TEMP TABLE measure_team_flag_scoped AS
SELECT org_code, period_end, 'directorate' AS scope, directorate, flag_basis, flag, is_small_team
FROM measure_team_flag_long
UNION ALL
SELECT org_code, period_end, 'organisation', 'all', flag_basis, flag, is_small_team
FROM measure_team_flag_long;

CREATE OR REPLACE TABLE marts.team_flag_counts AS
WITH grid AS (
    SELECT DISTINCT s.org_code, s.period_end, s.scope, s.directorate, f.flag_basis, f.flag, f.sort_order
    FROM measure_team_flag_scoped AS s
    CROSS JOIN (VALUES ('unknown_included', 'NO_BME', 1), ('unknown_included', 'BELOW_TARGET', 2),
                       ('unknown_included', 'AT_OR_ABOVE', 3),
                       ('unknown_excluded', 'NO_BME', 1), ('unknown_excluded', 'BELOW_TARGET', 2),
                       ('unknown_excluded', 'AT_OR_ABOVE', 3), ('unknown_excluded', 'NO_KNOWN_ETHNICITY', 4))
        AS f(flag_basis, flag, sort_order)
),
counts AS (
    SELECT org_code, period_end, scope, directorate, flag_basis, flag,
           count(*) AS n_teams, count(*) FILTER (WHERE is_small_team) AS n_small_teams
    FROM measure_team_flag_scoped
    GROUP BY ALL
),
teams AS (
    SELECT org_code, period_end, scope, directorate, flag_basis, count(*) AS n_teams_in_scope
    FROM measure_team_flag_scoped
    GROUP BY ALL
)
SELECT
    g.org_code,
    wres_report_year(g.period_end) AS report_year,
    wres_period_type(g.period_end) AS period_type,
    g.period_end,
    g.scope,
    g.directorate,
    g.flag_basis,
    g.flag,
    coalesce(c.n_teams, 0) AS n_teams,
    coalesce(c.n_small_teams, 0) AS n_small_teams,
    coalesce(c.n_teams, 0) - coalesce(c.n_small_teams, 0) AS n_teams_not_small,
    t.n_teams_in_scope,
    FALSE AS suppressed_for_publication
FROM grid AS g
JOIN teams AS t USING (org_code, period_end, scope, directorate, flag_basis)
LEFT JOIN counts AS c USING (org_code, period_end, scope, directorate, flag_basis, flag)
ORDER BY g.org_code, g.period_end, g.scope DESC, g.directorate, g.flag_basis DESC, g.sort_order;

COMMENT ON TABLE marts.team_flag_counts IS 'Number of service teams per representation flag (NO_BME / BELOW_TARGET / AT_OR_ABOVE, and NO_KNOWN_ETHNICITY in the Unknown-excluded variant) per directorate and for the whole organisation, at every quarter-end snapshot, with how many of them are small teams (below targets.min_team_size). The public output of wres-indicators.md §11.4: counts of teams, never named teams. Per scope and flag_basis, n_teams over the flags adds up to n_teams_in_scope.';
COMMENT ON COLUMN marts.team_flag_counts.org_code IS 'Organisation (ODS-style code).';
COMMENT ON COLUMN marts.team_flag_counts.report_year IS 'WRES report year N whose 12 months (1 April N-1 to 31 March N) contain period_end.';
COMMENT ON COLUMN marts.team_flag_counts.period_type IS 'wres_year (31 March snapshot) or rolling_12m (another quarter-end snapshot).';
COMMENT ON COLUMN marts.team_flag_counts.period_end IS 'Quarter-end snapshot date.';
COMMENT ON COLUMN marts.team_flag_counts.scope IS 'directorate (the teams of one directorate) or organisation (every team; directorate = all).';
COMMENT ON COLUMN marts.team_flag_counts.directorate IS 'Directorate name, or all for the organisation row.';
COMMENT ON COLUMN marts.team_flag_counts.flag_basis IS 'unknown_included (marts.team_flags.flag) or unknown_excluded (flag_unknown_excluded).';
COMMENT ON COLUMN marts.team_flag_counts.flag IS 'NO_BME, BELOW_TARGET, AT_OR_ABOVE, or (unknown_excluded only) NO_KNOWN_ETHNICITY.';
COMMENT ON COLUMN marts.team_flag_counts.n_teams IS 'Teams with this flag (0 when none).';
COMMENT ON COLUMN marts.team_flag_counts.n_small_teams IS 'Of which SMALL_TEAM (headcount below targets.min_team_size).';
COMMENT ON COLUMN marts.team_flag_counts.n_teams_not_small IS 'Of which at or above targets.min_team_size.';
COMMENT ON COLUMN marts.team_flag_counts.n_teams_in_scope IS 'All teams of the directorate (or organisation) at the snapshot.';
COMMENT ON COLUMN marts.team_flag_counts.suppressed_for_publication IS 'Always FALSE: these are counts of teams, not of people, published by design (§11.4); the person counts behind them stay in marts.team_flags.';
