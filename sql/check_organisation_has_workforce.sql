-- Loaded flow-source files whose organisation has no staff in post in the warehouse: none of their records
-- could reach a figure (no population to divide by). Usually the organisation was resolved from the file
-- name or the default code where the staff-in-post files are under another code.
WITH workforce AS (SELECT DISTINCT org_code FROM staging.workforce_snapshot),
rules AS (SELECT source_file_id, arg_max(org_rule, loaded_at) AS org_rule FROM audit.source_files GROUP BY 1)
SELECT
    c.inbox_source AS source,
    c.file_name,
    c.org_code,
    'the file was assigned organisation ' || c.org_code || ' (' || coalesce(r.org_rule, 'rule not recorded')
        || '), but staff in post is under ' || coalesce((SELECT string_agg(org_code, ', ' ORDER BY org_code) FROM workforce), 'no organisation')
        || ': add an ODS code column to the file, put the right code in its name, or set organisation.default_code'
        AS problem
FROM intermediate.flow_coverage AS c
LEFT JOIN rules AS r USING (source_file_id)
WHERE c.org_code NOT IN (SELECT org_code FROM workforce)
ORDER BY 1, 2;
