-- 2021-census style ethnic categories (the 19-way wording of Trac / NHS Jobs forms, the staff survey
-- and newer ESR values: wres-indicators.md §10.2, source-extracts.md §1.8 last paragraph and §4.3),
-- with the survey code, the nearest NHS Data Dictionary letter, and the WRES group. Gypsy or Irish
-- Traveller and Roma follow methods.gypsy_irish_traveller (default WHITE [D]).
CREATE OR REPLACE TABLE ref.ethnic_census_category AS
SELECT census_code, census_group, category, code,
       CASE WHEN category IN ('Gypsy or Irish Traveller', 'Roma') THEN $gypsy_irish_traveller ELSE wres_group END
           AS wres_group
FROM (VALUES
    ('01', 'White', 'English / Welsh / Scottish / Northern Irish / British', 'A', 'WHITE'),
    ('02', 'White', 'Irish', 'B', 'WHITE'),
    ('03', 'White', 'Gypsy or Irish Traveller', 'C', 'WHITE'),
    (NULL, 'White', 'Roma', 'C', 'WHITE'),
    ('04', 'White', 'Any other White background', 'C', 'WHITE'),
    ('05', 'Mixed', 'White and Black Caribbean', 'D', 'BME'),
    ('06', 'Mixed', 'White and Black African', 'E', 'BME'),
    ('07', 'Mixed', 'White and Asian', 'F', 'BME'),
    ('08', 'Mixed', 'Any other Mixed / Multiple ethnic background', 'G', 'BME'),
    ('09', 'Asian', 'Indian', 'H', 'BME'),
    ('10', 'Asian', 'Pakistani', 'J', 'BME'),
    ('11', 'Asian', 'Bangladeshi', 'K', 'BME'),
    ('12', 'Asian', 'Chinese', 'R', 'BME'),
    ('13', 'Asian', 'Any other Asian background', 'L', 'BME'),
    (NULL, 'Asian', 'Filipino', 'L', 'BME'),  -- survey code 13 from 2025 (ref.survey_ethnicity_item)
    ('14', 'Black', 'African', 'N', 'BME'),
    ('15', 'Black', 'Caribbean', 'M', 'BME'),
    ('16', 'Black', 'Any other Black / African / Caribbean background', 'P', 'BME'),
    ('17', 'Other', 'Arab', 'S', 'BME'),
    ('18', 'Other', 'Any other ethnic background', 'S', 'BME')
) AS t(census_code, census_group, category, code, wres_group);

-- The matching form of an ethnicity label: lower case, dashes and ':' as '-', a list written with commas
-- or 'or' as '/', no spaces around '-' and '/' (so 'White: Irish', 'White - Irish' and 'White-Irish' are one
-- label, and the 2021 census wording 'English, Welsh, Scottish, Northern Irish or British' is the Data
-- Dictionary's 'English / Welsh / Scottish / Northern Irish / British').
CREATE OR REPLACE MACRO wres_ethnic_form(x) AS
    regexp_replace(regexp_replace(replace(wres_match_form(x), ':', '-'), '\s*(,|\bor\b)\s*', '/', 'g'),
                   '\s*([-/])\s*', '\1', 'g');

-- Every accepted label (in matching form) -> code, survey code, WRES group, unknown reason: the Data
-- Dictionary descriptions, the census wording with and without its group (group names as printed on
-- census-style forms), and the labels that mean unknown. A reviewed alias table, never a guess (§1.8).
CREATE OR REPLACE TABLE ref.ethnic_label AS
WITH census_groups(census_group, group_label) AS (
    SELECT * FROM (VALUES
        ('White', 'White'),
        ('Mixed', 'Mixed'), ('Mixed', 'Mixed / Multiple'), ('Mixed', 'Mixed / Multiple ethnic groups'),
        ('Mixed', 'Mixed or Multiple ethnic groups'),
        ('Asian', 'Asian'), ('Asian', 'Asian / Asian British'), ('Asian', 'Asian or Asian British'),
        ('Black', 'Black'), ('Black', 'Black / African / Caribbean / Black British'),
        ('Black', 'Black, Black British, Caribbean or African'), ('Black', 'Black or Black British'),
        ('Other', 'Other'), ('Other', 'Other ethnic group'), ('Other', 'Other ethnic groups'))
),
labels AS (
    SELECT wres_ethnic_form(description) AS label, code, NULL AS census_code, wres_group, NULL AS unknown_reason,
           1 AS priority
    FROM ref.ethnic_category WHERE code NOT IN ('Z', 'X')
    UNION ALL
    SELECT wres_ethnic_form(g.group_label || ' - ' || c.category), c.code, c.census_code, c.wres_group, NULL, 2
    FROM ref.ethnic_census_category AS c JOIN census_groups AS g USING (census_group)
    UNION ALL
    SELECT wres_ethnic_form(category), code, census_code, wres_group, NULL, 3 FROM ref.ethnic_census_category
    UNION ALL
    SELECT wres_ethnic_form('Any other ethnic group'), 'S', '18', 'BME', NULL, 3
    UNION ALL
    SELECT wres_ethnic_form(label), 'Z', NULL, 'UNKNOWN', unknown_reason, 0 FROM ref.ethnic_unknown_label
)
SELECT label, code, census_code, wres_group, unknown_reason
FROM labels
QUALIFY row_number() OVER (PARTITION BY label ORDER BY priority, code) = 1;

-- One value -> {code, census_code, wres_group, unknown_reason}, or NULL when it is not recognised
-- (the staging transforms reject it, D15). Blank is UNKNOWN ('blank'); an exact label wins; else an
-- ESR coded label ('A White - British', local sub-codes 'C3 …') maps by its first letter (§1.8, D16).
-- With survey_codes, '1'..'18' / '01'..'18' are the §4.3 survey codes.
CREATE OR REPLACE MACRO wres_ethnic(x, survey_codes) AS
    CASE
        WHEN wres_match_form(x) IS NULL THEN
            {'code': 'Z', 'census_code': CAST(NULL AS VARCHAR), 'wres_group': 'UNKNOWN', 'unknown_reason': 'blank'}
        WHEN survey_codes AND regexp_matches(wres_clean(x), '^(0?[1-9]|1[0-8])$') THEN
            (SELECT {'code': c.code, 'census_code': c.census_code, 'wres_group': c.wres_group,
                     'unknown_reason': CAST(NULL AS VARCHAR)}
             FROM ref.ethnic_census_category AS c WHERE c.census_code = lpad(wres_clean(x), 2, '0'))
        ELSE coalesce(
            (SELECT {'code': l.code, 'census_code': l.census_code, 'wres_group': l.wres_group,
                     'unknown_reason': l.unknown_reason}
             FROM ref.ethnic_label AS l WHERE l.label = wres_ethnic_form(x)),
            (SELECT {'code': e.code, 'census_code': CAST(NULL AS VARCHAR), 'wres_group': e.wres_group,
                     'unknown_reason': CASE WHEN e.wres_group = 'UNKNOWN' THEN 'coded_unknown' END}
             FROM ref.ethnic_category AS e
             WHERE e.code = left(upper(regexp_extract(wres_clean(x), '^([A-Z][A-Z0-9]?)\s+\S', 1)), 1)))
    END;

COMMENT ON TABLE ref.ethnic_census_category IS '2021-census style ethnic categories (the 19-way wording of Trac / NHS Jobs forms, the NHS Staff Survey and newer ESR values; wres-indicators.md §10.2) with the survey code, the nearest Data Dictionary letter and the WRES group.';
COMMENT ON COLUMN ref.ethnic_census_category.census_code IS 'NHS Staff Survey ethnicity code 01-18 (source-extracts.md §4.3); NULL for a category without its own code (Roma; Filipino, coded 13 from 2025, see ref.survey_ethnicity_item).';
COMMENT ON COLUMN ref.ethnic_census_category.census_group IS 'Census high-level group: White, Mixed, Asian, Black or Other.';
COMMENT ON COLUMN ref.ethnic_census_category.category IS 'Census category wording, without its group.';
COMMENT ON COLUMN ref.ethnic_census_category.code IS 'Nearest NHS Data Dictionary letter (ref.ethnic_category.code).';
COMMENT ON COLUMN ref.ethnic_census_category.wres_group IS 'WHITE, BME or UNKNOWN. Gypsy or Irish Traveller and Roma follow config methods.gypsy_irish_traveller (default WHITE).';
COMMENT ON TABLE ref.ethnic_label IS 'Every accepted ethnicity label (a reviewed alias table, never a guess; source-extracts.md §1.8): the Data Dictionary descriptions, the census wording with and without its group, and the labels meaning unknown, each mapped to its code and WRES group. A value matching none of these (nor an ESR coded label such as ''A White - British'') is rejected to quarantine.';
COMMENT ON COLUMN ref.ethnic_label.label IS 'The label in matching form: lower case, single spaces, '':'' as ''-'', no spaces around ''-'' and ''/'' (so ''White: Irish'' and ''White - Irish'' are one label).';
COMMENT ON COLUMN ref.ethnic_label.code IS 'NHS Data Dictionary letter (ref.ethnic_category.code); Z for the unknown labels.';
COMMENT ON COLUMN ref.ethnic_label.census_code IS 'NHS Staff Survey ethnicity code 01-18 when the label is census wording; NULL otherwise.';
COMMENT ON COLUMN ref.ethnic_label.wres_group IS 'WHITE, BME or UNKNOWN.';
COMMENT ON COLUMN ref.ethnic_label.unknown_reason IS 'For an unknown label: which kind of unknown (ref.ethnic_unknown_label.unknown_reason); NULL for a known ethnicity.';
