-- staging.staff_in_post: one typed, normalised row per valid assignment per snapshot.
-- Raw values of the normalised fields are kept beside their standard forms.
CREATE OR REPLACE TABLE staging.staff_in_post AS
SELECT
    t.org_code,
    t.snapshot_date,
    t.person_id,
    wres_clean(t.employee_number) AS employee_number,
    wres_clean(t.assignment_number) AS assignment_number,
    wres_clean(t.org_l2) AS org_l2,
    wres_clean(t.org_l3) AS directorate,
    coalesce(wres_clean(t.org_l4), wres_clean(t.organisation)) AS service_team,
    wres_clean(t.organisation) AS organisation,
    wres_clean(t.job_role) AS job_role,
    t.staff_group_std AS staff_group,
    wres_clean(t.staff_group) AS staff_group_raw,
    t.occ AS occupation_code,
    t.clinical_category,
    CASE WHEN t.clinical_category = 'medical' THEN 'MEDICAL' ELSE wres_band(t.grade) END AS band,
    wres_clean(t.grade) AS grade_raw,
    CASE WHEN t.clinical_category = 'medical' THEN coalesce(mg.cluster, 'other') END AS medical_cluster,
    t.clinical_category = 'medical' AND coalesce(mg.cluster, 'other') = 'consultant'
        AND list_contains($senior_medical_manager_roles, wres_clean(t.job_role)) AS is_senior_medical_manager,
    wres_clean(t.assignment_category) AS assignment_category,
    wres_clean(t.assignment_status) AS assignment_status,
    t.is_primary,
    t.fte_num AS fte,
    wres_decimal(t.contracted_hours) AS contracted_hours,
    t.ethnic_code,
    ec.wres_group AS ethnic_group,
    CASE WHEN ec.wres_group = 'UNKNOWN' THEN coalesce(t.unknown_reason, 'coded_unknown') END AS unknown_reason,
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
FROM typed_staff_in_post AS t
LEFT JOIN ref.ethnic_category AS ec ON ec.code = t.ethnic_code
LEFT JOIN ref.medical_grade AS mg ON mg.label = t.grade_form
WHERE t.reject IS NULL;
