-- Trac / NHS Jobs stage names (source-extracts.md §3, §3.1 [PROP]: stage names differ between trusts'
-- Trac configurations) -> the canonical Stage Reached, its order (to keep the latest stage of an
-- applicant who appears twice on one vacancy, D31), and whether reaching it means the application was
-- shortlisted (NULL: cannot tell, e.g. withdrawn at an unknown stage).
CREATE OR REPLACE TABLE ref.trac_stage AS
WITH stages(stage, stage_order, reached_shortlist) AS (
    SELECT * FROM (VALUES
        ('APPLIED', 1, FALSE), ('LONGLISTED', 2, FALSE), ('NOT_SHORTLISTED', 3, FALSE),
        ('SHORTLISTED', 4, TRUE), ('WITHDRAWN', 4, NULL), ('INTERVIEWED', 5, TRUE),
        ('REJECTED_AFTER_INTERVIEW', 6, TRUE), ('OFFERED', 7, TRUE), ('OFFER_DECLINED', 8, TRUE),
        ('OFFER_WITHDRAWN', 8, TRUE), ('APPOINTED', 9, TRUE))
),
labels(label, stage) AS (
    SELECT * FROM (VALUES
        ('Application Received', 'APPLIED'), ('Submitted', 'APPLIED'), ('Application Submitted', 'APPLIED'),
        ('Long Listed', 'LONGLISTED'), ('Longlist', 'LONGLISTED'),
        -- Trac's Shortlist / Evaluate sub-stages: shortlisting is complete once the record is past them.
        ('Shortlist', 'SHORTLISTED'), ('Evaluate', 'SHORTLISTED'), ('Short Listed', 'SHORTLISTED'),
        ('Shortlisting Complete', 'SHORTLISTED'), ('Invited to Interview', 'SHORTLISTED'),
        ('Interview', 'INTERVIEWED'), ('Interview Complete', 'INTERVIEWED'),
        ('Offer', 'OFFERED'), ('Conditional Offer', 'OFFERED'), ('Offer Made', 'OFFERED'),
        ('Pre-employment Checks', 'OFFERED'),
        ('Starting', 'APPOINTED'), ('Started', 'APPOINTED'), ('Hired', 'APPOINTED'),
        ('Unconditional Offer', 'APPOINTED'),
        ('Not Short Listed', 'NOT_SHORTLISTED'), ('Rejected at Shortlisting', 'NOT_SHORTLISTED'),
        ('Unsuccessful at Shortlisting', 'NOT_SHORTLISTED'), ('Unsuccessful - Shortlisting', 'NOT_SHORTLISTED'),
        ('Rejected after Interview', 'REJECTED_AFTER_INTERVIEW'), ('Unsuccessful at Interview', 'REJECTED_AFTER_INTERVIEW'),
        ('Unsuccessful - Interview', 'REJECTED_AFTER_INTERVIEW'), ('Not Appointed', 'REJECTED_AFTER_INTERVIEW'),
        ('Applicant Withdrawn', 'WITHDRAWN'), ('Withdrew', 'WITHDRAWN'),
        ('Declined Offer', 'OFFER_DECLINED'), ('Declined', 'OFFER_DECLINED'),
        ('Offer Rescinded', 'OFFER_WITHDRAWN'))
    -- the canonical names themselves, as written (OFFER_DECLINED) and in words (Offer Declined)
    UNION ALL SELECT stage, stage FROM stages
    UNION ALL SELECT replace(stage, '_', ' '), stage FROM stages
)
SELECT DISTINCT wres_match_form(l.label) AS label, s.stage, s.stage_order, s.reached_shortlist
FROM labels AS l JOIN stages AS s USING (stage);

COMMENT ON TABLE ref.trac_stage IS 'Trac / NHS Jobs stage names (they differ between trusts'' Trac configurations; source-extracts.md §3.1) mapped to the canonical stage reached, its order and whether reaching it means the application was shortlisted (indicator 2).';
COMMENT ON COLUMN ref.trac_stage.label IS 'Stage wording in matching form (lower case, single spaces).';
COMMENT ON COLUMN ref.trac_stage.stage IS 'Canonical stage: APPLIED, LONGLISTED, NOT_SHORTLISTED, SHORTLISTED, WITHDRAWN, INTERVIEWED, REJECTED_AFTER_INTERVIEW, OFFERED, OFFER_DECLINED, OFFER_WITHDRAWN or APPOINTED.';
COMMENT ON COLUMN ref.trac_stage.stage_order IS 'Order of the stage (1 APPLIED .. 9 APPOINTED), to keep the latest stage of an applicant who appears twice on one vacancy.';
COMMENT ON COLUMN ref.trac_stage.reached_shortlist IS 'TRUE when reaching the stage means the application was shortlisted; NULL when it cannot tell (withdrawn at an unknown stage).';
