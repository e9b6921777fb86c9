"""Checks on the staging layer.

Blocking (ERROR): keys, required fields, reconciliation of every source (rows read = staged +
quarantined + counted drops) and referential coverage (ER cases, OLM records and internal applicants
matched to ESR people). Warning only: the files rejected in the run (left out under
``ingest.rejected_file_policy = 'skip'``) and the Great Expectations suites.

Steps (checks/step.py): one per staging source for the checks of the tables its step builds (the
blocking ones are all on its staged table; the rejected-files warning is on its quarantine table), so a
failing check stops exactly what it stopped in a step of its own. The unique-snapshot check of
staging.workforce_snapshot and the Great Expectations suite (its import alone takes seconds; an error in
it must not hold back the staff-in-post checks' downstream) have steps of their own.
"""


import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.staging import STAGING_SOURCES, StagingSource
from checks.gx_suites import gx_check
from checks.sqlcheck import sql_check
from checks.step import Check, check, check_step
from wres_pipeline.assetkit import key
from wres_pipeline.resources import WresSettings, build_connection
from wres_pipeline.warehouse import query_sql


def _table(path: str) -> str:
    return path.replace("/", ".")


def reconcile_check(source: StagingSource) -> Check:
    staged = next(iter(source.tables))
    if source.contract.source == "staff_survey_responses":  # stored as counts only (§4.4)
        return sql_check(staged, "rows_reconcile", "check_reconcile_survey_responses.sql",
                         "For every respondent file: data rows read = respondents counted + rows quarantined.")
    return sql_check(
        staged,
        "rows_reconcile",
        "check_reconcile.sql",
        f"For every {source.contract.label} file: data rows read = rows staged + rows quarantined "
        "(totals, repeated headers, blanks and rejected files are counted drops; nothing silently lost).",
        params={"raw_table": source.raw_table, "staged_table": _table(staged),
                "quarantine_table": _table(source.quarantine)},
    )


def rejected_files_check(source: StagingSource) -> Check:
    """WARN when files of the source were rejected in this run: which, with hash, rule and message."""

    def evaluate(context: dg.AssetCheckExecutionContext, wres: WresSettings,
                 duckdb: DuckDBResource) -> dg.AssetCheckResult:
        with build_connection(duckdb) as conn:
            rows = query_sql(conn, "check_rejected_files.sql", run_id=context.run.run_id,
                             source=source.contract.source).fetchall()
        files = [{"file": f + (f"!{s}" if s else ""), "sha256": h, "rule_id": r, "message": m} for f, s, h, r, m in rows]
        return dg.AssetCheckResult(
            passed=not rows,
            severity=dg.AssetCheckSeverity.WARN,
            description=f"{len(rows)} file(s) rejected: " + "; ".join(f["file"] for f in files) if rows else None,
            metadata={"files_rejected": len(rows), "rejected_files": dg.MetadataValue.json(files)},
        )

    return check(source.quarantine, "no_rejected_files",
                 f"No {source.contract.label} file was rejected in this run (rejected files are left out "
                 "and listed here with hash, rule and message; see audit.source_files).", False, evaluate)


def coverage_check(staged: str, what: str) -> Check:
    """Blocking: every file's share of records matched to an ESR person is at least the minimum (D33)."""

    def evaluate(context: dg.AssetCheckExecutionContext, wres: WresSettings,
                 duckdb: DuckDBResource) -> dg.AssetCheckResult:
        with build_connection(duckdb) as conn:
            cur = query_sql(conn, "check_esr_coverage.sql", staged_table=_table(staged),
                            min_esr_match_share=wres.settings.coverage.min_esr_match_share)
            columns = [d[0] for d in cur.description]
            files = [dict(zip(columns, r, strict=True)) for r in cur.fetchall()]
        minimum, allowed = wres.settings.coverage.min_esr_match_share, wres.settings.coverage.unmatched_allowed
        low = [f for f in files if f["below_minimum"]]
        failing = [f for f in low if f["unmatched"] > allowed]
        return dg.AssetCheckResult(
            passed=not low,
            severity=dg.AssetCheckSeverity.ERROR if failing else dg.AssetCheckSeverity.WARN,
            description=(" ".join(_coverage_problem(f, minimum) for f in low)
                         + ("" if failing else f" (a warning: no file has more than coverage.unmatched_allowed = "
                                               f"{allowed} unmatched records)")) if low else None,
            metadata={
                "records": sum(f["records"] for f in files),
                "matched": sum(f["matched"] for f in files),
                "unmatched": sum(f["unmatched"] for f in files),
                "per_file": dg.MetadataValue.json(
                    [{k: (float(v) if k == "matched_share" else v) for k, v in f.items()} for f in files]),
                "threshold": minimum,
            },
        )

    return check(staged, "esr_coverage",
                 f"{what} matched to ESR people, per file: unmatched ones are kept, flagged and counted (D33); "
                 "fails for a file below coverage.min_esr_match_share with more than coverage.unmatched_allowed "
                 "unmatched records, warns below the share alone.", True, evaluate)


def _coverage_problem(f: dict, minimum: float) -> str:
    """What a file below the ESR match threshold measured, examples, and the likely fix."""
    measured = (f"{f['file_name']}: {f['matched']:,} of {f['records']:,} records matched to ESR people "
                f"({float(f['matched_share']):.1%}), below coverage.min_esr_match_share ({minimum:.0%}); first unmatched: "
                f"{', '.join(f['unmatched_examples'] or [])}.")
    if not f["organisation_has_staff_in_post"]:
        return (f"{measured} Likely cause: the file was assigned organisation {f['org_code']} (audit.source_files.org_rule), "
                f"but staff in post is under {f['organisations_with_staff_in_post'] or 'no organisation'}: add an ODS code "
                "column, put the right code in the file name, or set organisation.default_code.")
    return (f"{measured} Likely cause: these employee numbers are in no staff-in-post snapshot of {f['org_code']}: check "
            "that the ESR extracts cover the file's period and that the file uses ESR employee numbers.")


er_cases_coverage = coverage_check("staging/er_cases", "Employee-relations cases")
training_coverage = coverage_check("staging/training", "OLM training records")
applications_coverage = coverage_check("staging/applications", "Internal applicants")

staff_in_post_required = sql_check(
    "staging/staff_in_post",
    "required_fields_present",
    "check_staff_in_post_required.sql",
    "Every staged row has a person id, a band, a WRES ethnic group and a clinical category.",
)
workforce_snapshot_unique = sql_check(
    "staging/workforce_snapshot",
    "one_row_per_person_per_snapshot",
    "check_workforce_snapshot_unique.sql",
    "Each person is counted once per snapshot (headcount, not assignments).",
)
staff_in_post_gx = gx_check("staging/staff_in_post", "staff_in_post")

# checks on a staged table beyond the reconciliation of every source: in the step of the source that builds it
STAGED_TABLE_CHECKS = [staff_in_post_required, er_cases_coverage, training_coverage, applications_coverage]


def source_checks(source: StagingSource) -> list[Check]:
    """The checks of the tables the source's staging step builds: reconcile, rejected files, any other."""
    built = {key(t) for t in source.tables} | {key(source.quarantine)}
    return [reconcile_check(source), rejected_files_check(source),
            *(c for c in STAGED_TABLE_CHECKS if c.spec.asset_key in built)]


source_check_steps = [
    check_step(f"staging_{s.contract.source}_checks", source_checks(s),
               f"The checks of the {s.contract.label} staging tables.")
    for s in STAGING_SOURCES.values()
]
workforce_snapshot_checks = check_step("workforce_snapshot_checks", [workforce_snapshot_unique],
                                       "The checks of staging.workforce_snapshot.")
staff_in_post_gx_checks = check_step("staff_in_post_gx_checks", [staff_in_post_gx],
                                     "The Great Expectations suite of staging.staff_in_post.")
