-- Staff in post rows typed and normalised, each with the first row rule it breaks (NULL = valid).
-- A connection-local TEMP table: staging.staff_in_post takes the valid rows, staging.quarantine the rest.
-- Parameters come from wres_pipeline/config.py (Counting section).
CREATE OR REPLACE TEMP TABLE typed_staff_in_post AS
WITH base AS (
    SELECT
        r.*,
        coalesce(wres_clean(r.unique_nhs_identifier), wres_clean(r.employee_number)) AS person_id,
        wres_match_form(r.ethnic_origin) AS eth_form,
        upper(regexp_extract(wres_clean(r.ethnic_origin), '^([A-Z][A-Z0-9]?)\s+\S', 1)) AS eth_prefix,
        sg.staff_group AS staff_group_std,
        wres_clean(r.occupation_code) AS occ,
        wres_date(r.hire_date) AS hire_dt,
        wres_date(r.termination_date) AS termination_dt,
        wres_date(r.nhs_start_date) AS nhs_start_dt,
        wres_decimal(r.fte) AS fte_num,
        wres_bool(r.primary_assignment) AS is_primary,
        wres_match_form(r.grade) AS grade_form,
        count(*) OVER (PARTITION BY r.source_file_id, wres_clean(r.assignment_number)) AS asg_copies,
        count(DISTINCT r.row_hash) OVER (PARTITION BY r.source_file_id, wres_clean(r.assignment_number))
            AS asg_versions,
        row_number() OVER (PARTITION BY r.source_file_id, wres_clean(r.assignment_number) ORDER BY r.row_number)
            AS asg_copy_no
    FROM raw.esr_staff_in_post AS r
    LEFT JOIN ref.staff_group AS sg ON sg.label = wres_match_form(r.staff_group)
    WHERE r.drop_reason IS NULL
),
coded AS (
    SELECT
        b.*,
        CASE
            WHEN b.eth_form IS NULL THEN 'Z'
            WHEN ul.label IS NOT NULL THEN 'Z'
            WHEN ec.code IS NOT NULL THEN ec.code
            WHEN ed.code IS NOT NULL THEN ed.code
        END AS ethnic_code,
        CASE WHEN b.eth_form IS NULL THEN 'blank' ELSE ul.unknown_reason END AS unknown_reason,
        CASE
            WHEN regexp_matches(coalesce(b.occ, ''), '^[0-9]{3}$') OR b.staff_group_std = 'Medical and Dental'
                THEN 'medical'
            WHEN regexp_matches(coalesce(b.occ, ''), '^[A-Z][0-9A-Z]{2}$')
                THEN CASE WHEN list_contains($non_clinical_prefixes, left(b.occ, 1)) THEN 'non_clinical'
                          WHEN b.staff_group_std = 'Students' AND NOT $students_clinical THEN 'non_clinical'
                          ELSE 'clinical' END
            WHEN list_contains($non_clinical_staff_groups, b.staff_group_std) THEN 'non_clinical'
            WHEN b.staff_group_std = 'Students' AND NOT $students_clinical THEN 'non_clinical'
            ELSE 'clinical'
        END AS clinical_category
    FROM base AS b
    LEFT JOIN ref.ethnic_unknown_label AS ul ON ul.label = b.eth_form
    LEFT JOIN ref.ethnic_category AS ec ON ec.code = left(b.eth_prefix, 1) AND b.eth_prefix <> ''
    LEFT JOIN ref.ethnic_category AS ed ON wres_match_form(ed.description) = b.eth_form
)
SELECT
    c.*,
    CASE
        WHEN c.person_id IS NULL OR NOT regexp_matches(c.person_id, '^[0-9]{5,10}$|^[A-Za-z0-9]{6,20}$') THEN
            {'rule_id': 'ESR_SIP-001', 'column_name': 'employee_number', 'raw_value': c.employee_number,
             'reason': 'not a valid Employee Number; expected 5 to 10 digits such as "10234567"'}
        WHEN wres_clean(c.assignment_number) IS NULL
             OR NOT regexp_matches(wres_clean(c.assignment_number), '^[0-9]{5,10}(-[0-9]{1,2})?$') THEN
            {'rule_id': 'ESR_SIP-002', 'column_name': 'assignment_number', 'raw_value': c.assignment_number,
             'reason': 'not a valid Assignment Number; expected digits with an optional -n suffix such as "20234567-2"'}
        WHEN c.asg_copies > 1 AND c.asg_versions > 1 THEN
            {'rule_id': 'ESR_SIP-010', 'column_name': 'assignment_number', 'raw_value': c.assignment_number,
             'reason': 'the same Assignment Number appears ' || c.asg_copies
                       || ' times in this file with different values; every copy is rejected (D10)'}
        WHEN c.asg_copies > 1 AND c.asg_copy_no > 1 THEN
            {'rule_id': 'ESR_SIP-009', 'column_name': 'assignment_number', 'raw_value': c.assignment_number,
             'reason': 'an exact duplicate of an earlier row; the first copy is kept (D09)'}
        WHEN c.ethnic_code IS NULL THEN
            {'rule_id': 'ESR_SIP-015', 'column_name': 'ethnic_origin', 'raw_value': c.ethnic_origin,
             'reason': 'not a recognised ESR ethnic origin; expected a value such as "A White - British" or "Z Not Stated"'}
        WHEN c.staff_group_std IS NULL THEN
            {'rule_id': 'ESR_SIP-017', 'column_name': 'staff_group', 'raw_value': c.staff_group,
             'reason': 'not a recognised ESR staff group; expected one such as "Nursing and Midwifery Registered"'}
        WHEN NOT list_contains($known_categories, wres_clean(c.assignment_category)) THEN
            {'rule_id': 'ESR_SIP-019', 'column_name': 'assignment_category', 'raw_value': c.assignment_category,
             'reason': 'not a recognised assignment category; accepted values are ' || array_to_string($known_categories, ', ')}
        WHEN NOT list_contains($known_statuses, wres_clean(c.assignment_status)) THEN
            {'rule_id': 'ESR_SIP-020', 'column_name': 'assignment_status', 'raw_value': c.assignment_status,
             'reason': 'not a recognised assignment status; accepted values are ' || array_to_string($known_statuses, ', ')}
        WHEN wres_clean(c.hire_date) IS NOT NULL AND c.hire_dt IS NULL THEN
            {'rule_id': 'ESR_SIP-022', 'column_name': 'hire_date', 'raw_value': c.hire_date,
             'reason': 'not a date; expected DD/MM/YYYY'}
        WHEN c.hire_dt > c.snapshot_date THEN
            {'rule_id': 'ESR_SIP-023', 'column_name': 'hire_date', 'raw_value': c.hire_date,
             'reason': 'the hire date is after the snapshot date ' || strftime(c.snapshot_date, '%d/%m/%Y') || ' (D23)'}
        WHEN c.termination_dt < c.hire_dt THEN
            {'rule_id': 'ESR_SIP-023', 'column_name': 'termination_date', 'raw_value': c.termination_date,
             'reason': 'the termination date is before the hire date (D23)'}
        WHEN wres_clean(c.fte) IS NOT NULL AND (c.fte_num IS NULL OR c.fte_num < 0 OR c.fte_num > 2) THEN
            {'rule_id': 'ESR_SIP-025', 'column_name': 'fte', 'raw_value': c.fte,
             'reason': 'FTE must be a number from 0 to 2 (D25)'}
    END AS reject
FROM coded AS c;
