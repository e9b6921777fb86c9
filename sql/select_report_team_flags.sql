-- The WRES report (wres_pipeline/report.py): team flags.
SELECT directorate, flag, n_teams FROM marts.team_flag_counts
WHERE org_code = $org_code AND period_end = make_date($year, 3, 31) AND scope = 'directorate'
  AND flag_basis = 'unknown_included' AND NOT coalesce(suppressed_for_publication, FALSE)
ORDER BY directorate, flag;
