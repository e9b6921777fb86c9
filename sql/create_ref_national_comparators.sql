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
