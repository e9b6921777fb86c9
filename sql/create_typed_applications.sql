-- Trac / NHS Jobs applications typed and normalised (source-extracts.md §3.1), each with the first row
-- rule it breaks (NULL = valid). A connection-local TEMP table: staging.applications takes the valid
-- rows, staging.quarantine_trac_applications the rest.
-- D30 (appointed but never shortlisted; offer before interview) is REJECT_ROW; D31 (the same applicant
-- twice on one vacancy) keeps the valid row with the latest stage and quarantines the others as
-- DUPLICATE (a warning: they are not errors of the kept row).
-- The costly normalisers (dates, yes/no flags, ethnic origins, bands, coded labels) run once per DISTINCT
-- raw value in the dictionaries below, joined back to the rows.
-- app_id: the cleaned Application ID, the key of D09 / D10.
CREATE OR REPLACE TEMP TABLE typed_applications AS
WITH src AS (
    SELECT *, wres_clean(application_id) AS app_id FROM raw.trac_applications WHERE drop_reason IS NULL
),
-- D09 / D10 on an explicit Application ID: the IDs an extract holds more than once (few), with their rows in
-- file order; every other row is the only copy of its key (copies 1, copy number 1). Cheaper than window
-- functions over every row.
copies AS (
    SELECT s.extract_id, s.app_id, count(*) AS copies, count(DISTINCT s.row_hash) AS versions,
           list((s.sheet, s.row_number) ORDER BY s.row_number, s.sheet) AS copy_rows
    FROM src AS s
    SEMI JOIN (SELECT extract_id, app_id FROM src GROUP BY ALL HAVING count(*) > 1) AS d
        ON d.extract_id IS NOT DISTINCT FROM s.extract_id AND d.app_id IS NOT DISTINCT FROM s.app_id
    GROUP BY ALL
),
dates AS (
    SELECT raw, wres_date(raw) AS dt
    FROM (SELECT application_date AS raw FROM src UNION SELECT shortlisted_date FROM src
          UNION SELECT interview_date FROM src UNION SELECT offer_date FROM src
          UNION SELECT start_date FROM src UNION SELECT withdrawn_date FROM src)
),
flags AS (
    SELECT raw, wres_bool(raw) AS flag
    FROM (SELECT shortlisted AS raw FROM src UNION SELECT appointed FROM src UNION SELECT offer_accepted FROM src
          UNION SELECT withdrawn FROM src UNION SELECT internal_applicant FROM src)
),
ethnic AS (
    SELECT ethnic_origin, wres_ethnic(ethnic_origin, FALSE) AS eth FROM (SELECT DISTINCT ethnic_origin FROM src)
),
bands AS (
    SELECT b.band,
           CASE WHEN wres_match_form(b.band) = 'medical' OR mg.label IS NOT NULL THEN 'MEDICAL'
                WHEN wres_clean(b.band) IS NOT NULL THEN wres_band(b.band) END AS band_std
    FROM (SELECT DISTINCT band FROM src) AS b
    LEFT JOIN ref.medical_grade AS mg ON mg.label = wres_match_form(b.band)
),
stages AS (
    SELECT s.stage_reached, st.stage, st.stage_order, st.reached_shortlist
    FROM (SELECT DISTINCT stage_reached FROM src) AS s
    LEFT JOIN ref.trac_stage AS st ON st.label = wres_match_form(s.stage_reached)
),
staff_groups AS (
    SELECT s.staff_group, sg.staff_group AS staff_group_std
    FROM (SELECT DISTINCT staff_group FROM src) AS s
    LEFT JOIN ref.staff_group AS sg ON sg.label = wres_match_form(s.staff_group)
),
routes AS (
    SELECT s.recruitment_route, rr.route
    FROM (SELECT DISTINCT recruitment_route FROM src) AS s
    LEFT JOIN ref.recruitment_route AS rr ON rr.label = wres_match_form(s.recruitment_route)
),
base AS (
    SELECT
        r.* REPLACE (coalesce(upper(wres_clean(r.ods_code)), r.org_code) AS org_code),
        wres_clean(r.vacancy_reference) AS vacancy_ref,
        wres_clean(r.applicant_id) AS applicant,
        coalesce(r.app_id, wres_clean(r.vacancy_reference) || '/' || wres_clean(r.applicant_id)) AS application_key,
        ad.dt AS application_dt,
        sd.dt AS shortlisted_dt,
        idt.dt AS interview_dt,
        od.dt AS offer_dt,
        std.dt AS start_dt,
        wd.dt AS withdrawn_dt,
        sf.flag AS shortlisted_flag,
        af.flag AS appointed_flag,
        oaf.flag AS offer_accepted_flag,
        wf.flag AS withdrawn_flag,
        inf.flag AS internal_flag,
        e.eth,
        wres_excel_error(
            [{'column': 'vacancy_reference', 'value': r.vacancy_reference},
             {'column': 'applicant_id', 'value': r.applicant_id},
             {'column': 'application_id', 'value': r.application_id},
             {'column': 'application_date', 'value': r.application_date},
             {'column': 'ethnic_origin', 'value': r.ethnic_origin},
             {'column': 'stage_reached', 'value': r.stage_reached},
             {'column': 'shortlisted', 'value': r.shortlisted},
             {'column': 'appointed', 'value': r.appointed}]) AS excel_error,
        st.stage, st.stage_order, st.reached_shortlist,
        sg.staff_group_std,
        rr.route,
        bd.band_std,
        coalesce(k.copies, 1) AS app_copies,
        coalesce(k.versions, 1) AS app_versions,
        coalesce(list_position(k.copy_rows, (r.sheet, r.row_number)), 1) AS app_copy_no
    FROM src AS r
    LEFT JOIN copies AS k ON k.extract_id IS NOT DISTINCT FROM r.extract_id AND k.app_id IS NOT DISTINCT FROM r.app_id
    LEFT JOIN stages AS st ON st.stage_reached IS NOT DISTINCT FROM r.stage_reached
    LEFT JOIN staff_groups AS sg ON sg.staff_group IS NOT DISTINCT FROM r.staff_group
    LEFT JOIN routes AS rr ON rr.recruitment_route IS NOT DISTINCT FROM r.recruitment_route
    LEFT JOIN dates AS ad ON ad.raw IS NOT DISTINCT FROM r.application_date
    LEFT JOIN dates AS sd ON sd.raw IS NOT DISTINCT FROM r.shortlisted_date
    LEFT JOIN dates AS idt ON idt.raw IS NOT DISTINCT FROM r.interview_date
    LEFT JOIN dates AS od ON od.raw IS NOT DISTINCT FROM r.offer_date
    LEFT JOIN dates AS std ON std.raw IS NOT DISTINCT FROM r.start_date
    LEFT JOIN dates AS wd ON wd.raw IS NOT DISTINCT FROM r.withdrawn_date
    LEFT JOIN flags AS sf ON sf.raw IS NOT DISTINCT FROM r.shortlisted
    LEFT JOIN flags AS af ON af.raw IS NOT DISTINCT FROM r.appointed
    LEFT JOIN flags AS oaf ON oaf.raw IS NOT DISTINCT FROM r.offer_accepted
    LEFT JOIN flags AS wf ON wf.raw IS NOT DISTINCT FROM r.withdrawn
    LEFT JOIN flags AS inf ON inf.raw IS NOT DISTINCT FROM r.internal_applicant
    LEFT JOIN ethnic AS e ON e.ethnic_origin IS NOT DISTINCT FROM r.ethnic_origin
    LEFT JOIN bands AS bd ON bd.band IS NOT DISTINCT FROM r.band
),
ruled AS MATERIALIZED (
    SELECT
        b.*,
        coalesce(b.appointed_flag, FALSE) OR b.stage = 'APPOINTED' AS says_appointed,
        CASE
            WHEN b.excel_error IS NOT NULL THEN
                wres_excel_reject('TRAC-090', b.excel_error)
            WHEN b.vacancy_ref IS NULL THEN
                wres_reject('TRAC-001', 'vacancy_reference', b.vacancy_reference, 'a Vacancy Reference is required')
            WHEN b.applicant IS NULL THEN
                wres_reject('TRAC-002', 'applicant_id', b.applicant_id, 'an Applicant ID is required')
            WHEN b.app_id IS NOT NULL AND b.app_copies > 1 THEN
                wres_key_rule('TRAC', 'application_id', b.application_id, 'Application ID',
                              b.app_copies, b.app_versions, b.app_copy_no)
            WHEN b.application_dt IS NULL THEN
                wres_reject('TRAC-003', 'application_date', b.application_date,
                    'an Application Date is required (DD/MM/YYYY)')
            WHEN b.eth IS NULL THEN
                wres_reject('TRAC-015', 'ethnic_origin', b.ethnic_origin,
                    'not a recognised ethnic group; expected an ESR value such as "A White - British" or a census '
                    || 'category such as "White: Irish" or "I do not wish to disclose" (D15)')
            WHEN b.stage IS NULL THEN
                wres_reject('TRAC-016', 'stage_reached', b.stage_reached,
                    'not a recognised recruitment stage; expected one such as "Shortlisted", "Interviewed", '
                    || '"Offer Declined" or "Appointed"')
            WHEN b.shortlisted_flag IS NULL THEN
                wres_reject('TRAC-017', 'shortlisted', b.shortlisted, 'Shortlisted must be Yes or No')
            WHEN b.appointed_flag IS NULL THEN
                wres_reject('TRAC-018', 'appointed', b.appointed, 'Appointed must be Yes or No')
            WHEN wres_clean(b.internal_applicant) IS NOT NULL AND b.internal_flag IS NULL THEN
                wres_reject('TRAC-019', 'internal_applicant', b.internal_applicant, 'Internal Applicant must be Yes or No')
            WHEN wres_clean(b.offer_accepted) IS NOT NULL AND b.offer_accepted_flag IS NULL THEN
                wres_reject('TRAC-019', 'offer_accepted', b.offer_accepted, 'Offer Accepted must be Yes or No')
            WHEN wres_clean(b.withdrawn) IS NOT NULL AND b.withdrawn_flag IS NULL THEN
                wres_reject('TRAC-019', 'withdrawn', b.withdrawn, 'Withdrawn must be Yes or No')
            WHEN wres_clean(b.shortlisted_date) IS NOT NULL AND b.shortlisted_dt IS NULL THEN
                wres_reject('TRAC-020', 'shortlisted_date', b.shortlisted_date, 'not a date; expected DD/MM/YYYY')
            WHEN wres_clean(b.interview_date) IS NOT NULL AND b.interview_dt IS NULL THEN
                wres_reject('TRAC-020', 'interview_date', b.interview_date, 'not a date; expected DD/MM/YYYY')
            WHEN wres_clean(b.offer_date) IS NOT NULL AND b.offer_dt IS NULL THEN
                wres_reject('TRAC-020', 'offer_date', b.offer_date, 'not a date; expected DD/MM/YYYY')
            WHEN wres_clean(b.start_date) IS NOT NULL AND b.start_dt IS NULL THEN
                wres_reject('TRAC-020', 'start_date', b.start_date, 'not a date; expected DD/MM/YYYY')
            WHEN wres_clean(b.withdrawn_date) IS NOT NULL AND b.withdrawn_dt IS NULL THEN
                wres_reject('TRAC-020', 'withdrawn_date', b.withdrawn_date, 'not a date; expected DD/MM/YYYY')
            WHEN wres_clean(b.staff_group) IS NOT NULL AND b.staff_group_std IS NULL THEN
                wres_reject('TRAC-021', 'staff_group', b.staff_group,
                    'not a recognised staff group; expected one such as "Allied Health Professionals"')
            WHEN wres_clean(b.recruitment_route) IS NOT NULL AND b.route IS NULL THEN
                wres_reject('TRAC-022', 'recruitment_route', b.recruitment_route,
                    'not a recognised recruitment route; accepted values are Internal, External, Restricted, '
                    || 'Retire and Return, Apprentice, Other')
            WHEN (b.appointed_flag OR b.stage = 'APPOINTED') AND NOT b.shortlisted_flag THEN
                wres_reject('TRAC-030', 'shortlisted', b.shortlisted,
                    'Appointed applicant has no shortlisting record (D30)')
            WHEN b.offer_dt < b.interview_dt THEN
                wres_reject('TRAC-032', 'offer_date', b.offer_date,
                    'the offer date is before the interview date ' || strftime(b.interview_dt, '%d/%m/%Y') || ' (D30)')
            WHEN b.reached_shortlist AND NOT b.shortlisted_flag THEN
                wres_reject('TRAC-033', 'shortlisted', b.shortlisted,
                    'the stage reached (' || b.stage || ') comes after shortlisting but Shortlisted is No')
            WHEN b.shortlisted_dt < b.application_dt THEN
                wres_reject('TRAC-034', 'shortlisted_date', b.shortlisted_date,
                    'the shortlisted date is before the application date ' || strftime(b.application_dt, '%d/%m/%Y'))
            WHEN b.interview_dt < b.shortlisted_dt THEN
                wres_reject('TRAC-035', 'interview_date', b.interview_date,
                    'the interview date is before the shortlisted date ' || strftime(b.shortlisted_dt, '%d/%m/%Y'))
            WHEN b.stage = 'APPOINTED' AND NOT b.appointed_flag THEN
                wres_reject('TRAC-036', 'appointed', b.appointed, 'the stage reached is Appointed but Appointed is No')
        END AS row_reject
    FROM base AS b
),
-- D31: among the valid rows of one applicant on one vacancy, the latest stage (then the latest dated
-- step, then the last row) is kept. Pairs with more than one row (valid, or rejected) are few: only their
-- rows are ranked (window functions); every other row is its pair's only row.
shared_pairs AS (
    SELECT extract_id, vacancy_ref, applicant, row_reject IS NULL AS is_valid
    FROM ruled
    GROUP BY ALL
    HAVING count(*) > 1
),
latest AS (
    SELECT
        r.*,
        count(*) OVER pair AS pair_rows,
        row_number() OVER pair_order AS pair_rank,
        first_value(r.row_number) OVER pair_order AS pair_kept_row,
        first_value(r.stage) OVER pair_order AS pair_kept_stage
    FROM ruled AS r
    SEMI JOIN shared_pairs AS p
        ON p.extract_id IS NOT DISTINCT FROM r.extract_id AND p.vacancy_ref IS NOT DISTINCT FROM r.vacancy_ref
       AND p.applicant IS NOT DISTINCT FROM r.applicant AND p.is_valid = (r.row_reject IS NULL)
    WINDOW pair AS (PARTITION BY r.extract_id, r.vacancy_ref, r.applicant, r.row_reject IS NULL),
           pair_order AS (PARTITION BY r.extract_id, r.vacancy_ref, r.applicant, r.row_reject IS NULL
                          ORDER BY r.stage_order DESC,
                                   greatest(r.application_dt, r.shortlisted_dt, r.interview_dt, r.offer_dt,
                                            r.withdrawn_dt) DESC NULLS LAST,
                                   r.row_number DESC)
    UNION ALL BY NAME
    SELECT r.*, 1 AS pair_rows, 1 AS pair_rank, r.row_number AS pair_kept_row, r.stage AS pair_kept_stage
    FROM ruled AS r
    ANTI JOIN shared_pairs AS p
        ON p.extract_id IS NOT DISTINCT FROM r.extract_id AND p.vacancy_ref IS NOT DISTINCT FROM r.vacancy_ref
       AND p.applicant IS NOT DISTINCT FROM r.applicant AND p.is_valid = (r.row_reject IS NULL)
)
SELECT
    l.* EXCLUDE (row_reject, pair_rows, pair_rank, pair_kept_row, pair_kept_stage),
    coalesce(l.row_reject, CASE WHEN l.pair_rows > 1 AND l.pair_rank > 1 THEN
        wres_duplicate('TRAC-031', 'applicant_id', l.applicant_id,
            'applicant ' || l.applicant || ' appears ' || l.pair_rows || ' times on vacancy ' || l.vacancy_ref
            || '; row ' || l.pair_kept_row || ' with the latest stage (' || l.pair_kept_stage || ') is kept (D31)')
    END) AS reject
FROM latest AS l;
