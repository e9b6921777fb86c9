-- staging.training: one row per valid enrolment / learning record (source-extracts.md §5.1; rows are
-- enrolments, indicator 4 de-duplicates to people: D32). is_attended: the status is one of
-- training.attended_statuses (Attended / Completed). is_mandatory and the rule that decided it:
-- (1) an explicit Mandatory Flag, else a Training Category (mandatory when in
-- training.mandatory_categories); (2) '|CSTF|' in the competence or course name, or one of the 11 CSTF
-- subjects (training.cstf_subjects), or the trust's role-specific essential list; (3) otherwise
-- non-mandatory. People are matched to ESR by Employee Number (unmatched rows are kept and flagged).
CREATE OR REPLACE TABLE staging.training AS
WITH valid AS (
    SELECT * FROM typed_training WHERE reject IS NULL
),
-- Rules (2) and (3) read only the competence and course names: decided once per distinct pair of them.
names AS (
    SELECT
        n.competence_name,
        n.course,
        CASE WHEN contains(n.name_form, '|cstf|') THEN 'cstf_code'
             WHEN list_bool_or(list_transform($cstf_subjects, s -> contains(n.name_form, wres_match_form(s))))
                 THEN 'cstf_subject'
             WHEN list_contains(list_transform($role_essential_courses, c -> wres_match_form(c)), wres_match_form(n.course))
                 THEN 'role_essential'
             ELSE 'default_non_mandatory' END AS derived_rule
    FROM (
        SELECT competence_name, course, wres_match_form(concat_ws(' ', wres_clean(competence_name), course)) AS name_form
        FROM (SELECT DISTINCT competence_name, course FROM valid)
    ) AS n
),
-- Rule (1)'s Training Category, once per distinct value.
categories AS (
    SELECT
        training_category,
        wres_clean(training_category) AS category,
        list_contains(list_transform($training_mandatory_categories, c -> lower(c)), lower(wres_clean(training_category)))
            AS is_mandatory_category
    FROM (SELECT DISTINCT training_category FROM valid)
),
derived AS (
    SELECT
        t.*,
        CASE
            WHEN t.mandatory_b IS NOT NULL THEN {'is_mandatory': t.mandatory_b, 'rule': 'explicit_flag'}
            WHEN c.category IS NOT NULL THEN {'is_mandatory': c.is_mandatory_category, 'rule': 'category'}
        END AS explicit,
        n.derived_rule,
        c.category
    FROM valid AS t
    LEFT JOIN names AS n ON n.competence_name IS NOT DISTINCT FROM t.competence_name AND n.course IS NOT DISTINCT FROM t.course
    LEFT JOIN categories AS c ON c.training_category IS NOT DISTINCT FROM t.training_category
)
SELECT
    t.org_code,
    t.period_start,
    t.period_end,
    coalesce(esr.person_id, t.emp) AS person_id,
    t.emp AS employee_number,
    wres_clean(t.assignment_number) AS assignment_number,
    t.course AS course_name,
    wres_clean(t.class_name) AS class_name,
    t.delivery_std AS delivery_mode,
    t.start_dt AS class_start_date,
    t.end_dt AS class_end_date,
    t.completion_dt AS completion_date,
    t.status_std AS enrolment_status,
    list_contains($training_attended_statuses, t.status_std) AS is_attended,
    wres_clean(t.competence_name) AS competence_name,
    coalesce(t.explicit.is_mandatory, t.derived_rule <> 'default_non_mandatory') AS is_mandatory,
    coalesce(t.explicit.rule, t.derived_rule) AS mandatory_rule,
    t.category AS training_category,
    t.cost AS funding_cost,
    esr.person_id IS NOT NULL AS is_matched_to_esr,
    t.source_file_id,
    t.file_name,
    t.sheet,
    t.row_number
FROM derived AS t
LEFT JOIN wres_esr_people() AS esr ON esr.org_code = t.org_code AND esr.employee_number = t.emp;
