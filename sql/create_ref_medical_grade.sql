-- Medical and dental grades and their WRES indicator 1 clusters (source-extracts.md §2.3.3).
-- A medical grade not listed here falls into 'other' with a warning.
CREATE OR REPLACE TABLE ref.medical_grade AS
SELECT * FROM (VALUES
    ('consultant', 'consultant'),
    ('specialty doctor', 'non_consultant_career_grade'),
    ('associate specialist', 'non_consultant_career_grade'),
    ('staff grade', 'non_consultant_career_grade'),
    ('specialist', 'non_consultant_career_grade'),
    ('trust grade dr - career grade', 'non_consultant_career_grade'),
    ('hospital practitioner', 'non_consultant_career_grade'),
    ('clinical assistant', 'non_consultant_career_grade'),
    ('foundation year 1', 'trainee'),
    ('foundation year 2', 'trainee'),
    ('foundation doctor year 1', 'trainee'),
    ('foundation doctor year 2', 'trainee'),
    ('core training', 'trainee'),
    ('specialty registrar', 'trainee'),
    ('specialist registrar', 'trainee'),
    ('trust grade dr - specialty registrar', 'other'),
    ('clinical fellow', 'other'),
    ('general medical practitioner', 'other'),
    ('other and local hchs doctor grades', 'other')
) AS t(label, cluster);

COMMENT ON TABLE ref.medical_grade IS 'Medical and dental grades and the WRES indicator 1 medical row each counts in (source-extracts.md §2.3.3). A grade not listed counts as other, with a warning.';
COMMENT ON COLUMN ref.medical_grade.label IS 'Grade wording, lower case.';
COMMENT ON COLUMN ref.medical_grade.cluster IS 'Indicator 1 medical row: consultant, non_consultant_career_grade, trainee or other (ref.indicator_1_row).';
