-- audit.source_coverage: for every organisation, WRES year and source, which files cover the year and on
-- what basis - so a figure that is missing (NO_DATA) or a real zero can be told apart, and every file's
-- contribution is visible. Flow sources (applications, ER cases, training) cover a year through a file's
-- declared period, or through the dates of its records when it declares none ('inferred', see
-- intermediate.flow_coverage); snapshot
-- sources through a 31 March snapshot; the staff survey through survey year + lag. A source with no file
-- for a year is listed with no files: its indicator has status NO_DATA that year.
CREATE OR REPLACE TABLE audit.source_coverage AS
WITH years AS (
    SELECT org_code, report_year, period_end, covered_sources
    FROM intermediate.wres_period WHERE period_type = 'wres_year'
),
names AS (SELECT source_file_id, any_value(file_name) AS file_name FROM audit.source_files GROUP BY 1),
covering AS (
    SELECT y.org_code, y.report_year, f.inbox_source AS source, f.basis, f.file_name, f.source_file_id
    FROM years AS y
    JOIN intermediate.flow_coverage AS f
      ON f.org_code = y.org_code AND f.covered_from <= y.period_end AND f.covered_to >= wres_period_start(y.period_end)
    WHERE list_contains(y.covered_sources, f.source)
    UNION ALL
    SELECT DISTINCT w.org_code, wres_report_year(w.snapshot_date), 'esr_staff_in_post', 'snapshot', n.file_name, w.source_file_id
    FROM staging.workforce_snapshot AS w LEFT JOIN names AS n USING (source_file_id)
    WHERE wres_period_type(w.snapshot_date) = 'wres_year'
    UNION ALL
    SELECT DISTINCT org_code, wres_report_year(snapshot_date), 'board_register', 'snapshot', file_name, source_file_id
    FROM staging.board_members WHERE wres_period_type(snapshot_date) = 'wres_year'
    UNION ALL
    SELECT DISTINCT s.org_code, CAST(s.survey_year + $survey_lag_years AS INTEGER), 'staff_survey',
           'survey year ' || s.survey_year, n.file_name, s.source_file_id
    FROM (SELECT org_code, survey_year, source_file_id FROM staging.survey_aggregate
          UNION ALL SELECT org_code, survey_year, source_file_id FROM staging.survey_published) AS s
    LEFT JOIN names AS n USING (source_file_id)
),
grid AS (
    SELECT DISTINCT y.org_code, y.report_year, s.source
    FROM years AS y
    CROSS JOIN (VALUES ('esr_staff_in_post'), ('trac_applications'), ('er_cases'), ('olm_training'),
                       ('staff_survey'), ('board_register')) AS s(source)
)
SELECT
    g.org_code,
    g.report_year,
    g.source,
    count(DISTINCT c.source_file_id) AS files,
    CASE WHEN count(c.source_file_id) = 0 THEN 'no file covers this year'
         ELSE string_agg(DISTINCT c.basis, ', ' ORDER BY c.basis) END AS basis,
    string_agg(DISTINCT c.file_name, '; ' ORDER BY c.file_name) AS file_names
FROM grid AS g
LEFT JOIN covering AS c USING (org_code, report_year, source)
GROUP BY ALL
ORDER BY g.org_code, g.report_year, g.source;

COMMENT ON TABLE audit.source_coverage IS 'For every organisation, WRES year (1 April - 31 March) and source: how many loaded files cover the year, on what basis, and their names. A flow source (Trac applications, ER cases, OLM training) covers a year through a file''s declared period (a Period line, a financial year such as 2023-24 or a calendar year such as 2024 in its name or title: zero events there are a real zero) or, for a file that declares none, through the dates of its records (inferred: from 1 April of the WRES year of its first record to the quarter end of its last); staff in post and the board register through a 31 March snapshot; the staff survey through survey year + the reporting lag. A source with no file for a year has files = 0: its indicator is NO_DATA that year.';
COMMENT ON COLUMN audit.source_coverage.org_code IS 'Organisation (ODS-style code).';
COMMENT ON COLUMN audit.source_coverage.report_year IS 'WRES report year N (1 April N-1 to 31 March N).';
COMMENT ON COLUMN audit.source_coverage.source IS 'Inbox source: esr_staff_in_post, trac_applications, er_cases, olm_training, staff_survey or board_register.';
COMMENT ON COLUMN audit.source_coverage.files IS 'Loaded files covering the year (0: none, so the source''s indicator is NO_DATA that year).';
COMMENT ON COLUMN audit.source_coverage.basis IS 'declared (the file states its period), inferred (the file states no period: from 1 April of the WRES year of its first record to the quarter end of its last), snapshot (a 31 March snapshot), survey year N, or no file covers this year.';
COMMENT ON COLUMN audit.source_coverage.file_names IS 'Names of the covering files, separated by ''; ''.';
