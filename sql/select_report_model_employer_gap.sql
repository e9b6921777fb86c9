-- The WRES report (wres_pipeline/report.py): model employer gap.
SELECT staff_scope, band, band_rank, pct_bme, target_proportion, target_bme_headcount, n_bme, needed_replace
FROM marts.model_employer_gap WHERE org_code = $org_code AND period_end = make_date($year, 3, 31) AND staff_scope IN ('clinical', 'non_clinical')
  AND n_total > 0 AND NOT coalesce(suppressed_for_publication, FALSE)
ORDER BY staff_scope, band_rank;
