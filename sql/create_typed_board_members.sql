-- Board register rows typed and normalised (source-extracts.md §7), each with the first row rule it
-- breaks (NULL = valid). A connection-local TEMP table: staging.board_members takes the valid rows,
-- staging.quarantine_board_register the rest. Ethnicity: ESR coded labels or census / survey wording.
CREATE OR REPLACE TEMP TABLE typed_board_members AS
WITH base AS (
    SELECT
        r.* REPLACE (coalesce(upper(wres_clean(r.ods_code)), r.org_code) AS org_code),
        wres_clean(r.member_id) AS member,
        wres_clean(r.employee_number) AS emp,
        CASE WHEN wres_match_form(r.executive) IN ('executive', 'exec', 'executive director', 'executive member',
                                                   'yes', 'y', 'true', '1') THEN TRUE
             WHEN wres_match_form(r.executive) IN ('non-executive', 'non executive', 'nonexecutive', 'non-exec',
                                                   'non exec', 'ned', 'non-executive director', 'no', 'n', 'false', '0')
                 THEN FALSE END AS is_executive_b,
        wres_bool(r.voting) AS is_voting_b,
        wres_ethnic(r.ethnic_origin, FALSE) AS eth,
        wres_date(r.appointment_start_date) AS start_dt,
        wres_date(r.appointment_end_date) AS end_dt,
        count(*) OVER member AS member_copies,
        count(DISTINCT r.row_hash) OVER member AS member_versions,
        row_number() OVER (PARTITION BY r.extract_id, wres_clean(r.member_id) ORDER BY r.row_number) AS member_copy_no
    FROM raw.board_register AS r
    WHERE r.drop_reason IS NULL
    WINDOW member AS (PARTITION BY r.extract_id, wres_clean(r.member_id))
)
SELECT
    b.*,
    CASE
        WHEN b.member IS NULL THEN
            wres_reject('BRD-001', 'member_id', b.member_id, 'a Member ID is required')
        WHEN b.member_copies > 1 THEN
            wres_key_rule('BRD', 'member_id', b.member_id, 'Member ID', b.member_copies, b.member_versions, b.member_copy_no)
        WHEN wres_clean(b.role_title) IS NULL THEN
            wres_reject('BRD-002', 'role_title', b.role_title, 'a Role Title is required')
        WHEN b.is_executive_b IS NULL THEN
            wres_reject('BRD-003', 'executive', b.executive, 'Executive must be "Executive" or "Non-Executive" (or Yes / No)')
        WHEN b.is_voting_b IS NULL THEN
            wres_reject('BRD-004', 'voting', b.voting, 'Voting must be Yes or No')
        WHEN b.eth IS NULL THEN
            wres_reject('BRD-005', 'ethnic_origin', b.ethnic_origin,
                'not a recognised ethnic group; expected an ESR value such as "A White - British" or a census '
                || 'category such as "Asian: Indian" or "Prefer not to say" (D15)')
        WHEN b.start_dt IS NULL THEN
            wres_reject('BRD-006', 'appointment_start_date', b.appointment_start_date,
                'an Appointment Start Date is required (DD/MM/YYYY)')
        WHEN wres_clean(b.appointment_end_date) IS NOT NULL AND b.end_dt IS NULL THEN
            wres_reject('BRD-007', 'appointment_end_date', b.appointment_end_date, 'not a date; expected DD/MM/YYYY')
        WHEN b.end_dt < b.start_dt THEN
            wres_reject('BRD-008', 'appointment_end_date', b.appointment_end_date,
                'the appointment ends before it starts on ' || strftime(b.start_dt, '%d/%m/%Y'))
        WHEN b.emp IS NOT NULL AND NOT regexp_matches(b.emp, '^[0-9]{5,10}$') THEN
            wres_reject('BRD-011', 'employee_number', b.employee_number,
                'not a valid Employee Number; expected 5 to 10 digits such as "10234567"')
    END AS reject
FROM base AS b;
