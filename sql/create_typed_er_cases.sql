-- Employee-relations cases typed and normalised (source-extracts.md §6.1), each with the first row rule
-- it breaks (NULL = valid). A connection-local TEMP table: staging.er_cases takes the valid rows,
-- staging.quarantine_er_cases the rest. Outcomes are checked against the list of the case type's
-- family (disciplinary / grievance; other case types accept either).
CREATE OR REPLACE TEMP TABLE typed_er_cases AS
WITH base AS (
    SELECT
        r.* REPLACE (coalesce(upper(wres_clean(r.ods_code)), r.org_code) AS org_code),
        wres_clean(r.case_reference) AS case_ref,
        wres_clean(r.employee_number) AS emp,
        ct.value AS case_type_std, ct.family,
        sg.value AS stage_std,
        oc.value AS outcome_std, oc.is_sanction, oc.decision AS outcome_decision,
        ap.value AS appeal_outcome_std,
        wres_date(r.case_opened_date) AS opened_dt,
        wres_date(r.formal_investigation_start_date) AS investigation_dt,
        wres_date(r.hearing_date) AS hearing_dt,
        wres_date(r.case_closed_date) AS closed_dt,
        wres_bool(r.suspended) AS suspended_b,
        -- a formal case - at a formal stage, with a hearing held, or with a formal sanction - without its
        -- investigation date: it would silently miss indicator 3. Quarantined (ER-012), or dated by the
        -- fallback of methods.ind3_missing_investigation_date (staging.er_cases.investigation_date_source).
        ct.family = 'disciplinary' AND wres_clean(r.formal_investigation_start_date) IS NULL
            AND (sg.value IN ('Formal Investigation', 'Hearing', 'Appeal') OR wres_date(r.hearing_date) IS NOT NULL
                 OR coalesce(oc.is_sanction, FALSE)) AS formal_without_investigation_date,
        count(*) OVER ref AS ref_copies,
        count(DISTINCT r.row_hash) OVER ref AS ref_versions,
        row_number() OVER (PARTITION BY r.extract_id, wres_clean(r.case_reference) ORDER BY r.row_number) AS ref_copy_no
    FROM raw.er_cases AS r
    LEFT JOIN ref.er_code AS ct ON ct.kind = 'case_type' AND ct.label = wres_match_form(r.case_type)
    LEFT JOIN ref.er_code AS sg ON sg.kind = 'stage' AND sg.label = wres_match_form(r.stage)
    LEFT JOIN ref.er_code AS oc
        ON oc.kind = 'outcome' AND oc.label = wres_match_form(r.outcome)
       AND (oc.family IN ('both', ct.family) OR ct.family = 'any')
    LEFT JOIN ref.er_code AS ap ON ap.kind = 'appeal_outcome' AND ap.label = wres_match_form(r.appeal_outcome)
    WHERE r.drop_reason IS NULL
    WINDOW ref AS (PARTITION BY r.extract_id, wres_clean(r.case_reference))
)
SELECT
    b.*,
    CASE
        WHEN b.case_ref IS NULL THEN
            wres_reject('ER-001', 'case_reference', b.case_reference, 'a Case Reference is required')
        WHEN b.ref_copies > 1 THEN
            wres_key_rule('ER', 'case_reference', b.case_reference, 'Case Reference', b.ref_copies, b.ref_versions, b.ref_copy_no)
        WHEN b.emp IS NULL OR NOT regexp_matches(b.emp, '^[0-9]{5,10}$') THEN
            wres_reject('ER-002', 'employee_number', b.employee_number,
                'not a valid Employee Number; expected 5 to 10 digits such as "10234567"')
        WHEN b.case_type_std IS NULL THEN
            wres_reject('ER-003', 'case_type', b.case_type,
                'not a recognised case type; expected one such as "Disciplinary", "Grievance", "Dignity at Work" or '
                || '"Capability - Performance"')
        WHEN b.stage_std IS NULL THEN
            wres_reject('ER-004', 'stage', b.stage,
                'not a recognised stage; accepted values are Informal, Initial Review, Formal Investigation, '
                || 'Hearing, Appeal, Closed')
        WHEN b.opened_dt IS NULL THEN
            wres_reject('ER-005', 'case_opened_date', b.case_opened_date, 'a Case Opened Date is required (DD/MM/YYYY)')
        WHEN wres_clean(b.formal_investigation_start_date) IS NOT NULL AND b.investigation_dt IS NULL THEN
            wres_reject('ER-006', 'formal_investigation_start_date', b.formal_investigation_start_date,
                'not a date; expected DD/MM/YYYY')
        WHEN wres_clean(b.hearing_date) IS NOT NULL AND b.hearing_dt IS NULL THEN
            wres_reject('ER-006', 'hearing_date', b.hearing_date, 'not a date; expected DD/MM/YYYY')
        WHEN wres_clean(b.case_closed_date) IS NOT NULL AND b.closed_dt IS NULL THEN
            wres_reject('ER-006', 'case_closed_date', b.case_closed_date, 'not a date; expected DD/MM/YYYY')
        WHEN b.investigation_dt < b.opened_dt THEN
            wres_reject('ER-007', 'formal_investigation_start_date', b.formal_investigation_start_date,
                'the formal investigation starts before the case was opened on ' || strftime(b.opened_dt, '%d/%m/%Y'))
        WHEN b.hearing_dt < coalesce(b.investigation_dt, b.opened_dt) THEN
            wres_reject('ER-008', 'hearing_date', b.hearing_date,
                'the hearing is before the ' || CASE WHEN b.investigation_dt IS NOT NULL THEN 'formal investigation start '
                ELSE 'case opened date ' END || strftime(coalesce(b.investigation_dt, b.opened_dt), '%d/%m/%Y'))
        WHEN b.closed_dt < b.opened_dt THEN
            wres_reject('ER-011', 'case_closed_date', b.case_closed_date,
                'the case is closed before it was opened on ' || strftime(b.opened_dt, '%d/%m/%Y'))
        WHEN b.formal_without_investigation_date AND $ind3_missing_investigation_date = 'quarantine' THEN
            wres_reject('ER-012', 'formal_investigation_start_date', b.formal_investigation_start_date,
                'a formal disciplinary case (' || CASE WHEN b.stage_std IN ('Formal Investigation', 'Hearing', 'Appeal')
                                                     THEN 'stage ' || b.stage_std
                                                     WHEN b.hearing_dt IS NOT NULL THEN 'a hearing held'
                                                     ELSE 'outcome ' || b.outcome_std END
                || ') needs its Formal Investigation Start Date (the WRES indicator 3 trigger)')
        WHEN wres_clean(b.outcome) IS NOT NULL AND b.outcome_std IS NULL THEN
            wres_reject('ER-013', 'outcome', b.outcome,
                'not a recognised outcome for a ' || b.case_type_std || ' case; expected one such as '
                || CASE WHEN b.family = 'grievance' THEN '"Upheld", "Not Upheld" or "Resolved Informally"'
                        ELSE '"No Case to Answer", "Final Written Warning" or "Summary Dismissal"' END)
        WHEN (b.stage_std = 'Closed' OR b.closed_dt IS NOT NULL) AND b.outcome_std IS NULL THEN
            wres_reject('ER-014', 'outcome', b.outcome, 'a closed case needs an Outcome')
        WHEN wres_clean(b.appeal_outcome) IS NOT NULL AND b.appeal_outcome_std IS NULL THEN
            wres_reject('ER-015', 'appeal_outcome', b.appeal_outcome,
                'not a recognised appeal outcome; accepted values are Upheld, Partially Upheld, Not Upheld, Withdrawn')
        WHEN wres_clean(b.suspended) IS NOT NULL AND b.suspended_b IS NULL THEN
            wres_reject('ER-016', 'suspended', b.suspended, 'Suspended must be Yes or No')
    END AS reject
FROM base AS b;
