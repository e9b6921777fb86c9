-- SPC points are consistent: limits ordered around the centre line, 2-sigma lines inside the limits, a
-- special cause exactly when a rule fires, labels from the known set. Returns the offending points.
SELECT org_code, series_key, period_end, value, centre, lower_limit, upper_limit, variation
FROM marts.spc_points
WHERE (centre IS NOT NULL AND NOT (lower_limit <= lower_2_sigma AND lower_2_sigma <= centre
                                   AND centre <= upper_2_sigma AND upper_2_sigma <= upper_limit))
   OR special_cause <> (beyond_limits OR shift OR trend OR two_of_three)
   OR (special_cause AND centre IS NULL)
   OR variation NOT IN ('common_cause', 'special_cause_improvement', 'special_cause_concern', 'special_cause_neither')
   OR (variation = 'common_cause') = special_cause;
