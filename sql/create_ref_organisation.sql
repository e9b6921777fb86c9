-- ref.organisation: each organisation's ICS and region, for the multi-organisation benchmarks
-- (marts.benchmark_*). Read from wres_pipeline/reference_data/organisations.csv (the synthetic
-- generator's SY codes: the national profile, seed 0) plus any CSVs in config
-- benchmark.organisation_files (same columns; a deployment's own ODS codes); a later file wins.
CREATE OR REPLACE TABLE ref.organisation AS
SELECT upper(trim(org_code)) AS org_code, trim(org_name) AS org_name, lower(trim(trust_type)) AS trust_type,
       upper(trim(ics_code)) AS ics_code, trim(ics_name) AS ics_name,
       upper(trim(region_code)) AS region_code, trim(region_name) AS region_name,
       source, filename AS source_file
FROM read_csv($organisation_files, header = true, filename = true, union_by_name = true, all_varchar = true)
WHERE nullif(trim(org_code), '') IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY upper(trim(org_code))
                           ORDER BY list_position($organisation_files, filename) DESC) = 1
ORDER BY org_code;

COMMENT ON TABLE ref.organisation IS 'Organisation -> ICS -> region (reference_data/organisations.csv, then config benchmark.organisation_files; a later file wins). An organisation missing here is benchmarked nationally only.';
COMMENT ON COLUMN ref.organisation.org_code IS 'Organisation (ODS-style) code, as org_code in every other table.';
COMMENT ON COLUMN ref.organisation.trust_type IS 'acute, mental_health, community, ambulance, ...';
COMMENT ON COLUMN ref.organisation.ics_code IS 'Integrated care system the organisation belongs to.';
COMMENT ON COLUMN ref.organisation.region_code IS 'NHS England region the organisation belongs to.';
COMMENT ON COLUMN ref.organisation.source_file IS 'The CSV this row was read from.';
COMMENT ON COLUMN ref.organisation.org_name IS 'Organisation name.';
COMMENT ON COLUMN ref.organisation.ics_name IS 'Name of the integrated care system.';
COMMENT ON COLUMN ref.organisation.region_name IS 'Name of the NHS England region.';
COMMENT ON COLUMN ref.organisation.source IS 'Where the row comes from (the CSV''s source column, e.g. the synthetic generator or a deployment''s own list).';
