-- Trac / NHS Jobs applications typed and normalised (source-extracts.md §3.1), each with the first row
-- rule it breaks (NULL = valid). A connection-local TEMP table: staging.applications takes the valid
-- rows, staging.quarantine_trac_applications the rest.
-- D30 (appointed but never shortlisted; offer before interview) is REJECT_ROW; D31 (the same applicant
-- twice on one vacancy) keeps the valid row with the latest stage and quarantines the others as
-- DUPLICATE (a warning: they are not errors of the kept row).
-- The costly normalisers (dates, yes/no flags, ethnic origins, bands) run once per DISTINCT raw value in
-- the dictionaries below, joined back to the rows.
CREATE OR REPLACE TEMP TABLE typed_applications AS
WITH src AS (
    SELECT * FROM raw.trac_applications WHERE drop_reason IS NULL
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
    SELECT band, wres_band(band) AS band_std FROM (SELECT DISTINCT band FROM src)
),
base AS (
    SELECT
        r.* REPLACE (coalesce(upper(wres_clean(r.ods_code)), r.org_code) AS org_code),
        wres_clean(r.vacancy_reference) AS vacancy_ref,
        wres_clean(r.applicant_id) AS applicant,
        coalesce(wres_clean(r.application_id), wres_clean(r.vacancy_reference) || '/' || wres_clean(r.applicant_id))
            AS application_key,
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
        sg.staff_group AS staff_group_std,
        rr.route,
        CASE WHEN wres_match_form(r.band) = 'medical' OR mg.label IS NOT NULL THEN 'MEDICAL'
             WHEN wres_clean(r.band) IS NOT NULL THEN bd.band_std END AS band_std,
        -- D09 / D10 on an explicit Application ID
        count(*) OVER app AS app_copies,
        count(DISTINCT r.row_hash) OVER app AS app_versions,
        row_number() OVER (PARTITION BY r.extract_id, wres_clean(r.application_id) ORDER BY r.row_number) AS app_copy_no
    FROM src AS r
    LEFT JOIN ref.trac_stage AS st ON st.label = wres_match_form(r.stage_reached)
    LEFT JOIN ref.staff_group AS sg ON sg.label = wres_match_form(r.staff_group)
    LEFT JOIN ref.recruitment_route AS rr ON rr.label = wres_match_form(r.recruitment_route)
    LEFT JOIN ref.medical_grade AS mg ON mg.label = wres_match_form(r.band)
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
    WINDOW app AS (PARTITION BY r.extract_id, wres_clean(r.application_id))
),
ruled AS (
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
            WHEN wres_clean(b.application_id) IS NOT NULL AND b.app_copies > 1 THEN
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
-- step, then the last row) is kept.
latest AS (
    SELECT
        r.*,
        count(*) OVER pair AS pair_rows,
        row_number() OVER pair_order AS pair_rank,
        first_value(r.row_number) OVER pair_order AS pair_kept_row,
        first_value(r.stage) OVER pair_order AS pair_kept_stage
    FROM ruled AS r
    WINDOW pair AS (PARTITION BY r.extract_id, r.vacancy_ref, r.applicant, r.row_reject IS NULL),
           pair_order AS (PARTITION BY r.extract_id, r.vacancy_ref, r.applicant, r.row_reject IS NULL
                          ORDER BY r.stage_order DESC,
                                   greatest(r.application_dt, r.shortlisted_dt, r.interview_dt, r.offer_dt,
                                            r.withdrawn_dt) DESC NULLS LAST,
                                   r.row_number DESC)
)
SELECT
    l.* EXCLUDE (row_reject, pair_rows, pair_rank, pair_kept_row, pair_kept_stage),
    coalesce(l.row_reject, CASE WHEN l.pair_rows > 1 AND l.pair_rank > 1 THEN
        wres_duplicate('TRAC-031', 'applicant_id', l.applicant_id,
            'applicant ' || l.applicant || ' appears ' || l.pair_rows || ' times on vacancy ' || l.vacancy_ref
            || '; row ' || l.pair_kept_row || ' with the latest stage (' || l.pair_kept_stage || ') is kept (D31)')
    END) AS reject
FROM latest AS l;
