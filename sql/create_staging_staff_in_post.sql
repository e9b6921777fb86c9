-- staging.staff_in_post: one typed, normalised row per valid assignment per snapshot.
-- Raw values of the normalised fields are kept beside their standard forms. Rows come from the
-- typed ESR table (sql/create_typed_esr.sql), which applies the row rules shared with the leavers.
-- lineage: person_id <- raw.esr_staff_in_post.unique_nhs_identifier, raw.esr_staff_in_post.employee_number
-- lineage: ethnic_code, ethnic_group, unknown_reason, ethnic_origin_raw <- raw.esr_staff_in_post.ethnic_origin
-- lineage: band, grade_raw, medical_cluster <- raw.esr_staff_in_post.grade
-- lineage: clinical_category <- raw.esr_staff_in_post.occupation_code, raw.esr_staff_in_post.staff_group
-- lineage: directorate <- raw.esr_staff_in_post.org_l3
CREATE OR REPLACE TABLE staging.staff_in_post AS
SELECT
    t.org_code,
    t.snapshot_date,
    t.person_id,
    wres_clean(t.employee_number) AS employee_number,
    t.asg AS assignment_number,
    wres_clean(t.org_l2) AS org_l2,
    wres_clean(t.org_l3) AS directorate,
    coalesce(wres_clean(t.org_l4), wres_clean(t.organisation)) AS service_team,
    wres_clean(t.organisation) AS organisation,
    wres_clean(t.job_role) AS job_role,
    t.staff_group_std AS staff_group,
    wres_clean(t.staff_group) AS staff_group_raw,
    t.occ AS occupation_code,
    t.clinical_category,
    t.band,
    wres_clean(t.grade) AS grade_raw,
    t.medical_cluster,
    wres_clean(t.assignment_category) AS assignment_category,
    wres_clean(t.assignment_status) AS assignment_status,
    t.is_primary,
    t.fte_num AS fte,
    wres_decimal(t.contracted_hours) AS contracted_hours,
    t.ethnic_code,
    t.ethnic_group,
    t.unknown_reason,
    wres_clean(t.ethnic_origin) AS ethnic_origin_raw,
    wres_clean(t.gender) AS gender,
    wres_clean(t.age_band) AS age_band,
    t.hire_dt AS hire_date,
    t.nhs_start_dt AS nhs_start_date,
    t.termination_dt AS termination_date,
    wres_decimal(t.annual_salary) AS annual_salary,
    wres_decimal(t.hourly_rate) AS hourly_rate,
    -- §8: counted = contract type and status counted, and in post on the snapshot date.
    list_contains($counted_categories, wres_clean(t.assignment_category))
        AND list_contains($active_statuses, wres_clean(t.assignment_status))
        AND coalesce(t.hire_dt <= t.snapshot_date, TRUE)
        AND coalesce(t.termination_dt > t.snapshot_date, TRUE) AS is_counted,
    t.source_file_id,
    t.file_name,
    t.sheet,
    t.row_number
FROM typed_esr AS t
WHERE t.reject IS NULL;
