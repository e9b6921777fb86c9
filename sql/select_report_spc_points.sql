-- The WRES report (wres_pipeline/report.py): spc points.
SELECT series_key, label, family, period_end, value, centre, upper_limit, lower_limit, variation
FROM marts.spc_points WHERE family IN ('indicator_1', 'indicator_2', 'indicator_3', 'indicator_4', 'rdr')
  AND (family <> 'rdr' OR series_key = 'rdr:all_afc:lower_to_upper')
ORDER BY series_key, period_end;
