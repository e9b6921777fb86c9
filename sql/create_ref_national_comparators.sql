-- ref.national_comparators: published national (and, when a trust adds them, regional / ICS) values
-- of the WRES indicators, read from wres_pipeline/reference_data/national_comparators.csv plus any
-- CSVs named in config comparators.extra_files (same columns). Values are in the unit of the
-- indicator's headline: RL for 2-4, percent (0-100) for 1 and 5-8, pp for 9.
CREATE OR REPLACE TABLE ref.national_comparators AS
SELECT lower(trim(scope)) AS scope, upper(trim(scope_code)) AS scope_code, indicator, trim(subgroup) AS subgroup,
       report_year, value, source, filename AS source_file
FROM read_csv($comparator_files, header = true, filename = true, union_by_name = true,
              columns = {'scope': 'VARCHAR', 'scope_code': 'VARCHAR', 'indicator': 'INTEGER', 'subgroup': 'VARCHAR',
                         'report_year': 'INTEGER', 'value': 'DOUBLE', 'source': 'VARCHAR'})
QUALIFY row_number() OVER (PARTITION BY lower(trim(scope)), upper(trim(scope_code)), indicator, trim(subgroup), report_year
                           ORDER BY list_position($comparator_files, filename) DESC) = 1;  -- a later file wins

COMMENT ON TABLE ref.national_comparators IS 'Published national (and, when a trust adds them, regional / ICS) values of the WRES indicators, for the comparator columns of marts.wres_summary. Read from reference_data/national_comparators.csv, then config comparators.extra_files (a later file wins).';
COMMENT ON COLUMN ref.national_comparators.scope IS 'national, region or ics.';
COMMENT ON COLUMN ref.national_comparators.scope_code IS 'ENG for national; the NHS England region code (e.g. Y59) or ICS code; matched to config comparators.region_code / ics_code.';
COMMENT ON COLUMN ref.national_comparators.indicator IS 'WRES indicator 1-9.';
COMMENT ON COLUMN ref.national_comparators.subgroup IS 'Subgroup code as in marts.wres_indicator_result (shared/spec/wres-indicators.md §13.1), or its kind alone (all) to apply to every variant.';
COMMENT ON COLUMN ref.national_comparators.report_year IS 'WRES report year N.';
COMMENT ON COLUMN ref.national_comparators.value IS 'The comparator in the unit of the indicator''s headline: relative likelihood for 2-4, percent 0-100 for 1 and 5-8, percentage points for 9.';
COMMENT ON COLUMN ref.national_comparators.source IS 'Where the value was published.';
COMMENT ON COLUMN ref.national_comparators.source_file IS 'The CSV the row was read from.';
