-- ESR rows (staff in post or leavers: the same columns, source-extracts.md §2.2 / §2.5) typed and
-- normalised, each with the first row rule it breaks (NULL = valid). A connection-local TEMP table:
-- the source's staging table takes the valid rows, its quarantine table the rest.
-- Parameters: $raw_table (raw.esr_staff_in_post / raw.esr_leavers), $rule_prefix (ESR_SIP / ESR_LEA),
-- $is_leavers (leaver-only rules), and the Counting section of wres_pipeline/config.py.
-- The costly normalisers (dates, grades, ethnic origins, yes/no, FTE) run once per DISTINCT raw value
-- (a few thousand dates, a few dozen grades) in the dictionaries below, joined back to the rows.
-- asg: the cleaned Assignment Number, the key of D09 / D10 (staging takes it as assignment_number).
CREATE OR REPLACE TEMP TABLE typed_esr AS
WITH src AS (
    SELECT *, wres_clean(assignment_number) AS asg FROM query_table($raw_table) WHERE drop_reason IS NULL
),
-- D09 / D10: the Assignment Numbers an extract holds more than once (few), with their rows in file order;
-- every other row is the only copy of its key (copies 1, copy number 1). Cheaper than window functions
-- over every row.
copies AS (
    SELECT s.extract_id, s.asg, count(*) AS copies, count(DISTINCT s.row_hash) AS versions,
           list((s.sheet, s.row_number) ORDER BY s.row_number, s.sheet) AS copy_rows
    FROM src AS s
    SEMI JOIN (SELECT extract_id, asg FROM src GROUP BY ALL HAVING count(*) > 1) AS d
        ON d.extract_id IS NOT DISTINCT FROM s.extract_id AND d.asg IS NOT DISTINCT FROM s.asg
    GROUP BY ALL
),
staff_groups AS (
    SELECT s.staff_group, sg.staff_group AS staff_group_std
    FROM (SELECT DISTINCT staff_group FROM src) AS s
    LEFT JOIN ref.staff_group AS sg ON sg.label = wres_match_form(s.staff_group)
),
leaving_reasons AS (
    SELECT s.leaving_reason, lr.reason, lr.is_low_information
    FROM (SELECT DISTINCT leaving_reason FROM src) AS s
    LEFT JOIN ref.leaving_reason AS lr ON lr.label = wres_match_form(s.leaving_reason)
),
dates AS (
    SELECT raw, wres_date(raw) AS dt
    FROM (SELECT hire_date AS raw FROM src UNION SELECT termination_date FROM src UNION SELECT nhs_start_date FROM src)
),
grades AS (
    SELECT grade, wres_match_form(grade) AS grade_form, wres_band(grade) AS grade_band
    FROM (SELECT DISTINCT grade FROM src)
),
ethnic AS (
    SELECT ethnic_origin, wres_ethnic(ethnic_origin, FALSE) AS eth FROM (SELECT DISTINCT ethnic_origin FROM src)
),
flags AS (
    SELECT primary_assignment, wres_bool(primary_assignment) AS is_primary
    FROM (SELECT DISTINCT primary_assignment FROM src)
),
ftes AS (
    SELECT fte, wres_decimal(fte) AS fte_num FROM (SELECT DISTINCT fte FROM src)
),
base AS (
    SELECT
        r.* REPLACE (coalesce(upper(wres_clean(r.ods_code)), r.org_code) AS org_code),
        coalesce(wres_clean(r.unique_nhs_identifier), wres_clean(r.employee_number)) AS person_id,
        e.eth,
        sg.staff_group_std,
        wres_clean(r.occupation_code) AS occ,
        hd.dt AS hire_dt,
        td.dt AS termination_dt,
        nd.dt AS nhs_start_dt,
        wres_excel_error(list_concat(
            [{'column': 'employee_number', 'value': r.employee_number},
             {'column': 'assignment_number', 'value': r.assignment_number},
             {'column': 'staff_group', 'value': r.staff_group},
             {'column': 'occupation_code', 'value': r.occupation_code},
             {'column': 'grade', 'value': r.grade},
             {'column': 'assignment_category', 'value': r.assignment_category},
             {'column': 'assignment_status', 'value': r.assignment_status},
             {'column': 'primary_assignment', 'value': r.primary_assignment},
             {'column': 'ethnic_origin', 'value': r.ethnic_origin}],
            CASE WHEN $is_leavers THEN [{'column': 'termination_date', 'value': r.termination_date},
                                        {'column': 'leaving_reason', 'value': r.leaving_reason}] END)) AS excel_error,
        f.fte_num,
        p.is_primary,
        g.grade_form,
        g.grade_band,
        lr.reason AS leaving_reason_std,
        coalesce(lr.is_low_information, wres_clean(r.leaving_reason) IS NULL) AS is_low_information_reason,
        coalesce(k.copies, 1) AS asg_copies,
        coalesce(k.versions, 1) AS asg_versions,
        coalesce(list_position(k.copy_rows, (r.sheet, r.row_number)), 1) AS asg_copy_no
    FROM src AS r
    LEFT JOIN copies AS k ON k.extract_id IS NOT DISTINCT FROM r.extract_id AND k.asg IS NOT DISTINCT FROM r.asg
    LEFT JOIN staff_groups AS sg ON sg.staff_group IS NOT DISTINCT FROM r.staff_group
    LEFT JOIN leaving_reasons AS lr ON lr.leaving_reason IS NOT DISTINCT FROM r.leaving_reason
    LEFT JOIN ethnic AS e ON e.ethnic_origin IS NOT DISTINCT FROM r.ethnic_origin
    LEFT JOIN grades AS g ON g.grade IS NOT DISTINCT FROM r.grade
    LEFT JOIN flags AS p ON p.primary_assignment IS NOT DISTINCT FROM r.primary_assignment
    LEFT JOIN ftes AS f ON f.fte IS NOT DISTINCT FROM r.fte
    LEFT JOIN dates AS hd ON hd.raw IS NOT DISTINCT FROM r.hire_date
    LEFT JOIN dates AS td ON td.raw IS NOT DISTINCT FROM r.termination_date
    LEFT JOIN dates AS nd ON nd.raw IS NOT DISTINCT FROM r.nhs_start_date
),
coded AS (
    SELECT
        b.*,
        b.eth.code AS ethnic_code,
        b.eth.wres_group AS ethnic_group,
        b.eth.unknown_reason AS unknown_reason,
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
),
banded AS (
    SELECT
        c.*,
        CASE WHEN c.clinical_category = 'medical' THEN 'MEDICAL' ELSE c.grade_band END AS band,
        CASE WHEN c.clinical_category = 'medical' THEN coalesce(mg.cluster, 'other') END AS medical_cluster
    FROM coded AS c
    LEFT JOIN ref.medical_grade AS mg ON mg.label = c.grade_form
)
SELECT
    c.*,
    CASE
        WHEN c.excel_error IS NOT NULL THEN
            wres_excel_reject($rule_prefix || '-090', c.excel_error)
        WHEN c.person_id IS NULL OR NOT regexp_matches(c.person_id, '^[0-9]{5,10}$|^[A-Za-z0-9]{6,20}$') THEN
            wres_reject($rule_prefix || '-001', 'employee_number', c.employee_number,
                'not a valid Employee Number; expected 5 to 10 digits such as "10234567"')
        WHEN c.asg IS NULL OR NOT regexp_matches(c.asg, '^[0-9]{5,10}(-[0-9]{1,2})?$') THEN
            wres_reject($rule_prefix || '-002', 'assignment_number', c.assignment_number,
                'not a valid Assignment Number; expected digits with an optional -n suffix such as "20234567-2"')
        WHEN c.asg_copies > 1 THEN
            wres_key_rule($rule_prefix, 'assignment_number', c.assignment_number, 'Assignment Number',
                          c.asg_copies, c.asg_versions, c.asg_copy_no)
        WHEN c.eth IS NULL THEN
            wres_reject($rule_prefix || '-015', 'ethnic_origin', c.ethnic_origin,
                'not a recognised ESR ethnic origin; expected a value such as "A White - British" or "Z Not Stated"')
        WHEN c.staff_group_std IS NULL THEN
            wres_reject($rule_prefix || '-017', 'staff_group', c.staff_group,
                'not a recognised ESR staff group; expected one such as "Nursing and Midwifery Registered"')
        WHEN NOT list_contains($known_categories, wres_clean(c.assignment_category)) THEN
            wres_reject($rule_prefix || '-019', 'assignment_category', c.assignment_category,
                'not a recognised assignment category; accepted values are ' || array_to_string($known_categories, ', '))
        WHEN NOT list_contains($known_statuses, wres_clean(c.assignment_status)) THEN
            wres_reject($rule_prefix || '-020', 'assignment_status', c.assignment_status,
                'not a recognised assignment status; accepted values are ' || array_to_string($known_statuses, ', '))
        WHEN wres_clean(c.hire_date) IS NOT NULL AND c.hire_dt IS NULL THEN
            wres_reject($rule_prefix || '-022', 'hire_date', c.hire_date, 'not a date; expected DD/MM/YYYY')
        WHEN wres_clean(c.termination_date) IS NOT NULL AND c.termination_dt IS NULL THEN
            wres_reject($rule_prefix || '-022', 'termination_date', c.termination_date, 'not a date; expected DD/MM/YYYY')
        WHEN wres_clean(c.nhs_start_date) IS NOT NULL AND c.nhs_start_dt IS NULL THEN
            wres_reject($rule_prefix || '-022', 'nhs_start_date', c.nhs_start_date, 'not a date; expected DD/MM/YYYY')
        WHEN least(c.hire_dt, c.termination_dt, c.nhs_start_dt) < DATE '1900-01-01' THEN
            wres_reject($rule_prefix || '-023',
                CASE WHEN c.hire_dt < DATE '1900-01-01' THEN 'hire_date'
                     WHEN c.termination_dt < DATE '1900-01-01' THEN 'termination_date' ELSE 'nhs_start_date' END,
                CASE WHEN c.hire_dt < DATE '1900-01-01' THEN c.hire_date
                     WHEN c.termination_dt < DATE '1900-01-01' THEN c.termination_date ELSE c.nhs_start_date END,
                'a date before 1900 is impossible (§1.4, D23)')
        WHEN c.hire_dt > coalesce(c.snapshot_date, c.period_end) THEN
            wres_reject($rule_prefix || '-023', 'hire_date', c.hire_date,
                'the hire date is after the ' || CASE WHEN c.snapshot_date IS NOT NULL THEN 'snapshot date ' ELSE 'period end ' END
                || strftime(coalesce(c.snapshot_date, c.period_end), '%d/%m/%Y') || ' (D23)')
        WHEN c.termination_dt < c.hire_dt THEN
            wres_reject($rule_prefix || '-023', 'termination_date', c.termination_date,
                'the termination date is before the hire date (D23)')
        WHEN wres_clean(c.fte) IS NOT NULL AND (c.fte_num IS NULL OR c.fte_num < 0 OR c.fte_num > 2) THEN
            wres_reject($rule_prefix || '-025', 'fte', c.fte, 'FTE must be a number from 0 to 2 (D25)')
        -- §2.5: a leaver has a termination date inside the file's period and a recognised leaving reason
        -- (blank and 'Voluntary Resignation - Other/Not Known' are valid, low-information: D27).
        WHEN $is_leavers AND c.termination_dt IS NULL THEN
            wres_reject($rule_prefix || '-026', 'termination_date', c.termination_date,
                'a leaver needs a termination date (DD/MM/YYYY)')
        WHEN $is_leavers AND c.termination_dt NOT BETWEEN c.period_start AND c.period_end THEN
            wres_reject($rule_prefix || '-027', 'termination_date', c.termination_date,
                'the termination date is outside the file''s period ' || strftime(c.period_start, '%d/%m/%Y')
                || ' - ' || strftime(c.period_end, '%d/%m/%Y'))
        WHEN $is_leavers AND wres_clean(c.leaving_reason) IS NOT NULL AND c.leaving_reason_std IS NULL THEN
            wres_reject($rule_prefix || '-028', 'leaving_reason', c.leaving_reason,
                'not a recognised ESR leaving reason; expected one such as "Voluntary Resignation - Relocation", '
                || '"Retirement Age" or "End of Fixed Term Contract"')
    END AS reject
FROM banded AS c;
