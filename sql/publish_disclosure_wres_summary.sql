-- Runs inside the PUBLISHED copy, after marts.wres_indicator_result has had its disclosure control:
-- a summary value built on a blanked result cell is blanked too (rule 'derived'), and so is the change
-- on the previous year when that year is blanked (it would give the blanked value back by subtraction),
-- and the workforce BME % repeated on every row (with the gaps to it) when the organisation's overall BME %
-- is blanked.
ALTER TABLE marts.wres_summary ADD COLUMN suppression_rule VARCHAR;
COMMENT ON COLUMN marts.wres_summary.suppression_rule IS
    'Why the values of this row are blank in the published copy: derived (built on a suppressed cell of marts.wres_indicator_result) or derived_previous_year (the change would reveal a suppressed previous year)';
UPDATE marts.wres_summary AS s SET suppression_rule = 'derived'
WHERE EXISTS (
    SELECT 1 FROM marts.wres_indicator_result AS r
    WHERE r.period_type = 'wres_year' AND r.org_code = s.org_code AND r.report_year = s.report_year
      AND r.indicator = s.indicator AND r.suppression_rule IS NOT NULL
      AND r.subgroup = s.breakdown AND r.measure = s.measure
);
UPDATE marts.wres_summary AS s
SET previous_value = NULL, change = NULL, direction = NULL,
    suppression_rule = coalesce(s.suppression_rule, 'derived_previous_year')
WHERE EXISTS (
    SELECT 1 FROM marts.wres_summary AS p
    WHERE p.org_code = s.org_code AND p.indicator = s.indicator AND p.breakdown = s.breakdown
      AND p.report_year = s.report_year - 1 AND p.suppression_rule = 'derived'
);
UPDATE marts.wres_summary
SET white_value = NULL, bme_value = NULL, bme_minus_white_pp = NULL, headline_value = NULL, headline_display = NULL,
    gap_to_workforce_pp = NULL, change = NULL, direction = NULL, gap_to_national = NULL, gap_to_region = NULL,
    gap_to_ics = NULL
WHERE suppression_rule = 'derived';
UPDATE marts.wres_summary AS s SET workforce_bme_pct = NULL, gap_to_workforce_pp = NULL
WHERE EXISTS (
    SELECT 1 FROM marts.wres_indicator_result AS r
    WHERE r.period_type = 'wres_year' AND r.org_code = s.org_code AND r.report_year = s.report_year
      AND r.indicator = 1 AND r.subgroup = 'overall:total' AND r.measure = 'percent' AND r.suppression_rule IS NOT NULL
);
