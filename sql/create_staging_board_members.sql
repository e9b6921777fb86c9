-- staging.board_members: one row per valid board member per register snapshot (source-extracts.md §7;
-- as at 31 March). is_in_post: appointed on or before the snapshot date and not ended before it.
-- person_id: the ESR person of the member's Employee Number (executives are usually in ESR), with the
-- ethnic group ESR holds for them at the snapshot (a mismatch with the register is a warning, §7).
CREATE OR REPLACE TABLE staging.board_members AS
SELECT
    t.org_code,
    t.snapshot_date,
    t.member AS member_id,
    wres_clean(t.role_title) AS role_title,
    t.is_executive_b AS is_executive,
    t.is_voting_b AS is_voting,
    t.emp AS employee_number,
    coalesce(esr.person_id, t.emp) AS person_id,
    CASE WHEN t.emp IS NOT NULL THEN esr.person_id IS NOT NULL END AS is_matched_to_esr,
    t.eth.code AS ethnic_code,
    t.eth.wres_group AS ethnic_group,
    t.eth.unknown_reason AS unknown_reason,
    wres_clean(t.ethnic_origin) AS ethnic_origin_raw,
    esr_eth.ethnic_group AS esr_ethnic_group,
    wres_clean(t.gender) AS gender,
    t.start_dt AS appointment_start_date,
    t.end_dt AS appointment_end_date,
    t.start_dt <= t.snapshot_date AND coalesce(t.end_dt >= t.snapshot_date, TRUE) AS is_in_post,
    t.source_file_id,
    t.file_name,
    t.sheet,
    t.row_number
FROM typed_board_members AS t
LEFT JOIN wres_esr_people() AS esr ON esr.org_code = t.org_code AND esr.employee_number = t.emp
LEFT JOIN (
    SELECT org_code, snapshot_date, employee_number, arg_max(ethnic_group, coalesce(is_primary, FALSE)) AS ethnic_group
    FROM staging.staff_in_post GROUP BY ALL
) AS esr_eth ON esr_eth.org_code = t.org_code AND esr_eth.snapshot_date = t.snapshot_date AND esr_eth.employee_number = t.emp
WHERE t.reject IS NULL;
