-- NHS Data Dictionary ETHNIC CATEGORY (2001 census letters) and the WRES grouping
-- (wres-indicators.md §10.1, source-extracts.md §1.8). ESR local two-character sub-codes roll up to
-- their first letter; Z (not stated) and 99 / X (not known) are UNKNOWN.
CREATE OR REPLACE TABLE ref.ethnic_category AS
SELECT * FROM (VALUES
    ('A', 'White - British', 'WHITE'),
    ('B', 'White - Irish', 'WHITE'),
    ('C', 'White - Any other White background', 'WHITE'),
    ('D', 'Mixed - White and Black Caribbean', 'BME'),
    ('E', 'Mixed - White and Black African', 'BME'),
    ('F', 'Mixed - White and Asian', 'BME'),
    ('G', 'Mixed - Any other mixed background', 'BME'),
    ('H', 'Asian or Asian British - Indian', 'BME'),
    ('J', 'Asian or Asian British - Pakistani', 'BME'),
    ('K', 'Asian or Asian British - Bangladeshi', 'BME'),
    ('L', 'Asian or Asian British - Any other Asian background', 'BME'),
    ('M', 'Black or Black British - Caribbean', 'BME'),
    ('N', 'Black or Black British - African', 'BME'),
    ('P', 'Black or Black British - Any other Black background', 'BME'),
    ('R', 'Other Ethnic Groups - Chinese', 'BME'),
    ('S', 'Other Ethnic Groups - Any other ethnic group', 'BME'),
    ('Z', 'Not stated', 'UNKNOWN'),
    ('X', 'Not known', 'UNKNOWN')
) AS t(code, description, wres_group);

-- Values that mean "unknown" without a code (§1.8): the split is reported for data quality.
CREATE OR REPLACE TABLE ref.ethnic_unknown_label AS
SELECT * FROM (VALUES
    ('not stated', 'not_stated'),
    ('z not stated', 'not_stated'),
    ('unspecified', 'unspecified'),
    ('not specified', 'unspecified'),
    ('not known', 'not_known'),
    ('unknown', 'not_known'),             -- what people type when they do not know the code
    ('unknown ethnicity', 'not_known'),
    ('n/k', 'not_known'),
    ('not provided', 'not_declared'),
    ('prefer not to state', 'prefer_not_to_say'),
    ('do not wish to disclose', 'prefer_not_to_say'),
    ('99', 'not_known'),
    ('99 not known', 'not_known'),
    ('x not known', 'not_known'),
    ('prefer not to say', 'prefer_not_to_say'),
    ('i do not wish to disclose', 'prefer_not_to_say'),
    ('not declared', 'not_declared')
) AS t(label, unknown_reason);

COMMENT ON TABLE ref.ethnic_category IS 'NHS Data Dictionary ETHNIC CATEGORY codes (2001 census letters) and the WRES group each counts in (wres-indicators.md §10.1). ESR local two-character sub-codes roll up to their first letter.';
COMMENT ON COLUMN ref.ethnic_category.code IS 'Data Dictionary letter A-S; Z = not stated, X = not known.';
COMMENT ON COLUMN ref.ethnic_category.description IS 'Data Dictionary description (group - category).';
COMMENT ON COLUMN ref.ethnic_category.wres_group IS 'WHITE (A-C), BME (D-S) or UNKNOWN (Z, X): the three ethnicity columns of every WRES table.';
COMMENT ON TABLE ref.ethnic_unknown_label IS 'Values that mean "ethnicity unknown" without a code (source-extracts.md §1.8), and which kind of unknown each is, for the data-quality split of the Unknown group.';
COMMENT ON COLUMN ref.ethnic_unknown_label.label IS 'The value as written in an extract, lower case.';
COMMENT ON COLUMN ref.ethnic_unknown_label.unknown_reason IS 'not_stated, unspecified, not_known, prefer_not_to_say or not_declared (a blank value is ''blank'' and a coded Z / X ''coded_unknown'', not listed here).';
