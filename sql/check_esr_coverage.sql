-- Referential coverage per file: records of $staged_table that must belong to an ESR person (ER cases,
-- OLM enrolments, internal applicants; is_matched_to_esr NULL = not expected to match, e.g. external
-- applicants). Unmatched records are kept, flagged and counted (D33), never dropped; the check fails
-- when a file's matched share is below coverage.min_esr_match_share. One row per file, with its
-- organisation, whether that organisation has staff in post at all (the usual cause of a file matching
-- nobody), and its first five unmatched rows.
WITH staffed AS (SELECT DISTINCT org_code FROM staging.staff_in_post)
SELECT file_name,
       any_value(org_code) AS org_code,
       count(*) AS records,
       count(*) FILTER (WHERE is_matched_to_esr) AS matched,
       count(*) FILTER (WHERE NOT is_matched_to_esr) AS unmatched,
       round(count(*) FILTER (WHERE is_matched_to_esr) / count(*), 4) AS matched_share,
       count(*) FILTER (WHERE is_matched_to_esr) < $min_esr_match_share * count(*) AS below_minimum,
       any_value(org_code) IN (SELECT org_code FROM staffed) AS organisation_has_staff_in_post,
       (SELECT string_agg(org_code, ', ' ORDER BY org_code) FROM staffed) AS organisations_with_staff_in_post,
       list('row ' || row_number || ' (employee number ' || coalesce(employee_number, 'blank') || ')' ORDER BY row_number)
           FILTER (WHERE NOT is_matched_to_esr)[1:5] AS unmatched_examples
FROM query_table($staged_table)
WHERE is_matched_to_esr IS NOT NULL
GROUP BY file_name
ORDER BY file_name;
