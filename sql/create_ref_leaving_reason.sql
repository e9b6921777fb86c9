-- ESR leaving reasons (source-extracts.md §2.5 [OBS]) in matching form (lower case, en dashes as
-- hyphens: D26) -> the canonical wording. 'Voluntary Resignation - Other/Not Known' (and a blank
-- reason, handled in the staging SQL) are valid but low-information (D27): reported, never rejected.
CREATE OR REPLACE TABLE ref.leaving_reason AS
SELECT wres_match_form(reason) AS label, reason, reason_group,
       reason = 'Voluntary Resignation - Other/Not Known' AS is_low_information
FROM (VALUES
    ('Bank Staff not fulfilled minimum work requirement', 'other'),
    ('Death in Service', 'death'),
    ('Dismissal - Capability', 'dismissal'),
    ('Dismissal - Conduct', 'dismissal'),
    ('Dismissal - Some Other Substantial Reason', 'dismissal'),
    ('Dismissal - Statutory Reason', 'dismissal'),
    ('Employee Transfer', 'transfer'),
    ('End of Fixed Term Contract', 'end_of_contract'),
    ('End of Fixed Term Contract - Completion of Training Scheme', 'end_of_contract'),
    ('End of Fixed Term Contract - End of Work Requirement', 'end_of_contract'),
    ('End of Fixed Term Contract - External Rotation', 'end_of_contract'),
    ('End of Fixed Term Contract - Other', 'end_of_contract'),
    ('Flexi Retirement', 'retirement'),
    ('Has Not Worked', 'other'),
    ('Mutually Agreed Resignation - Local Scheme with Repayment', 'mutually_agreed'),
    ('Mutually Agreed Resignation - National Scheme with Repayment', 'mutually_agreed'),
    ('Pregnancy', 'other'),
    ('Redundancy - Compulsory', 'redundancy'),
    ('Redundancy - Voluntary', 'redundancy'),
    ('Retirement - Ill Health', 'retirement'),
    ('Retirement Age', 'retirement'),
    ('Voluntary Early Retirement - no Actuarial Reduction', 'retirement'),
    ('Voluntary Early Retirement - with Actuarial Reduction', 'retirement'),
    ('Voluntary Resignation - Adult Dependants', 'voluntary_resignation'),
    ('Voluntary Resignation - Better Reward Package', 'voluntary_resignation'),
    ('Voluntary Resignation - Child Dependants', 'voluntary_resignation'),
    ('Voluntary Resignation - Health', 'voluntary_resignation'),
    ('Voluntary Resignation - Incompatible Working Relationships', 'voluntary_resignation'),
    ('Voluntary Resignation - Lack of Opportunities', 'voluntary_resignation'),
    ('Voluntary Resignation - Other/Not Known', 'voluntary_resignation'),
    ('Voluntary Resignation - Promotion', 'voluntary_resignation'),
    ('Voluntary Resignation - Relocation', 'voluntary_resignation'),
    ('Voluntary Resignation - To undertake further education or training', 'voluntary_resignation'),
    ('Voluntary Resignation - Work Life Balance', 'voluntary_resignation')
) AS t(reason, reason_group);

COMMENT ON TABLE ref.leaving_reason IS 'ESR leaving reasons (source-extracts.md §2.5): each accepted wording, its canonical ESR reason and the group marts.leaving_reasons reports by. A reason not listed is rejected to quarantine; a blank reason is accepted as low-information.';
COMMENT ON COLUMN ref.leaving_reason.label IS 'The reason in matching form (lower case, single spaces, en dashes as hyphens).';
COMMENT ON COLUMN ref.leaving_reason.reason IS 'Canonical ESR leaving reason wording.';
COMMENT ON COLUMN ref.leaving_reason.reason_group IS 'Reporting group: voluntary_resignation, retirement, end_of_contract, dismissal, redundancy, mutually_agreed, transfer, death or other.';
COMMENT ON COLUMN ref.leaving_reason.is_low_information IS 'TRUE for ''Voluntary Resignation - Other/Not Known'': valid but says little, counted in the information-level breakdown.';
