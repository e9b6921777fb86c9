-- ref.label: the words a reader sees for every code of the published tables (statuses, subgroups,
-- range classes, SPC variation, team flags, suppression rules ...), one lookup shared by the report and
-- the data dictionary (wres_pipeline/reference_data/labels.csv). Indicator 1 subgroups (category:row)
-- are composed from their category and row words ('Clinical, Band 8a').
CREATE OR REPLACE TABLE ref.label AS
WITH listed AS (
    SELECT kind, code, label
    FROM read_csv($labels_file, header = true, delim = ',', quote = '"', columns = {'kind': 'VARCHAR', 'code': 'VARCHAR', 'label': 'VARCHAR'})
)
SELECT kind, code, label FROM listed
UNION ALL
SELECT 'subgroup', r.subgroup,
       CASE WHEN r.row_code = 'total' THEN c.label || ' total' ELSE c.label || ', ' || w.label END
FROM ref.indicator_1_row AS r
JOIN listed AS c ON c.kind = 'category' AND c.code = r.category
JOIN listed AS w ON w.kind = 'row' AND w.code = r.row_code
WHERE r.subgroup NOT IN (SELECT code FROM listed WHERE kind = 'subgroup')
UNION ALL  -- the extra indicator 1 rows of staff with an unrecognised or non-AfC grade
SELECT 'subgroup', c.code || ':' || w.code, c.label || ', ' || w.label
FROM listed AS c JOIN listed AS w ON w.kind = 'row' AND w.code IN ('band_unknown', 'non_afc')
WHERE c.kind = 'category' AND c.code IN ('non_clinical', 'clinical');

COMMENT ON TABLE ref.label IS 'The plain words for every code a reader can meet in the published tables (statuses, subgroups, range classes, SPC variation, team flags, suppression rules, action-plan RAG ...): the lookup the WRES report and the data dictionary use, so no code reaches a reader. Join on kind and code.';
COMMENT ON COLUMN ref.label.kind IS 'Which family of codes: subgroup (marts.wres_indicator_result.subgroup, marts.wres_summary.breakdown), category / row (indicator 1), status, range_class, direction, period_type, variation (SPC), chart_type, team_flag, staff_scope, rdr_pair, target_direction, rag, pay_group, suppression.';
COMMENT ON COLUMN ref.label.code IS 'The code as stored in the tables.';
COMMENT ON COLUMN ref.label.label IS 'The words for it.';
