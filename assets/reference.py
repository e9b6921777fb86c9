"""Reference data: code lists the staging transforms join to, versioned with the code (sql/create_ref_*).

Every reference table is its own asset key (``ref/<table>``) with its own code version and metadata, but
they are built one after the other in a single step: each takes milliseconds, and a step of its own
would cost far more in fixed overhead (events, connection) than its SQL.
"""


from wres_pipeline.assetkit import SqlTable, sql_tables_asset

REFERENCE_TABLES = [
    SqlTable(
        "ref/ethnic_category",
        sql_files=["create_ref_ethnic_category.sql"],
        deps=[],
        description="NHS Data Dictionary ethnic categories (2001 census letters) with their WRES group, "
        "and the labels that mean 'unknown' (wres-indicators.md §10).",
    ),
    SqlTable(
        "ref/staff_group",
        sql_files=["create_ref_staff_group.sql"],
        deps=[],
        description="ESR / NWD staff groups with the label variants seen in exports (source-extracts.md §2.3.1).",
    ),
    SqlTable(
        "ref/medical_grade",
        sql_files=["create_ref_medical_grade.sql"],
        deps=[],
        description="Medical and dental grades and their WRES indicator 1 clusters (source-extracts.md §2.3.3).",
    ),
    SqlTable(
        "ref/indicator_1_row",
        sql_files=["create_ref_indicator_1_row.sql"],
        deps=[],
        description="The rows of the WRES indicator 1 table in template order (wres-indicators.md §13.1).",
    ),
    SqlTable(
        "ref/ethnic_census_category",
        sql_files=["create_ref_ethnic_census_category.sql"],
        deps=["ref/ethnic_category"],
        description="2021-census style ethnic categories (Trac forms, staff survey codes 01-18, newer ESR values) "
        "with their Data Dictionary letter and WRES group (Gypsy or Irish Traveller per "
        "methods.gypsy_irish_traveller); ref.ethnic_label, every accepted label; and the wres_ethnic macro "
        "every staging transform maps ethnicity with (wres-indicators.md §10, source-extracts.md §1.8, §4.3).",
    ),
    SqlTable(
        "ref/leaving_reason",
        sql_files=["create_ref_leaving_reason.sql"],
        deps=[],
        description="ESR leaving reasons (source-extracts.md §2.5) in matching form, with their group and the "
        "low-information flag (D26, D27).",
    ),
    SqlTable(
        "ref/trac_stage",
        sql_files=["create_ref_trac_stage.sql"],
        deps=[],
        description="Trac / NHS Jobs stage names -> canonical Stage Reached, its order and whether it implies "
        "shortlisting (source-extracts.md §3.1).",
    ),
    SqlTable(
        "ref/recruitment_route",
        sql_files=["create_ref_recruitment_route.sql"],
        deps=[],
        description="Recruitment routes of a vacancy (source-extracts.md §3.1).",
    ),
    SqlTable(
        "ref/er_code",
        sql_files=["create_ref_er_code.sql"],
        deps=[],
        description="Employee-relations case types, stages, outcomes (by case-type family, with the sanction / "
        "investigation-decision meaning) and appeal outcomes (source-extracts.md §6.1).",
    ),
    SqlTable(
        "ref/survey_ethnicity_item",
        sql_files=["create_ref_survey_ethnicity_item.sql"],
        deps=[],
        description="The staff survey's ethnic-background question by survey year (Q25 2021, Q27 2022, Q28 "
        "2023-2024; source-extracts.md §4.2, D29).",
    ),
    SqlTable(
        "ref/survey_response_label",
        sql_files=["create_ref_survey_response_label.sql"],
        deps=[],
        description="Survey value labels (Never, 1-2, Yes, Don't know, ...) -> response codes by response kind "
        "(source-extracts.md §4.2, §4.4).",
    ),
    SqlTable(
        "ref/national_comparators",
        sql_files=["create_ref_national_comparators.sql"],
        deps=[],
        description="National (and trust-added regional / ICS) values of the WRES indicators, from "
        "wres_pipeline/reference_data/national_comparators.csv and config comparators.extra_files.",
    ),
    SqlTable(
        "ref/survey_question_map",
        sql_files=["create_ref_survey_question_map.sql"],
        deps=[],
        description="NHS Staff Survey item answering each WRES indicator 5-8 per survey year, with the "
        "response codes that count (wres-indicators.md §5.1-5.2), from reference_data/survey_question_map.csv.",
    ),
    SqlTable(
        "ref/wres_indicator",
        sql_files=["create_ref_wres_indicator.sql"],
        deps=[],
        description="The nine WRES indicators as data: kind, title, which way is better (headline and SPC) and the "
        "disclosure rule, from reference_data/wres_indicators.csv (also read by disclosure control and the report).",
    ),
    SqlTable(
        "ref/label",
        sql_files=["create_ref_label.sql"],
        deps=["ref/indicator_1_row"],
        description="The plain words for every code a reader can meet (statuses, subgroups, SPC variation, "
        "suppression rules ...), from reference_data/labels.csv: one lookup for the report and the data dictionary.",
    ),
    SqlTable(
        "ref/method_choice",
        sql_files=["create_ref_method_choice.sql"],
        deps=[],
        description="Every method choice behind the indicator values: each token of method_version, its value, "
        "the setting that changes it and what it decides (from the run's configuration).",
    ),
    SqlTable(
        "ref/organisation",
        sql_files=["create_ref_organisation.sql"],
        deps=[],
        description="Organisation -> ICS -> region, from reference_data/organisations.csv (the generator's "
        "synthetic codes) and config benchmark.organisation_files.",
    ),
]

reference_tables = sql_tables_asset("reference_tables", "reference", REFERENCE_TABLES)
