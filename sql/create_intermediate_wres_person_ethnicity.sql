-- intermediate.wres_person_ethnicity: each ESR person's WRES ethnic group over time, for events
-- recorded outside ESR (ER cases, OLM training). One row per person per staff-in-post snapshot,
-- valid from that snapshot to the day before the next: an event takes the ethnicity of the most
-- recent snapshot on or before it; an event before the person's first snapshot takes that first
-- (earliest later) snapshot (valid_from is open-ended), and one after the last takes the last [D].
-- Within a snapshot the counted, known-ethnicity, primary assignment wins (source-extracts.md §8).
CREATE OR REPLACE TABLE intermediate.wres_person_ethnicity AS
WITH per_snapshot AS (
    SELECT org_code, person_id, snapshot_date, coalesce(ethnic_group, 'UNKNOWN') AS ethnic_group
    FROM staging.staff_in_post
    WHERE person_id IS NOT NULL
    QUALIFY row_number() OVER (
        PARTITION BY org_code, person_id, snapshot_date
        ORDER BY is_counted DESC NULLS LAST, coalesce(ethnic_group, 'UNKNOWN') = 'UNKNOWN', is_primary DESC NULLS LAST,
                 assignment_number
    ) = 1
)
SELECT
    org_code,
    person_id,
    snapshot_date,
    ethnic_group,
    CASE WHEN lag(snapshot_date) OVER w IS NULL THEN DATE '0001-01-01' ELSE snapshot_date END AS valid_from,
    coalesce(CAST(lead(snapshot_date) OVER w - INTERVAL 1 DAY AS DATE), DATE '9999-12-31') AS valid_to
FROM per_snapshot
WINDOW w AS (PARTITION BY org_code, person_id ORDER BY snapshot_date);
