-- OLM enrolments / learning history typed and normalised (source-extracts.md §5.1), each with the first
-- row rule it breaks (NULL = valid). A connection-local TEMP table: staging.training takes the valid
-- rows, staging.quarantine_olm_training the rest. Rows are enrolments, not people (D32).
-- The normalisers (dates, status, delivery mode, mandatory flag, cost) run once per DISTINCT raw value
-- (the dictionaries below), joined back to the rows.
CREATE OR REPLACE TEMP TABLE typed_training AS
WITH src AS (
    SELECT * FROM raw.olm_training WHERE drop_reason IS NULL
),
dates AS (
    SELECT raw, wres_date(raw) AS dt
    FROM (SELECT class_start_date AS raw FROM src UNION SELECT class_end_date FROM src
          UNION SELECT completion_date FROM src)
),
statuses AS (
    SELECT enrolment_status,
           list_filter($training_known_statuses, s -> lower(s) = lower(wres_clean(enrolment_status)))[1] AS status_std
    FROM (SELECT DISTINCT enrolment_status FROM src)
),
modes AS (
    SELECT delivery_mode,
           list_filter($training_delivery_modes, m -> lower(m) = lower(wres_clean(delivery_mode)))[1] AS delivery_std
    FROM (SELECT DISTINCT delivery_mode FROM src)
),
flags AS (
    SELECT mandatory_flag, wres_bool(mandatory_flag) AS mandatory_b FROM (SELECT DISTINCT mandatory_flag FROM src)
),
costs AS (
    SELECT funding_cost, wres_decimal(funding_cost) AS cost FROM (SELECT DISTINCT funding_cost FROM src)
),
base AS (
    SELECT
        r.* REPLACE (coalesce(upper(wres_clean(r.ods_code)), r.org_code) AS org_code),
        wres_clean(r.employee_number) AS emp,
        wres_clean(r.course_name) AS course,
        sd.dt AS start_dt,
        ed.dt AS end_dt,
        cd.dt AS completion_dt,
        st.status_std,
        dm.delivery_std,
        mf.mandatory_b,
        fc.cost
    FROM src AS r
    LEFT JOIN statuses AS st ON st.enrolment_status IS NOT DISTINCT FROM r.enrolment_status
    LEFT JOIN modes AS dm ON dm.delivery_mode IS NOT DISTINCT FROM r.delivery_mode
    LEFT JOIN flags AS mf ON mf.mandatory_flag IS NOT DISTINCT FROM r.mandatory_flag
    LEFT JOIN costs AS fc ON fc.funding_cost IS NOT DISTINCT FROM r.funding_cost
    LEFT JOIN dates AS sd ON sd.raw IS NOT DISTINCT FROM r.class_start_date
    LEFT JOIN dates AS ed ON ed.raw IS NOT DISTINCT FROM r.class_end_date
    LEFT JOIN dates AS cd ON cd.raw IS NOT DISTINCT FROM r.completion_date
)
SELECT
    b.*,
    CASE
        WHEN b.emp IS NULL OR NOT regexp_matches(b.emp, '^[0-9]{5,10}$') THEN
            wres_reject('OLM-001', 'employee_number', b.employee_number,
                'not a valid Employee Number; expected 5 to 10 digits such as "10234567"')
        WHEN b.course IS NULL THEN
            wres_reject('OLM-002', 'course_name', b.course_name, 'a Course Name is required')
        WHEN b.start_dt IS NULL THEN
            wres_reject('OLM-003', 'class_start_date', b.class_start_date, 'a Class Start Date is required (DD/MM/YYYY)')
        WHEN wres_clean(b.class_end_date) IS NOT NULL AND b.end_dt IS NULL THEN
            wres_reject('OLM-004', 'class_end_date', b.class_end_date, 'not a date; expected DD/MM/YYYY')
        WHEN wres_clean(b.completion_date) IS NOT NULL AND b.completion_dt IS NULL THEN
            wres_reject('OLM-004', 'completion_date', b.completion_date, 'not a date; expected DD/MM/YYYY')
        WHEN b.end_dt < b.start_dt THEN
            wres_reject('OLM-005', 'class_end_date', b.class_end_date,
                'the class end date is before the class start date ' || strftime(b.start_dt, '%d/%m/%Y'))
        WHEN b.status_std IS NULL THEN
            wres_reject('OLM-006', 'enrolment_status', b.enrolment_status,
                'not a recognised enrolment status; accepted values are ' || array_to_string($training_known_statuses, ', '))
        WHEN wres_clean(b.mandatory_flag) IS NOT NULL AND b.mandatory_b IS NULL THEN
            wres_reject('OLM-007', 'mandatory_flag', b.mandatory_flag, 'Mandatory Flag must be Yes or No')
        WHEN wres_clean(b.delivery_mode) IS NOT NULL AND b.delivery_std IS NULL THEN
            wres_reject('OLM-008', 'delivery_mode', b.delivery_mode,
                'not a recognised delivery mode; accepted values are ' || array_to_string($training_delivery_modes, ', '))
        WHEN wres_clean(b.funding_cost) IS NOT NULL AND (b.cost IS NULL OR b.cost < 0) THEN
            wres_reject('OLM-009', 'funding_cost', b.funding_cost, 'Funding / Cost must be a number of at least 0')
    END AS reject
FROM base AS b;
