-- Employee-relations code lists (source-extracts.md §6.1 [PROP]) in matching form -> canonical value.
-- kind: case_type (family: which outcome list applies), stage (order), outcome (family; is_sanction: a
-- sanction only a hearing can give; decision: the investigation decision it implies), appeal_outcome.
-- MHPS (doctors' Maintaining High Professional Standards) is accepted as a case type of the
-- disciplinary family, so methods.ind3_include_mhps can include or exclude it [PROP].
CREATE OR REPLACE TABLE ref.er_code AS
WITH codes(kind, label, value, family, stage_order, is_sanction, decision) AS (
    SELECT * FROM (VALUES
        ('case_type', 'Disciplinary', 'Disciplinary', 'disciplinary', NULL, NULL, NULL),
        ('case_type', 'MHPS', 'MHPS', 'disciplinary', NULL, NULL, NULL),
        ('case_type', 'Maintaining High Professional Standards', 'MHPS', 'disciplinary', NULL, NULL, NULL),
        ('case_type', 'Grievance', 'Grievance', 'grievance', NULL, NULL, NULL),
        ('case_type', 'Bullying and Harassment', 'Bullying and Harassment', 'grievance', NULL, NULL, NULL),
        ('case_type', 'Bullying & Harassment', 'Bullying and Harassment', 'grievance', NULL, NULL, NULL),
        ('case_type', 'Dignity at Work', 'Bullying and Harassment', 'grievance', NULL, NULL, NULL),
        ('case_type', 'Capability - Performance', 'Capability - Performance', 'any', NULL, NULL, NULL),
        ('case_type', 'Capability - Ill Health', 'Capability - Ill Health', 'any', NULL, NULL, NULL),
        ('case_type', 'Sickness Absence', 'Sickness Absence', 'any', NULL, NULL, NULL),
        ('case_type', 'Appeal', 'Appeal', 'any', NULL, NULL, NULL),
        ('case_type', 'Whistleblowing', 'Whistleblowing', 'any', NULL, NULL, NULL),
        ('case_type', 'Other', 'Other', 'any', NULL, NULL, NULL),
        ('stage', 'Informal', 'Informal', NULL, 1, NULL, NULL),
        ('stage', 'Initial Review', 'Initial Review', NULL, 2, NULL, NULL),
        ('stage', 'Formal Investigation', 'Formal Investigation', NULL, 3, NULL, NULL),
        ('stage', 'Hearing', 'Hearing', NULL, 4, NULL, NULL),
        ('stage', 'Appeal', 'Appeal', NULL, 5, NULL, NULL),
        ('stage', 'Closed', 'Closed', NULL, 6, NULL, NULL),
        ('outcome', 'No Case to Answer', 'No Case to Answer', 'disciplinary', NULL, FALSE, 'no_further_action'),
        ('outcome', 'No Further Action', 'No Further Action', 'disciplinary', NULL, FALSE, 'no_further_action'),
        ('outcome', 'Informal Action / Management Advice', 'Informal Action / Management Advice', 'disciplinary', NULL, FALSE, NULL),
        ('outcome', 'Informal Action', 'Informal Action / Management Advice', 'disciplinary', NULL, FALSE, NULL),
        ('outcome', 'Management Advice', 'Informal Action / Management Advice', 'disciplinary', NULL, FALSE, NULL),
        ('outcome', 'First Written Warning', 'First Written Warning', 'disciplinary', NULL, TRUE, 'process_to_hearing'),
        ('outcome', 'Final Written Warning', 'Final Written Warning', 'disciplinary', NULL, TRUE, 'process_to_hearing'),
        ('outcome', 'Dismissal', 'Dismissal', 'disciplinary', NULL, TRUE, 'process_to_hearing'),
        ('outcome', 'Dismissal (with notice)', 'Dismissal', 'disciplinary', NULL, TRUE, 'process_to_hearing'),
        ('outcome', 'Dismissal with notice', 'Dismissal', 'disciplinary', NULL, TRUE, 'process_to_hearing'),
        ('outcome', 'Summary Dismissal', 'Summary Dismissal', 'disciplinary', NULL, TRUE, 'process_to_hearing'),
        ('outcome', 'Summary Dismissal (gross misconduct)', 'Summary Dismissal', 'disciplinary', NULL, TRUE, 'process_to_hearing'),
        ('outcome', 'Redeployment / Downgrade', 'Redeployment / Downgrade', 'disciplinary', NULL, TRUE, 'process_to_hearing'),
        ('outcome', 'Redeployment', 'Redeployment / Downgrade', 'disciplinary', NULL, TRUE, 'process_to_hearing'),
        ('outcome', 'Downgrade', 'Redeployment / Downgrade', 'disciplinary', NULL, TRUE, 'process_to_hearing'),
        ('outcome', 'Resigned Before Conclusion', 'Resigned Before Conclusion', 'disciplinary', NULL, FALSE, NULL),
        ('outcome', 'Case Withdrawn', 'Case Withdrawn', 'disciplinary', NULL, FALSE, NULL),
        ('outcome', 'Other', 'Other', 'both', NULL, FALSE, NULL),
        ('outcome', 'Upheld', 'Upheld', 'grievance', NULL, FALSE, NULL),
        ('outcome', 'Partially Upheld', 'Partially Upheld', 'grievance', NULL, FALSE, NULL),
        ('outcome', 'Not Upheld', 'Not Upheld', 'grievance', NULL, FALSE, NULL),
        ('outcome', 'Resolved Informally', 'Resolved Informally', 'grievance', NULL, FALSE, NULL),
        ('outcome', 'Mediation', 'Mediation', 'grievance', NULL, FALSE, NULL),
        ('outcome', 'Withdrawn', 'Withdrawn', 'grievance', NULL, FALSE, NULL),
        ('appeal_outcome', 'Upheld', 'Upheld', NULL, NULL, NULL, NULL),
        ('appeal_outcome', 'Partially Upheld', 'Partially Upheld', NULL, NULL, NULL, NULL),
        ('appeal_outcome', 'Not Upheld', 'Not Upheld', NULL, NULL, NULL, NULL),
        ('appeal_outcome', 'Withdrawn', 'Withdrawn', NULL, NULL, NULL, NULL))
)
SELECT kind, wres_match_form(label) AS label, value, family, stage_order, is_sanction, decision FROM codes;

COMMENT ON TABLE ref.er_code IS 'Employee-relations code lists (source-extracts.md §6.1): each accepted wording of a case type, stage, outcome or appeal outcome and its canonical value. Used to read the ER case extract for indicator 3 and marts.er_measures.';
COMMENT ON COLUMN ref.er_code.kind IS 'Which list: case_type, stage, outcome or appeal_outcome.';
COMMENT ON COLUMN ref.er_code.label IS 'The wording in matching form (lower case, single spaces).';
COMMENT ON COLUMN ref.er_code.value IS 'Canonical value (e.g. MHPS for ''Maintaining High Professional Standards'').';
COMMENT ON COLUMN ref.er_code.family IS 'case_type: which procedure and outcome list applies (disciplinary, grievance, any); outcome: the case family it belongs to (disciplinary, grievance, both); NULL for stages and appeal outcomes. MHPS is a disciplinary case type, included in indicator 3 unless methods.ind3_include_mhps is false.';
COMMENT ON COLUMN ref.er_code.stage_order IS 'For stages: order 1 Informal .. 6 Closed; NULL otherwise.';
COMMENT ON COLUMN ref.er_code.is_sanction IS 'For outcomes: TRUE for a sanction only a hearing can give (written warnings, dismissal, redeployment / downgrade); NULL for other kinds.';
COMMENT ON COLUMN ref.er_code.decision IS 'For outcomes: the investigation decision it implies (no_further_action or process_to_hearing); NULL when it implies none.';
