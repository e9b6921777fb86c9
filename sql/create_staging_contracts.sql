-- The staging tables of the non-ESR sources, as agreed between ingestion and the indicators
-- (issue 6). Run on every connection (BOOTSTRAP_SQL): each table exists, empty, until its staging
-- transform replaces it (CREATE OR REPLACE TABLE staging.<x> in sql/create_staging_<x>.sql), so the
-- indicator SQL always runs and simply returns no values for a source that has not been loaded.
-- A staging transform may add columns; it must keep these names and meanings.

-- Trac / NHS Jobs, one row per application (applicant x vacancy) (source-extracts.md §3.1).
-- is_appointed = offer made AND accepted (declined or withdrawn offers are not appointments).
CREATE TABLE IF NOT EXISTS staging.applications (
    org_code VARCHAR,
    application_id VARCHAR,
    vacancy_reference VARCHAR,
    applicant_id VARCHAR,           -- pseudonymous, stable across vacancies (indicator 2 'applicants' unit)
    is_internal BOOLEAN,
    person_id VARCHAR,              -- ESR person when the applicant is an employee, else NULL
    band VARCHAR,
    staff_group VARCHAR,
    directorate VARCHAR,
    application_date DATE,
    ethnic_group VARCHAR,           -- WHITE / BME / UNKNOWN
    is_shortlisted BOOLEAN,
    shortlisted_date DATE,
    interview_date DATE,
    offer_date DATE,
    is_offer_accepted BOOLEAN,
    is_appointed BOOLEAN,
    is_withdrawn BOOLEAN,
    start_date DATE,
    period_start DATE,              -- the file's declared period (NULL: none declared; intermediate.flow_coverage)
    period_end DATE,
    source_file_id VARCHAR,         -- the file the row came from (audit.source_files)
    file_name VARCHAR
);

-- Employee-relations case log, one row per case per employee (source-extracts.md §6.1).
CREATE TABLE IF NOT EXISTS staging.er_cases (
    org_code VARCHAR,
    case_reference VARCHAR,
    person_id VARCHAR,
    case_type VARCHAR,              -- 'Disciplinary', 'Grievance', 'Capability - Performance', ...
    allegation_category VARCHAR,
    misconduct_level VARCHAR,
    stage VARCHAR,
    case_opened_date DATE,
    formal_investigation_start_date DATE,   -- the indicator 3 trigger date
    investigation_date_source VARCHAR,      -- 'recorded', or 'fallback:case_opened_date' (methods.ind3_missing_investigation_date)
    hearing_date DATE,
    case_closed_date DATE,
    outcome VARCHAR,
    investigation_decision VARCHAR,
    is_matched_to_esr BOOLEAN,      -- person_id found in ESR staff in post
    period_start DATE,              -- the file's declared period (NULL: none declared; intermediate.flow_coverage)
    period_end DATE,
    source_file_id VARCHAR,         -- the file the row came from (audit.source_files)
    file_name VARCHAR
);

-- OLM learning history / CPD, one row per enrolment or learning record (source-extracts.md §5.1).
CREATE TABLE IF NOT EXISTS staging.training (
    org_code VARCHAR,
    person_id VARCHAR,
    course_name VARCHAR,
    class_start_date DATE,
    completion_date DATE,
    enrolment_status VARCHAR,
    is_attended BOOLEAN,            -- Attended / Completed
    is_mandatory BOOLEAN,           -- statutory / mandatory (explicit flag or derived, §5.1)
    training_category VARCHAR,
    is_matched_to_esr BOOLEAN,
    period_start DATE,              -- the file's declared period (NULL: none declared; intermediate.flow_coverage)
    period_end DATE,
    source_file_id VARCHAR,         -- the file the row came from (audit.source_files)
    file_name VARCHAR
);

-- NHS Staff Survey aggregates built from respondent-level data (wres-indicators.md §5.2), one row
-- per organisation, survey year, breakdown, WRES ethnic group and item. Build them with the table
-- macro wres_survey_aggregate (sql/create_indicator_macros.sql); item codes follow
-- ref.survey_question_map, including the derived indicator 6 item 'wres6_staff_any' (a respondent
-- who answered the manager OR the colleagues item at least once), which per-item counts cannot give.
-- n_respondents_answered counts every valid answer including "Don't know"; n_dont_know is the part
-- of it that answered "Don't know".
CREATE TABLE IF NOT EXISTS staging.survey_aggregate (
    org_code VARCHAR,
    survey_year INTEGER,
    breakdown_type VARCHAR,         -- 'all' for the organisation; else directorate, site, ...
    breakdown_value VARCHAR,        -- 'all' when breakdown_type = 'all'
    ethnic_group VARCHAR,
    item VARCHAR,                   -- 'q14a', ..., 'wres6_staff_any'
    n_respondents_answered BIGINT,
    n_positive BIGINT,
    n_dont_know BIGINT
);

-- Published WRES percentages from the NSS benchmark workbook (wres-indicators.md §5-8).
CREATE TABLE IF NOT EXISTS staging.survey_published (
    org_code VARCHAR,
    survey_year INTEGER,
    indicator INTEGER,              -- 5..8
    ethnic_group VARCHAR,
    percent DOUBLE,                 -- 0-100; NULL when suppressed ('-')
    n_responses BIGINT,
    is_suppressed BOOLEAN
);

-- Board register, one row per member per register snapshot (source-extracts.md §7).
CREATE TABLE IF NOT EXISTS staging.board_members (
    org_code VARCHAR,
    snapshot_date DATE,
    member_id VARCHAR,
    role_title VARCHAR,
    is_executive BOOLEAN,
    is_voting BOOLEAN,
    person_id VARCHAR,
    is_matched_to_esr BOOLEAN,      -- the member's Employee Number found in ESR (person_id is then the ESR person)
    ethnic_group VARCHAR,
    appointment_start_date DATE,
    appointment_end_date DATE
);
