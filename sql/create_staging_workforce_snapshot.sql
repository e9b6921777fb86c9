-- staging.workforce_snapshot: one row per person per snapshot (source-extracts.md §8).
-- The person's band, staff group and clinical category come from one counted assignment:
-- (1) the primary one; (2) if none or several are primary, the highest FTE; (3) the earliest start;
-- (4) the lowest assignment number. Bank-only people have no counted assignment and are absent.
CREATE OR REPLACE TABLE staging.workforce_snapshot AS
SELECT
    org_code,
    snapshot_date,
    person_id,
    assignment_number,
    directorate,
    service_team,
    staff_group,
    clinical_category,
    band,
    medical_cluster,
    is_senior_medical_manager,
    ethnic_code,
    ethnic_group,
    unknown_reason,
    gender,
    hire_date,
    fte,
    n_counted_assignments,
    n_primary_flags,
    source_file_id
FROM (
    SELECT
        *,
        count(*) OVER person AS n_counted_assignments,
        count(*) FILTER (WHERE is_primary) OVER person AS n_primary_flags,
        row_number() OVER (
            PARTITION BY org_code, snapshot_date, person_id
            ORDER BY is_primary DESC NULLS LAST, fte DESC NULLS LAST, hire_date ASC NULLS LAST, assignment_number
        ) AS pick
    FROM staging.staff_in_post
    WHERE is_counted
    WINDOW person AS (PARTITION BY org_code, snapshot_date, person_id)
)
WHERE pick = 1;
