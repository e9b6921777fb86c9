-- staging.workforce_snapshot: one row per person per snapshot (source-extracts.md §8).
-- The person's band, staff group and clinical category come from one counted assignment:
-- (1) the primary one; (2) if none or several are primary, the highest FTE; (3) the earliest start;
-- (4) the lowest assignment number. Bank-only people have no counted assignment and are absent.
-- Two facts come from the whole person, not that one assignment (counting.senior_medical_manager_from,
-- counting.board_executives_as_vsm):
--  * senior medical manager: a doctor (any medical assignment) whose job role on ANY assignment in post
--    at the snapshot - or whose board-register role - is one of counting.senior_medical_manager_roles.
--    The WRES template counts them as consultants ("of which senior medical manager"), whatever grade
--    their counted assignment carries (a Medical Director on an executive / VSM grade is a consultant).
--    'counted_assignment': only the counted assignment's job role, and only on a consultant grade.
--  * executive board members (board register, in post at the snapshot) whose counted assignment is not
--    on Agenda for Change (Local Pay, Spot Salary, unrecognised grade) are VSM, as NHS England's WRES
--    technical guidance defines VSM ("including executive board members").
-- The board register used for a snapshot is the first one dated on or after it (it knows of
-- appointments that ended before the snapshot), else the latest before it.
-- lineage: is_senior_medical_manager <- staging.staff_in_post.job_role, staging.board_members.role_title
-- lineage: band <- staging.staff_in_post.band, staging.board_members.is_executive
-- lineage: org_code <- staging.staff_in_post.org_code
-- lineage: snapshot_date <- staging.staff_in_post.snapshot_date
-- lineage: person_id <- staging.staff_in_post.person_id
-- lineage: ethnic_code <- staging.staff_in_post.ethnic_code
-- lineage: ethnic_group <- staging.staff_in_post.ethnic_group
-- lineage: unknown_reason <- staging.staff_in_post.unknown_reason
-- lineage: gender <- staging.staff_in_post.gender
-- lineage: source_file_id <- staging.staff_in_post.source_file_id
CREATE OR REPLACE TABLE staging.workforce_snapshot AS
WITH picked AS (
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
),
assignment_facts AS (  -- every assignment in post at the snapshot (counted or not)
    SELECT org_code, snapshot_date, person_id,
           bool_or(clinical_category = 'medical') AS any_medical,
           bool_or(list_contains($senior_medical_manager_roles, job_role)) AS any_smm_role
    FROM staging.staff_in_post
    WHERE coalesce(hire_date <= snapshot_date, TRUE) AND coalesce(termination_date > snapshot_date, TRUE)
    GROUP BY ALL
),
snapshots AS (SELECT DISTINCT org_code, snapshot_date FROM picked),
register AS (  -- the board register describing each snapshot
    SELECT s.org_code, s.snapshot_date,
           coalesce(min(b.snapshot_date) FILTER (WHERE b.snapshot_date >= s.snapshot_date),
                    max(b.snapshot_date)) AS register_date
    FROM snapshots AS s JOIN (SELECT DISTINCT org_code, snapshot_date FROM staging.board_members) AS b USING (org_code)
    GROUP BY ALL
),
board_facts AS (
    SELECT r.org_code, r.snapshot_date, b.person_id,
           bool_or(b.is_executive) AS is_executive,
           bool_or(list_contains($senior_medical_manager_roles, b.role_title)) AS board_smm_role
    FROM register AS r
    JOIN staging.board_members AS b
      ON b.org_code = r.org_code AND b.snapshot_date = r.register_date AND b.is_matched_to_esr
     AND b.appointment_start_date <= r.snapshot_date
     AND coalesce(b.appointment_end_date >= r.snapshot_date, TRUE)
    GROUP BY ALL
),
person AS (
    SELECT
        p.*,
        CASE WHEN $senior_medical_manager_from = 'any_assignment'
             THEN coalesce(a.any_medical, FALSE) AND (coalesce(a.any_smm_role, FALSE) OR coalesce(bf.board_smm_role, FALSE))
             ELSE p.clinical_category = 'medical' AND p.medical_cluster = 'consultant'
                  AND list_contains($senior_medical_manager_roles, p.job_role)
        END AS smm,
        $board_executives_as_vsm AND coalesce(bf.is_executive, FALSE) AS board_executive
    FROM picked AS p
    LEFT JOIN assignment_facts AS a USING (org_code, snapshot_date, person_id)
    LEFT JOIN board_facts AS bf USING (org_code, snapshot_date, person_id)
    WHERE p.pick = 1
)
SELECT
    org_code,
    snapshot_date,
    person_id,
    assignment_number,
    directorate,
    service_team,
    staff_group,
    CASE WHEN smm THEN 'medical' ELSE clinical_category END AS clinical_category,
    CASE WHEN smm THEN 'MEDICAL'
         WHEN board_executive AND band IN ('NON_AFC_OTHER', 'UNKNOWN') THEN 'VSM'
         ELSE band END AS band,
    CASE WHEN smm THEN 'consultant' ELSE medical_cluster END AS medical_cluster,
    smm AS is_senior_medical_manager,
    ethnic_code,
    ethnic_group,
    unknown_reason,
    gender,
    hire_date,
    fte,
    n_counted_assignments,
    n_primary_flags,
    source_file_id
FROM person;
