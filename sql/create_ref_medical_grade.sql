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
