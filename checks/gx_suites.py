"""Great Expectations suites per staging table, run as non-blocking (WARN) asset checks.

GX is imported lazily inside the check (its import costs ~3 s), always with an ephemeral context,
and validates a pandas frame read from DuckDB: GX cannot read DuckDB through SQLAlchemy
(stack-findings.md §2). Failing values go into the check's metadata.

Memory is bounded: a table larger than ``checks.gx_max_rows`` is validated on a reservoir sample of
that many rows (a national warehouse has ~10 M staff-in-post rows; as pandas they would need several
GB). The blocking SQL checks always see every row.
"""


import os

import dagster as dg
from dagster_duckdb import DuckDBResource

from checks.step import Check, check
from wres_pipeline.resources import WresSettings, build_connection

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

BANDS = [f"BAND_{b}" for b in (1, 2, 3, 4, 5, 6, 7, "8A", "8B", "8C", "8D", 9)]
BANDS += ["UNDER_BAND_1", "VSM", "MEDICAL", "NON_AFC_OTHER", "UNKNOWN"]

# suite name -> (query giving the frame to validate, [(expectation class, kwargs), ...])
SUITES: dict[str, tuple[str, list[tuple[str, dict]]]] = {
    "staff_in_post": (
        "SELECT person_id, assignment_number, source_file_id, band, ethnic_group, clinical_category, "
        "medical_cluster, CAST(fte AS DOUBLE) AS fte, staff_group FROM staging.staff_in_post",
        [
            ("ExpectTableRowCountToBeBetween", {"min_value": 1}),
            ("ExpectColumnValuesToNotBeNull", {"column": "person_id"}),
            ("ExpectColumnValuesToMatchRegex", {"column": "assignment_number", "regex": r"^\d{5,10}(?:-\d{1,2})?$"}),
            ("ExpectCompoundColumnsToBeUnique", {"column_list": ["source_file_id", "assignment_number"]}),
            ("ExpectColumnValuesToBeInSet", {"column": "band", "value_set": BANDS}),
            ("ExpectColumnValuesToBeInSet", {"column": "ethnic_group", "value_set": ["WHITE", "BME", "UNKNOWN"]}),
            (
                "ExpectColumnValuesToBeInSet",
                {"column": "clinical_category", "value_set": ["clinical", "non_clinical", "medical"]},
            ),
            ("ExpectColumnValuesToBeBetween", {"column": "fte", "min_value": 0, "max_value": 2}),
            # 'other' holds clinical fellows and trust-grade registrars (~10 % of doctors in a typical trust)
            # and any unmapped grade: more than 15 % suggests the grade list is stale.
            (
                "ExpectColumnValuesToBeInSet",
                {"column": "medical_cluster", "value_set": ["consultant", "non_consultant_career_grade", "trainee"], "mostly": 0.85},
            ),
        ],
    ),
}


def validate_frame(suite_name: str, frame) -> tuple[bool, list[dict]]:
    """Validate a pandas frame against a suite; return (success, one summary per expectation)."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    _, expectations = SUITES[suite_name]
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batch_definition = (
        context.data_sources.add_pandas(suite_name)
        .add_dataframe_asset(suite_name)
        .add_batch_definition_whole_dataframe(suite_name)
    )
    suite = gx.ExpectationSuite(name=suite_name)
    for expectation, kwargs in expectations:
        suite.add_expectation(getattr(gx.expectations, expectation)(**kwargs))
    result = batch_definition.get_batch(batch_parameters={"dataframe": frame}).validate(suite)
    summaries = []
    for r in result.results:
        cfg = r.expectation_config
        detail = r.result or {}
        summaries.append(
            {
                "expectation": cfg.type,
                "column": cfg.kwargs.get("column") or cfg.kwargs.get("column_list"),
                "success": bool(r.success),
                "unexpected_count": detail.get("unexpected_count"),
                "unexpected_percent": detail.get("unexpected_percent"),
                "sample_unexpected": [str(v) for v in (detail.get("partial_unexpected_list") or [])[:10]],
            }
        )
    return bool(result.success), summaries


def gx_check(asset: str, suite_name: str) -> Check:
    """A WARN check validating ``asset`` against the suite ``suite_name`` (checks/step.py puts it in a step)."""

    def evaluate(context: dg.AssetCheckExecutionContext, wres: WresSettings,
                 duckdb: DuckDBResource) -> dg.AssetCheckResult:
        query, _ = SUITES[suite_name]
        max_rows = wres.settings.checks.gx_max_rows
        with build_connection(duckdb) as conn:
            frame = conn.execute(f"{query} USING SAMPLE reservoir({int(max_rows)} ROWS) REPEATABLE (0)").df()
            total = conn.execute(f"SELECT count(*) FROM ({query})").fetchone()[0]
        success, summaries = validate_frame(suite_name, frame)
        failed = [s for s in summaries if not s["success"]]
        return dg.AssetCheckResult(
            passed=success,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "expectations": len(summaries),
                "failed": len(failed),
                "failures": dg.MetadataValue.json(failed),
                "rows_validated": len(frame),
                "rows_in_table": total,
                "sampled": total > len(frame),
            },
        )

    return check(asset, f"gx_{suite_name}",
                 f"Great Expectations suite '{suite_name}' (warning only: see its metadata for failing values).",
                 False, evaluate)
