"""Reference data: code lists the staging transforms join to, versioned with the code (sql/create_ref_*)."""


from wres_pipeline.assetkit import sql_asset

GROUP = "reference"

ref_ethnic_category = sql_asset(
    "ref/ethnic_category",
    sql_files=["create_ref_ethnic_category.sql"],
    deps=[],
    group=GROUP,
    description="NHS Data Dictionary ethnic categories (2001 census letters) with their WRES group, "
    "and the labels that mean 'unknown' (wres-indicators.md §10).",
)
ref_staff_group = sql_asset(
    "ref/staff_group",
    sql_files=["create_ref_staff_group.sql"],
    deps=[],
    group=GROUP,
    description="ESR / NWD staff groups with the label variants seen in exports (source-extracts.md §2.3.1).",
)
ref_medical_grade = sql_asset(
    "ref/medical_grade",
    sql_files=["create_ref_medical_grade.sql"],
    deps=[],
    group=GROUP,
    description="Medical and dental grades and their WRES indicator 1 clusters (source-extracts.md §2.3.3).",
)
ref_indicator_1_row = sql_asset(
    "ref/indicator_1_row",
    sql_files=["create_ref_indicator_1_row.sql"],
    deps=[],
    group=GROUP,
    description="The rows of the WRES indicator 1 table in template order (wres-indicators.md §13.1).",
)
ref_ethnic_census_category = sql_asset(
    "ref/ethnic_census_category",
    sql_files=["create_ref_ethnic_census_category.sql"],
    deps=["ref/ethnic_category"],
    group=GROUP,
    description="2021-census style ethnic categories (Trac forms, staff survey codes 01-18, newer ESR values) "
    "with their Data Dictionary letter and WRES group (Gypsy or Irish Traveller per "
    "methods.gypsy_irish_traveller); ref.ethnic_label, every accepted label; and the wres_ethnic macro "
    "every staging transform maps ethnicity with (wres-indicators.md §10, source-extracts.md §1.8, §4.3).",
)
ref_leaving_reason = sql_asset(
    "ref/leaving_reason",
    sql_files=["create_ref_leaving_reason.sql"],
    deps=[],
    group=GROUP,
    description="ESR leaving reasons (source-extracts.md §2.5) in matching form, with their group and the "
    "low-information flag (D26, D27).",
)
ref_trac_stage = sql_asset(
    "ref/trac_stage",
    sql_files=["create_ref_trac_stage.sql"],
    deps=[],
    group=GROUP,
    description="Trac / NHS Jobs stage names -> canonical Stage Reached, its order and whether it implies "
    "shortlisting (source-extracts.md §3.1).",
)
ref_recruitment_route = sql_asset(
    "ref/recruitment_route",
    sql_files=["create_ref_recruitment_route.sql"],
    deps=[],
    group=GROUP,
    description="Recruitment routes of a vacancy (source-extracts.md §3.1).",
)
ref_er_code = sql_asset(
    "ref/er_code",
    sql_files=["create_ref_er_code.sql"],
    deps=[],
    group=GROUP,
    description="Employee-relations case types, stages, outcomes (by case-type family, with the sanction / "
    "investigation-decision meaning) and appeal outcomes (source-extracts.md §6.1).",
)
ref_survey_ethnicity_item = sql_asset(
    "ref/survey_ethnicity_item",
    sql_files=["create_ref_survey_ethnicity_item.sql"],
    deps=[],
    group=GROUP,
    description="The staff survey's ethnic-background question by survey year (Q25 2021, Q27 2022, Q28 "
    "2023-2024; source-extracts.md §4.2, D29).",
)
ref_survey_response_label = sql_asset(
    "ref/survey_response_label",
    sql_files=["create_ref_survey_response_label.sql"],
    deps=[],
    group=GROUP,
    description="Survey value labels (Never, 1-2, Yes, Don't know, ...) -> response codes by response kind "
    "(source-extracts.md §4.2, §4.4).",
)
