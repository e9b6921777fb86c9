-- Staff in post rows that did not load: REJECT_ROW (a row rule broken) and DUPLICATE (an exact copy
-- of a kept row), each with the plain-English message of source-extracts.md §1.11.
CREATE OR REPLACE TABLE staging.quarantine_esr_staff_in_post AS
SELECT * FROM wres_quarantine('esr_staff_in_post', 'typed_esr');
