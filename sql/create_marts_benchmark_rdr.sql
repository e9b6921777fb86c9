-- marts.benchmark_rdr: every organisation's Race Disparity Ratio (marts.race_disparity_ratio, the
-- selected form, 31 March snapshots) against its ICS, region and the nation, as
-- marts.benchmark_indicator: group size and figure, gap, rank (closest to parity 1.00 first, on the
-- log scale) and quartile. A ratio resting on a count of 1 .. suppress_below - 1 (suppressed for
-- publication) is neither ranked nor counted in its groups, in the build and the published copy alike.
CREATE OR REPLACE TEMP TABLE benchmark_values AS
SELECT org_code, report_year,
       {'staff_scope': staff_scope, 'pair': pair, 'form': form} AS metric,
       CASE WHEN NOT suppressed_for_publication THEN value END AS value,
       'closer_to_1' AS better_when,
       wres_benchmark_sort_key('closer_to_1', CASE WHEN NOT suppressed_for_publication THEN value END, NULL)
           AS sort_key
FROM marts.race_disparity_ratio
WHERE period_type = 'wres_year' AND is_selected_form;

CREATE OR REPLACE TABLE marts.benchmark_rdr AS
SELECT org_code, org_name, ics_code, region_code, report_year,
       metric.staff_scope AS staff_scope, metric.pair AS pair, metric.form AS form, value,
       scope, scope_code, peer_count, peer_value, gap, rank, quartile
FROM wres_benchmark('benchmark_values', $peer_figure, $national_code)
ORDER BY org_code, report_year, staff_scope, pair, scope_order;
DROP TABLE benchmark_values;

COMMENT ON TABLE marts.benchmark_rdr IS 'Each organisation''s Race Disparity Ratio (selected form, WRES years) against its ICS, region and the nation: group size, group figure (median, config benchmark.peer_figure), gap, rank (closest to 1.00 on the log scale first) and quartile. Ratios suppressed for publication are not ranked.';
COMMENT ON COLUMN marts.benchmark_rdr.org_code IS 'Organisation (ODS-style code).';
COMMENT ON COLUMN marts.benchmark_rdr.staff_scope IS 'all_afc, clinical or non_clinical (marts.race_disparity_ratio).';
COMMENT ON COLUMN marts.benchmark_rdr.pair IS 'lower_to_upper, middle_to_upper or lower_to_middle.';
COMMENT ON COLUMN marts.benchmark_rdr.form IS 'methods.rdr_form: ratio_of_ratios or share.';
COMMENT ON COLUMN marts.benchmark_rdr.value IS 'The organisation''s RDR (NULL when undefined or suppressed for publication).';
COMMENT ON COLUMN marts.benchmark_rdr.scope IS 'Peer group: ics, region or national.';
COMMENT ON COLUMN marts.benchmark_rdr.peer_count IS 'Organisations of the group with a ranked value this year.';
COMMENT ON COLUMN marts.benchmark_rdr.peer_value IS 'Median (or mean, config benchmark.peer_figure) RDR of the group.';
COMMENT ON COLUMN marts.benchmark_rdr.gap IS 'value - peer_value.';
COMMENT ON COLUMN marts.benchmark_rdr.rank IS '1 = closest to parity in the group; tied values share a rank.';
COMMENT ON COLUMN marts.benchmark_rdr.quartile IS '1 = the quarter of the group closest to parity: 1 + floor(4 (rank - 1) / peer_count).';
COMMENT ON COLUMN marts.benchmark_rdr.org_name IS 'Organisation name from ref.organisation (NULL when the organisation is not mapped there).';
COMMENT ON COLUMN marts.benchmark_rdr.ics_code IS 'The organisation''s ICS (ref.organisation).';
COMMENT ON COLUMN marts.benchmark_rdr.region_code IS 'The organisation''s region (ref.organisation).';
COMMENT ON COLUMN marts.benchmark_rdr.report_year IS 'WRES report year (31 March).';
COMMENT ON COLUMN marts.benchmark_rdr.scope_code IS 'The ICS / region code, or benchmark.national_code (ENG). NULL when the organisation has no ICS / region in ref.organisation.';
