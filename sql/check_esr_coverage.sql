-- Referential coverage per file: records of $staged_table that must belong to an ESR person (ER cases,
-- OLM enrolments, internal applicants; is_matched_to_esr NULL = not expected to match, e.g. external
-- applicants). Unmatched records are kept, flagged and counted (D33), never dropped; the check fails
-- when a file's matched share is below coverage.min_esr_match_share. One row per file.
SELECT file_name,
       count(*) AS records,
       count(*) FILTER (WHERE is_matched_to_esr) AS matched,
       count(*) FILTER (WHERE NOT is_matched_to_esr) AS unmatched,
       round(count(*) FILTER (WHERE is_matched_to_esr) / count(*), 4) AS matched_share,
       count(*) FILTER (WHERE is_matched_to_esr) < $min_esr_match_share * count(*) AS below_minimum
FROM query_table($staged_table)
WHERE is_matched_to_esr IS NOT NULL
GROUP BY file_name
ORDER BY file_name;
