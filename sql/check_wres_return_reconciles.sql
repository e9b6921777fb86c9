-- Lines of marts.wres_return that do not reconcile (must be none): an indicator 1 template row missing
-- for an organisation and year; a line whose White + BME + Unknown is not its total; a category whose
-- band (or grade) lines do not add up to its total (senior medical managers are a sub-count of
-- consultants); category totals that do not add up to the overall workforce; a headline row of
-- marts.wres_indicator_result with no line, or a line whose figures differ from that row.
WITH ret AS (SELECT * FROM marts.wres_return),
r AS (SELECT * FROM marts.wres_indicator_result WHERE period_type = 'wres_year'),
missing_template AS (
    SELECT o.org_code, o.report_year, '1 ' || replace(t.subgroup, ':', ' ') AS line_code, 'template row missing' AS problem
    FROM (SELECT DISTINCT org_code, report_year FROM r) AS o CROSS JOIN ref.indicator_1_row AS t
    WHERE NOT EXISTS (SELECT 1 FROM ret WHERE ret.org_code = o.org_code AND ret.report_year = o.report_year
                                          AND ret.indicator = 1 AND ret.subgroup = t.subgroup)
),
groups_sum AS (
    SELECT org_code, report_year, line_code,
           'White + BME + Unknown = ' || (white_count + bme_count + unknown_count) || ' but total is ' || total_count
    FROM ret WHERE white_count + bme_count + unknown_count <> total_count
),
categories AS (
    SELECT org_code, report_year, split_part(subgroup, ':', 1) AS category,
           sum(total_count) FILTER (WHERE NOT subgroup LIKE '%:total'
                                    AND subgroup <> 'medical:consultant_senior_medical_manager') AS lines,
           max(total_count) FILTER (WHERE subgroup LIKE '%:total') AS total
    FROM ret WHERE indicator = 1 AND subgroup <> 'overall:total' AND split_part(subgroup, ':', 1) <> 'afc' GROUP BY ALL
),
band_8a_plus AS (  -- the Model Employer line adds up bands 8a to 9 and VSM
    SELECT a.org_code, a.report_year, a.line_code,
           'bands 8a-9 and VSM add up to ' || sum(b.total_count) || ' but the line is ' || any_value(a.total_count)
    FROM ret AS a
    JOIN ret AS b ON b.org_code = a.org_code AND b.report_year = a.report_year AND b.indicator = 1
    JOIN ref.indicator_1_row AS t ON t.subgroup = b.subgroup AND t.in_band_8a_plus
    WHERE a.indicator = 1 AND a.subgroup = 'afc:band_8a_plus'
    GROUP BY ALL HAVING sum(b.total_count) IS DISTINCT FROM any_value(a.total_count)
),
lines_sum AS (
    SELECT org_code, report_year, '1 ' || category || ' total',
           'lines add up to ' || lines || ' but the total is ' || total
    FROM categories WHERE lines IS DISTINCT FROM total
),
overall_sum AS (
    SELECT c.org_code, c.report_year, '1 overall total',
           'category totals add up to ' || sum(c.total) || ' but the overall total is ' || any_value(o.total_count)
    FROM categories AS c JOIN ret AS o ON o.org_code = c.org_code AND o.report_year = c.report_year
        AND o.subgroup = 'overall:total'
    GROUP BY ALL HAVING sum(c.total) IS DISTINCT FROM any_value(o.total_count)
),
headline AS (  -- the row of marts.wres_indicator_result each line is read from
    SELECT * FROM r
    WHERE (indicator = 1 AND measure = 'headcount')
       OR (indicator BETWEEN 2 AND 4 AND measure = 'relative_likelihood')
       OR (indicator BETWEEN 5 AND 8 AND measure = 'percent')
       OR (indicator = 9 AND measure = 'percent_difference')
),
not_in_return AS (
    SELECT h.org_code, h.report_year, h.indicator || ' ' || replace(h.subgroup, ':', ' '), 'no line in the return'
    FROM headline AS h ANTI JOIN ret USING (org_code, report_year, indicator, subgroup)
),
differs AS (
    SELECT ret.org_code, ret.report_year, ret.line_code, 'figures differ from marts.wres_indicator_result'
    FROM ret JOIN headline AS h USING (org_code, report_year, indicator, subgroup)
    WHERE ret.status IS DISTINCT FROM h.status
       OR (ret.indicator = 1 AND (ret.total_count IS DISTINCT FROM h.value OR ret.white_count IS DISTINCT FROM h.white_value
                                  OR ret.bme_count IS DISTINCT FROM h.bme_value
                                  OR ret.unknown_count IS DISTINCT FROM h.unknown_value))
       OR (ret.indicator BETWEEN 2 AND 4 AND (
              ret.white_events IS DISTINCT FROM h.white_events OR ret.white_population IS DISTINCT FROM h.white_population
              OR ret.bme_events IS DISTINCT FROM h.bme_events OR ret.bme_population IS DISTINCT FROM h.bme_population
              OR ret.unknown_count IS DISTINCT FROM h.unknown_count
              OR ret.relative_likelihood IS DISTINCT FROM round(h.value, $rl_display_decimals)))
       OR (ret.indicator BETWEEN 5 AND 8 AND (
              ret.bme_pct IS DISTINCT FROM round(h.bme_value, $percent_display_decimals)
              OR ret.white_pct IS DISTINCT FROM round(h.white_value, $percent_display_decimals)
              OR ret.bme_positive IS DISTINCT FROM h.numerator OR ret.bme_base IS DISTINCT FROM h.denominator))
       OR (ret.indicator = 9 AND (
              ret.total_count IS DISTINCT FROM h.denominator OR ret.bme_count IS DISTINCT FROM h.numerator
              OR ret.unknown_count IS DISTINCT FROM h.unknown_count
              OR ret.difference_pp IS DISTINCT FROM round(h.value, $percent_display_decimals)))
)
SELECT * FROM missing_template
UNION ALL SELECT * FROM groups_sum
UNION ALL SELECT * FROM lines_sum
UNION ALL SELECT * FROM overall_sum
UNION ALL SELECT * FROM band_8a_plus
UNION ALL SELECT * FROM not_in_return
UNION ALL SELECT * FROM differs;
