"""The nine WRES indicators (wres-indicators.md), one intermediate table each, combined in the marts.

Shared pieces: ``intermediate/wres_period`` (the reporting periods and which sources cover them),
``intermediate/wres_person_ethnicity`` (ESR ethnicity of people in ER / OLM records) and the macros of
sql/create_indicator_macros.sql (relative likelihood, person-event cells, survey rows). Each indicator
asset lists that macro file first, so a change to the shared logic marks every indicator stale.

The non-ESR staging tables (applications, ER cases, training, survey, board) always exist: their
contract DDL (sql/create_staging_contracts.sql) runs on every connection.
"""


import os
import stat
from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from wres_pipeline.assetkit import OWNERS, code_version, key, sql_asset, table_metadata
from wres_pipeline.faults import remove_stale
from wres_pipeline.resources import WresSettings, build_connection
from wres_pipeline.warehouse import private_folder, quote_literal

GROUP = "indicators"
MACROS = "create_indicator_macros.sql"


FLOW_SOURCES = ("staging/applications", "staging/er_cases", "staging/training")
SURVEY_SOURCES = ("staging/survey_aggregate", "staging/survey_published")


intermediate_flow_coverage = sql_asset(
    "intermediate/flow_coverage",
    sql_files=[MACROS, "create_intermediate_flow_coverage.sql"],
    deps=[*FLOW_SOURCES],
    group=GROUP,
    description="What each loaded file of a flow source covers per organisation: its declared period, or the "
    "WRES years its records reach into when it declares none.",
)

intermediate_wres_period = sql_asset(
    "intermediate/wres_period",
    sql_files=[MACROS, "create_intermediate_wres_period.sql"],
    deps=["staging/workforce_snapshot", "intermediate/flow_coverage", "staging/board_members", *SURVEY_SOURCES],
    group=GROUP,
    description="Reporting periods per organisation: every quarter end (31 March = WRES year, others = "
    "rolling 12 months) with the sources that cover its 12 months.",
)

audit_source_coverage = sql_asset(
    "audit/source_coverage",
    sql_files=[MACROS, "create_audit_source_coverage.sql"],
    deps=["intermediate/wres_period", "intermediate/flow_coverage", "staging/workforce_snapshot",
          "staging/board_members", *SURVEY_SOURCES],
    group="audit",
    description="For every organisation, WRES year and source: the files that cover the year and on what basis "
    "(declared period, inferred from record dates, snapshot, survey year), or none (NO_DATA).",
)

intermediate_wres_person_ethnicity = sql_asset(
    "intermediate/wres_person_ethnicity",
    sql_files=["create_intermediate_wres_person_ethnicity.sql"],
    deps=["staging/staff_in_post"],
    group=GROUP,
    description="Each ESR person's WRES ethnic group over time (one row per staff-in-post snapshot, valid "
    "until the next), used for people in ER cases and training records.",
)

intermediate_wres_indicator_1 = sql_asset(
    "intermediate/wres_indicator_1",
    sql_files=[MACROS, "create_intermediate_wres_indicator_1.sql"],
    deps=["staging/workforce_snapshot", "ref/indicator_1_row"],
    group=GROUP,
    description="WRES indicator 1: headcount and White / BME / Unknown % for every row of the template "
    "(non-clinical and clinical AfC bands, medical clusters, totals) at every quarter-end snapshot.",
)

intermediate_wres_indicator_2 = sql_asset(
    "intermediate/wres_indicator_2",
    sql_files=[MACROS, "create_intermediate_wres_indicator_2.sql"],
    deps=["intermediate/wres_period", "staging/applications"],
    group=GROUP,
    description="WRES indicator 2: relative likelihood of White vs BME shortlisted applicants being "
    "appointed (applications or applicants, by shortlisting date), with CI, range class and counts.",
)

intermediate_wres_indicator_3 = sql_asset(
    "intermediate/wres_indicator_3",
    sql_files=[MACROS, "create_intermediate_wres_indicator_3.sql"],
    deps=["intermediate/wres_period", "intermediate/wres_person_ethnicity", "staging/workforce_snapshot",
          "staging/er_cases"],
    group=GROUP,
    description="WRES indicator 3: relative likelihood of BME vs White staff entering a formal disciplinary "
    "investigation, single year and two-year pooled, plus the share of cases matched to ESR.",
)

intermediate_wres_indicator_4 = sql_asset(
    "intermediate/wres_indicator_4",
    sql_files=[MACROS, "create_intermediate_wres_indicator_4.sql"],
    deps=["intermediate/wres_period", "intermediate/wres_person_ethnicity", "staging/workforce_snapshot",
          "staging/training"],
    group=GROUP,
    description="WRES indicator 4: relative likelihood of White vs BME staff accessing non-mandatory "
    "training / CPD (people, not enrolments), plus the share of records matched to ESR.",
)

_SURVEY_TOPIC = {
    5: "harassment, bullying or abuse from patients, relatives or the public",
    6: "harassment, bullying or abuse from staff (manager OR colleagues)",
    7: "believing the organisation provides equal opportunities for career progression",
    8: "discrimination at work from a manager / team leader or colleagues",
}


def _survey_indicator(n: int) -> dg.AssetsDefinition:
    return sql_asset(
        f"intermediate/wres_indicator_{n}",
        sql_files=[MACROS, f"create_intermediate_wres_indicator_{n}.sql"],
        deps=["intermediate/wres_period", "ref/survey_question_map", *SURVEY_SOURCES],
        group=GROUP,
        description=f"WRES indicator {n}: % of BME and White staff {_SURVEY_TOPIC[n]} (staff survey of "
        "year N-1; respondent aggregates, else published values; < 11 responses suppressed).",
    )


intermediate_wres_indicator_5 = _survey_indicator(5)
intermediate_wres_indicator_6 = _survey_indicator(6)
intermediate_wres_indicator_7 = _survey_indicator(7)
intermediate_wres_indicator_8 = _survey_indicator(8)

intermediate_wres_indicator_9 = sql_asset(
    "intermediate/wres_indicator_9",
    sql_files=[MACROS, "create_intermediate_wres_indicator_9.sql"],
    deps=["intermediate/wres_period", "intermediate/wres_indicator_1", "staging/board_members"],
    group=GROUP,
    description="WRES indicator 9: BME % of the board (all, voting, executive, non-executive, non-voting) "
    "minus BME % of the overall workforce, in percentage points; never suppressed.",
)

INDICATOR_TABLES = [f"intermediate/wres_indicator_{n}" for n in range(1, 10)]

marts_wres_indicator_result = sql_asset(
    "marts/wres_indicator_result",
    sql_files=["create_marts_wres_indicator_result.sql"],
    deps=INDICATOR_TABLES,
    group=GROUP,
    description="The long-format WRES result table (wres-indicators.md §13): one row per organisation, "
    "period, indicator, subgroup and measure, with status, small-number and suppression flags, the "
    "relative-likelihood counts / CI / range class, the method version and the source files that fed it.",
)

marts_wres_summary = sql_asset(
    "marts/wres_summary",
    sql_files=["create_marts_wres_summary.sql"],
    deps=["marts/wres_indicator_result", "ref/national_comparators", "ref/wres_indicator"],
    group=GROUP,
    description="Year-by-year WRES headlines per organisation and indicator: White / BME values, headline, "
    "change on the previous year, improved / worsened / unchanged, gaps to workforce and comparators.",
)

marts_wres_return = sql_asset(
    "marts/wres_return",
    sql_files=["create_marts_wres_return.sql"],
    deps=["marts/wres_indicator_result", "ref/indicator_1_row", "ref/label"],
    group=GROUP,
    description="The WRES return as NHS England's data collection asks for it: one row per organisation, WRES "
    "year and line of the return (every indicator 1 row, then indicators 2-9), in return order, with the "
    "unsuppressed counts, percentages, relative likelihoods and board differences.",
)

marts_wres_return_anomaly = sql_asset(
    "marts/wres_return_anomaly",
    sql_files=["create_marts_wres_return_anomaly.sql"],
    deps=["marts/wres_return"],
    group=GROUP,
    description="The year-on-year review list of the WRES return: figures that moved by more than the configured "
    "amount (config wres_return.anomaly_*) since the previous WRES year, for the data lead before submission.",
)

RETURN_SQL = ["create_marts_wres_return.sql", "create_marts_wres_return_anomaly.sql"]


def _write_private_csv(conn: duckdb.DuckDBPyConnection, query: str, target: Path) -> None:
    """COPY ``query`` to ``target`` atomically (a temporary file renamed over it), readable by the owner only."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    conn.execute(f"COPY ({query}) TO {quote_literal(str(tmp))} (HEADER, DELIMITER ',')")
    tmp.chmod(stat.S_IRUSR)  # private: the owner may read it, nobody else
    os.replace(tmp, target)


@dg.asset(
    key=key("publish/wres_return_export"),
    deps=[key("marts/wres_return"), key("marts/wres_return_anomaly")],
    group_name="publish",
    owners=OWNERS,
    kinds={"duckdb", "csv"},
    code_version=code_version(RETURN_SQL, python_files=["assets/indicators.py"]),
    description="PRIVATE/exports/wres_return_<org>_<year>.csv (marts.wres_return in return order, unsuppressed "
    "counts, for the submission to NHS England) and wres_return_anomalies_<org>_<year>.csv beside it (the "
    "figures that moved sharply since the previous year, marts.wres_return_anomaly), one pair per organisation "
    "and WRES year, written atomically into the private outputs folder (publication.private_dir, owner-only), "
    "never beside the published warehouse; files of earlier layouts or of years no longer in the warehouse "
    "are removed.",
)
def publish_wres_return_export(
    context: dg.AssetExecutionContext, wres: WresSettings, duckdb: DuckDBResource
) -> dg.MaterializeResult:
    out_dir = private_folder(wres.settings.private_path(), "exports")
    remove_stale(out_dir, ".wres_return_*.tmp")  # left by a refresh that was killed
    legacy = wres.warehouse_dir / "exports"  # where earlier versions wrote the return, beside the published files
    for unsafe in legacy.glob("wres_return_*.csv"):
        unsafe.unlink()
    if legacy.is_dir() and not any(legacy.iterdir()):
        legacy.rmdir()
    written = []
    with build_connection(duckdb) as conn:
        org_years = conn.execute("SELECT DISTINCT org_code, report_year FROM marts.wres_return ORDER BY ALL").fetchall()
        for org, year in org_years:
            where = f"WHERE org_code = {quote_literal(org)} AND report_year = {int(year)}"
            for name, table, order in (("wres_return", "marts.wres_return", "line_order"),
                                       ("wres_return_anomalies", "marts.wres_return_anomaly", "line_order, figure")):
                target = out_dir / f"{name}_{org}_{int(year)}.csv"
                _write_private_csv(conn, f"SELECT * FROM {table} {where} ORDER BY {order}", target)
                written.append(target)
        anomalies = conn.execute(
            "SELECT org_code, report_year, count(*) FROM marts.wres_return_anomaly GROUP BY ALL ORDER BY ALL").fetchall()
        latest = conn.execute(  # the latest year's moves, the ones to review before this submission
            "SELECT org_code, line_code, figure, previous_value, value FROM marts.wres_return_anomaly "
            "WHERE report_year = (SELECT max(report_year) FROM marts.wres_return) ORDER BY org_code, line_order, figure "
            "LIMIT 50").fetchall()
        meta = table_metadata(conn, "marts.wres_return")
    for stale in out_dir.glob("wres_return_*.csv"):  # earlier layouts (one file per year) and dropped years
        if stale not in written:
            stale.unlink()
    context.log.info(f"publish/wres_return_export: {len(written)} file(s) in {out_dir}")
    return dg.MaterializeResult(
        metadata={
            "files": dg.MetadataValue.json([str(p) for p in written]),
            "path": dg.MetadataValue.path(str(out_dir)),
            "dagster/row_count": meta["dagster/row_count"],
            "anomalies": dg.MetadataValue.int(sum(n for _, _, n in anomalies)),
            "anomalies_by_organisation_year": dg.MetadataValue.json(
                {f"{org} {int(year)}": n for org, year, n in anomalies}),
            "latest_year_anomalies": dg.MetadataValue.json(
                [f"{org} {line} {figure}: {prev:g} -> {'none' if value is None else f'{value:g}'}"
                 for org, line, figure, prev, value in latest]),
        }
    )
