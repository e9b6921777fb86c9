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
