-- Recruitment routes of a vacancy (source-extracts.md §3.1 [PROP]; Trac application routes [OBS]).
CREATE OR REPLACE TABLE ref.recruitment_route AS
SELECT wres_match_form(label) AS label, route
FROM (VALUES
    ('Internal', 'Internal'), ('Internal Only', 'Internal'), ('External', 'External'),
    ('Restricted', 'Restricted'), ('Retire and Return', 'Retire and Return'), ('Retire & Return', 'Retire and Return'),
    ('Apprentice', 'Apprentice'), ('Apprenticeship', 'Apprentice'), ('Other', 'Other')
) AS t(label, route);

COMMENT ON TABLE ref.recruitment_route IS 'Recruitment routes of a vacancy (source-extracts.md §3.1): each accepted wording and its canonical route.';
COMMENT ON COLUMN ref.recruitment_route.label IS 'The wording in matching form (lower case, single spaces).';
COMMENT ON COLUMN ref.recruitment_route.route IS 'Internal, External, Restricted, Retire and Return, Apprentice or Other.';
