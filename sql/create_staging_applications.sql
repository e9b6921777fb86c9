-- staging.applications: one row per valid application (applicant x vacancy), source-extracts.md §3.1.
-- application_id is the file's Application ID, else Vacancy Reference || '/' || Applicant ID.
-- is_appointed = offer made AND accepted: the Appointed flag, unless the offer was declined or
-- withdrawn (stage, or Offer Accepted = No) or the applicant withdrew. Ethnicity: ESR letters and
-- census-style wording (§1.8, §4.3, wres-indicators.md §10.2). Internal applicants are matched to an
-- ESR person by Employee Number when the export carries it (is_matched_to_esr; NULL for external).
CREATE OR REPLACE TABLE staging.applications AS
SELECT
    t.org_code,
    t.period_start,
    t.period_end,
    t.application_key AS application_id,
    t.vacancy_ref AS vacancy_reference,
    t.applicant AS applicant_id,
    t.is_internal,
    wres_clean(t.employee_number) AS employee_number,
    CASE WHEN t.is_internal THEN esr.person_id END AS person_id,
    CASE WHEN t.is_internal THEN esr.person_id IS NOT NULL END AS is_matched_to_esr,
    wres_clean(t.job_title) AS job_title,
    t.band_std AS band,
    wres_clean(t.band) AS band_raw,
    t.staff_group_std AS staff_group,
    wres_clean(t.directorate) AS directorate,
    t.route AS recruitment_route,
    t.application_dt AS application_date,
    t.eth.code AS ethnic_code,
    t.eth.census_code AS ethnic_census_code,
    wres_clean(t.ethnic_origin) AS ethnic_origin_raw,
    t.eth.wres_group AS ethnic_group,
    t.eth.unknown_reason AS unknown_reason,
    wres_clean(t.gender) AS gender,
    t.stage AS stage_reached,
    wres_clean(t.stage_reached) AS stage_raw,
    t.shortlisted_flag AS is_shortlisted,
    t.shortlisted_dt AS shortlisted_date,
    t.interview_dt AS interview_date,
    t.offer_dt AS offer_date,
    coalesce(t.offer_accepted_flag, CASE WHEN t.stage = 'OFFER_DECLINED' THEN FALSE END) AS is_offer_accepted,
    t.appointed_flag
        AND t.stage NOT IN ('OFFER_DECLINED', 'OFFER_WITHDRAWN', 'WITHDRAWN')
        AND coalesce(t.offer_accepted_flag, TRUE)
        AND NOT coalesce(t.withdrawn_flag, FALSE) AS is_appointed,
    coalesce(t.withdrawn_flag, FALSE) OR t.stage = 'WITHDRAWN' AS is_withdrawn,
    wres_clean(t.withdrawn_stage) AS withdrawn_stage,
    t.withdrawn_dt AS withdrawn_date,
    t.start_dt AS start_date,
    t.source_file_id,
    t.file_name,
    t.sheet,
    t.row_number
FROM (
    SELECT *, coalesce(internal_flag, CASE WHEN route = 'Internal' THEN TRUE END, FALSE) AS is_internal
    FROM typed_applications
    WHERE reject IS NULL
) AS t
LEFT JOIN wres_esr_people() AS esr
    ON esr.org_code = t.org_code AND esr.employee_number = wres_clean(t.employee_number);
