-- marts.team_flag_counts adds up: per directorate (and for the organisation) and flag basis, the teams
-- over all flags = the teams of marts.team_flags, small + not small = teams, and every team of
-- marts.team_flags has a valid flag in both variants.
WITH teams AS (
    SELECT org_code, period_end, 'directorate' AS scope, directorate, count(*) AS n
    FROM marts.team_flags GROUP BY ALL
    UNION ALL
    SELECT org_code, period_end, 'organisation', 'all', count(*) FROM marts.team_flags GROUP BY ALL
),
counted AS (
    SELECT org_code, period_end, scope, directorate, flag_basis, sum(n_teams) AS n, any_value(n_teams_in_scope) AS in_scope,
           bool_or(n_small_teams + n_teams_not_small <> n_teams) AS split_broken
    FROM marts.team_flag_counts GROUP BY ALL
)
SELECT t.org_code, t.period_end, t.scope, t.directorate, c.flag_basis, t.n AS teams, c.n AS counted,
       'flag counts do not add up to the number of teams' AS problem
FROM teams AS t
LEFT JOIN counted AS c USING (org_code, period_end, scope, directorate)
WHERE c.n IS DISTINCT FROM t.n OR c.in_scope IS DISTINCT FROM t.n OR c.split_broken
UNION ALL
SELECT org_code, period_end, 'team', service_team, NULL, NULL, NULL, 'invalid flag'
FROM marts.team_flags
WHERE flag NOT IN ('NO_BME', 'BELOW_TARGET', 'AT_OR_ABOVE')
   OR flag_unknown_excluded NOT IN ('NO_BME', 'BELOW_TARGET', 'AT_OR_ABOVE', 'NO_KNOWN_ETHNICITY');
