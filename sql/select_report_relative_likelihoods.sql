-- The WRES report (wres_pipeline/report.py): relative likelihoods.
SELECT indicator, subgroup, period_type, period_end, value, ci_lower, ci_upper, range_class
FROM marts.wres_indicator_result WHERE org_code = $org_code AND indicator IN (SELECT indicator FROM ref.wres_indicator WHERE kind = 'relative_likelihood') AND measure = 'relative_likelihood'
  AND period_end <= make_date($year, 3, 31) AND value IS NOT NULL
  AND subgroup = CASE WHEN indicator = 3 THEN 'all:' || $ind3_published ELSE 'all' END
ORDER BY indicator, period_end;
