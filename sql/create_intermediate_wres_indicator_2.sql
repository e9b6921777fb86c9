-- WRES indicator 2 (wres-indicators.md §2, source-extracts.md §3.2): relative likelihood of White
-- applicants being appointed from shortlisting compared with BME applicants (RL = White / BME).
-- Shortlisted applications whose shortlisting date (fallback: application date, configurable) falls in
-- the period; an appointment counts in the period of its shortlisting, whenever it was made [D].
-- Unit: applications (a person shortlisted for three posts counts three times) or applicants
-- (methods.ind2_unit; an applicant counts as appointed if any of their shortlisted applications is,
-- with the ethnicity of their latest one). UNKNOWN ethnicity is left out; its volume is unknown_count.
CREATE OR REPLACE TEMP TABLE wres_ind2_units AS
WITH shortlisted AS (
    SELECT org_code,
           CASE WHEN $ind2_unit = 'applicants' THEN coalesce(applicant_id, application_id)
                ELSE coalesce(application_id, vacancy_reference || '|' || applicant_id) END AS unit_id,
           CASE WHEN $ind2_fallback_to_application_date THEN coalesce(shortlisted_date, application_date)
                ELSE shortlisted_date END AS period_date,
           coalesce(ethnic_group, 'UNKNOWN') AS ethnic_group,
           coalesce(is_appointed, FALSE) AS is_appointed
    FROM staging.applications
    WHERE is_shortlisted
)
SELECT p.org_code, p.period_end, s.unit_id,
       arg_max(s.ethnic_group, s.period_date) AS ethnic_group,
       bool_or(s.is_appointed) AS is_appointed
FROM intermediate.wres_period AS p
JOIN shortlisted AS s ON s.org_code = p.org_code AND s.period_date BETWEEN p.period_start AND p.period_end
WHERE list_contains(p.covered_sources, 'applications')
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE wres_ind2_cells AS
SELECT
    p.org_code,
    p.period_end,
    'all' AS subgroup,
    10 AS sort_order,
    CASE WHEN NOT list_contains(p.covered_sources, 'applications') THEN 'NO_DATA' END AS status_override,
    count(u.unit_id) FILTER (WHERE u.ethnic_group = 'WHITE' AND u.is_appointed) AS white_events,
    count(u.unit_id) FILTER (WHERE u.ethnic_group = 'WHITE') AS white_population,
    count(u.unit_id) FILTER (WHERE u.ethnic_group = 'BME' AND u.is_appointed) AS bme_events,
    count(u.unit_id) FILTER (WHERE u.ethnic_group = 'BME') AS bme_population,
    count(u.unit_id) FILTER (WHERE u.ethnic_group = 'UNKNOWN') AS unknown_count,
    wres_source_ids('trac_applications', p.org_code) AS source_extract_ids
FROM intermediate.wres_period AS p
LEFT JOIN wres_ind2_units AS u USING (org_code, period_end)
WHERE list_contains(p.covered_sources, 'applications') OR p.period_type = 'wres_year'
GROUP BY ALL;

CREATE OR REPLACE TABLE intermediate.wres_indicator_2 AS
SELECT * FROM wres_rl_rows('wres_ind2_cells', 2, 'WHITE', $non_adverse_low, $non_adverse_high, $small_numbers, $ci_z,
                           $suppress_below, $method_version);
