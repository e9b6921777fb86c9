-- staging.leavers: one typed row per valid leaver assignment per reporting period (source-extracts.md
-- §2.5), normalised like staff in post (sql/create_typed_esr.sql). The leaving reason is matched with
-- en dashes read as hyphens (D26) and kept raw; blank and 'Voluntary Resignation - Other/Not Known'
-- are valid but low-information (D27). is_counted: the contract type counts in the workforce (§8).
CREATE OR REPLACE TABLE staging.leavers AS
SELECT
    t.org_code,
    t.period_start,
    t.period_end,
    t.person_id,
    wres_clean(t.employee_number) AS employee_number,
    t.asg AS assignment_number,
    wres_clean(t.org_l3) AS directorate,
    coalesce(wres_clean(t.org_l4), wres_clean(t.organisation)) AS service_team,
    t.staff_group_std AS staff_group,
    t.occ AS occupation_code,
    t.clinical_category,
    t.band,
    wres_clean(t.grade) AS grade_raw,
    t.medical_cluster,
    wres_clean(t.assignment_category) AS assignment_category,
    t.is_primary,
    t.fte_num AS fte,
    t.ethnic_code,
    t.ethnic_group,
    t.unknown_reason,
    wres_clean(t.ethnic_origin) AS ethnic_origin_raw,
    wres_clean(t.gender) AS gender,
    t.hire_dt AS hire_date,
    t.termination_dt AS termination_date,
    t.leaving_reason_std AS leaving_reason,
    wres_clean(t.leaving_reason) AS leaving_reason_raw,
    t.is_low_information_reason,
    list_contains($counted_categories, wres_clean(t.assignment_category)) AS is_counted,
    t.source_file_id,
    t.file_name,
    t.sheet,
    t.row_number
FROM typed_esr AS t
WHERE t.reject IS NULL;
