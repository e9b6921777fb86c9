-- marts.benchmark_indicator: every organisation's WRES headline (marts.wres_summary: each indicator
-- and breakdown, every WRES year) against its ICS, its region and the nation (the organisations loaded
-- together in this warehouse; groups from ref.organisation): one row per organisation, year, indicator,
-- breakdown and scope, with the group's size and figure, the gap to it, the rank and the quartile.
-- Favourable = marts.wres_summary.better_when; indicator 1 overall (descriptive) ranks highest first.
-- Runs again in the published copy after disclosure control, so published ranks and figures rest only
-- on published values (a blanked headline is not ranked and does not count in its groups).
CREATE OR REPLACE TEMP TABLE benchmark_values AS
SELECT org_code, report_year,
       {'indicator': indicator, 'breakdown': breakdown, 'measure': measure} AS metric,
       headline_value AS value, better_when,
       wres_benchmark_sort_key(better_when, headline_value,
                               CASE WHEN indicator = 9 THEN headline_value
                                    ELSE headline_value - workforce_bme_pct END) AS sort_key
FROM marts.wres_summary;

CREATE OR REPLACE TABLE marts.benchmark_indicator AS
SELECT org_code, org_name, ics_code, region_code, report_year,
       metric.indicator AS indicator, metric.breakdown AS breakdown, metric.measure AS measure,
       coalesce(better_when, 'highest_first') AS better_when, value,
       scope, scope_code, peer_count, peer_value, gap, rank, quartile
FROM wres_benchmark('benchmark_values', $peer_figure, $national_code)
ORDER BY org_code, report_year, indicator, breakdown, scope_order;
DROP TABLE benchmark_values;

COMMENT ON TABLE marts.benchmark_indicator IS 'Each organisation''s WRES headline values (marts.wres_summary) against its ICS, region and the nation, from the organisations in this warehouse: group size, group figure (median, config benchmark.peer_figure), gap, rank and quartile. Published ranks use published values only.';
COMMENT ON COLUMN marts.benchmark_indicator.org_code IS 'Organisation (ODS-style code).';
COMMENT ON COLUMN marts.benchmark_indicator.org_name IS 'Organisation name from ref.organisation (NULL when the organisation is not mapped there).';
COMMENT ON COLUMN marts.benchmark_indicator.ics_code IS 'The organisation''s ICS (ref.organisation).';
COMMENT ON COLUMN marts.benchmark_indicator.region_code IS 'The organisation''s region (ref.organisation).';
COMMENT ON COLUMN marts.benchmark_indicator.report_year IS 'WRES report year (31 March).';
COMMENT ON COLUMN marts.benchmark_indicator.indicator IS 'WRES indicator 1-9.';
COMMENT ON COLUMN marts.benchmark_indicator.breakdown IS 'As marts.wres_summary.breakdown (overall:total, afc:band_8a_plus, all, all:two_year_pooled, board:voting, ...).';
COMMENT ON COLUMN marts.benchmark_indicator.measure IS 'Unit of value: percent, relative_likelihood, bme_gap_pp.';
COMMENT ON COLUMN marts.benchmark_indicator.better_when IS 'What ranks first: lower, higher, closer_to_1 (log-scale distance from parity), closer_to_workforce (smallest |gap to the workforce BME share|), highest_first (indicator 1 overall: descriptive).';
COMMENT ON COLUMN marts.benchmark_indicator.value IS 'The organisation''s headline value (unrounded; marts.wres_summary.headline_value).';
COMMENT ON COLUMN marts.benchmark_indicator.scope IS 'Peer group: ics, region or national.';
COMMENT ON COLUMN marts.benchmark_indicator.scope_code IS 'The ICS / region code, or benchmark.national_code (ENG). NULL when the organisation has no ICS / region in ref.organisation.';
COMMENT ON COLUMN marts.benchmark_indicator.peer_count IS 'Organisations of the group with a value this year (the organisation included).';
COMMENT ON COLUMN marts.benchmark_indicator.peer_value IS 'The group figure: median (or mean, config benchmark.peer_figure) of its organisations'' values.';
COMMENT ON COLUMN marts.benchmark_indicator.gap IS 'value - peer_value, in the unit of measure.';
COMMENT ON COLUMN marts.benchmark_indicator.rank IS '1 = most favourable in the group (see better_when); tied values share a rank. NULL when not ranked.';
COMMENT ON COLUMN marts.benchmark_indicator.quartile IS '1 = most favourable quarter of the group, 4 = least: 1 + floor(4 (rank - 1) / peer_count).';
