-- staging.er_cases: one row per valid case and employee (source-extracts.md §6.1). Derived:
-- misconduct_level (disciplinary family: 'gross_misconduct' when the allegation says gross or the
-- outcome is Summary Dismissal; 'misconduct' when the allegation says (mis)conduct or the outcome is a
-- warning or dismissal); investigation_decision ('process_to_hearing' when a hearing was held or
-- scheduled, the case is at hearing / appeal, or the outcome is a sanction only a hearing gives;
-- 'no_further_action' for No Case to Answer / No Further Action after a formal investigation).
-- Employees are matched to ESR by Employee Number; unmatched cases (bank-only, leavers, agency) are
-- kept and flagged is_matched_to_esr = FALSE (D33). A formal case without its investigation date reaches
-- here only when methods.ind3_missing_investigation_date = 'case_opened_date': it is dated by its Case
-- Opened Date, and investigation_date_source says so ('recorded' otherwise).
CREATE OR REPLACE TABLE staging.er_cases AS
SELECT
    t.org_code,
    t.period_start,
    t.period_end,
    t.case_ref AS case_reference,
    wres_clean(t.parent_case_reference) AS parent_case_reference,
    coalesce(esr.person_id, t.emp) AS person_id,
    t.emp AS employee_number,
    wres_clean(t.assignment_number) AS assignment_number,
    t.case_type_std AS case_type,
    wres_clean(t.case_type) AS case_type_raw,
    wres_clean(t.allegation_category) AS allegation_category,
    CASE WHEN t.family = 'disciplinary' THEN
        CASE WHEN t.outcome_std = 'Summary Dismissal'
                  OR regexp_matches(coalesce(wres_match_form(t.allegation_category), ''), '\bgross\b') THEN 'gross_misconduct'
             WHEN regexp_matches(coalesce(wres_match_form(t.allegation_category), ''), 'conduct')
                  OR t.outcome_std IN ('First Written Warning', 'Final Written Warning', 'Dismissal') THEN 'misconduct'
        END
    END AS misconduct_level,
    t.stage_std AS stage,
    t.opened_dt AS case_opened_date,
    CASE WHEN t.formal_without_investigation_date THEN t.opened_dt ELSE t.investigation_dt END
        AS formal_investigation_start_date,
    CASE WHEN t.investigation_dt IS NOT NULL THEN 'recorded'
         WHEN t.formal_without_investigation_date THEN 'fallback:case_opened_date' END AS investigation_date_source,
    t.suspended_b AS is_suspended,
    t.hearing_dt AS hearing_date,
    t.closed_dt AS case_closed_date,
    t.outcome_std AS outcome,
    CASE WHEN t.investigation_dt IS NOT NULL OR t.stage_std IN ('Formal Investigation', 'Hearing', 'Appeal') THEN
        CASE WHEN t.hearing_dt IS NOT NULL OR t.stage_std IN ('Hearing', 'Appeal') OR t.is_sanction THEN 'process_to_hearing'
             WHEN t.outcome_decision = 'no_further_action' THEN 'no_further_action' END
    END AS investigation_decision,
    t.appeal_outcome_std AS appeal_outcome,
    esr.person_id IS NOT NULL AS is_matched_to_esr,
    t.source_file_id,
    t.file_name,
    t.sheet,
    t.row_number
FROM typed_er_cases AS t
LEFT JOIN wres_esr_people() AS esr ON esr.org_code = t.org_code AND esr.employee_number = t.emp
WHERE t.reject IS NULL;
