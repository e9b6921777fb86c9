"""Builders for the indicator tests (tiny hand-made staging tables, every expected number known by
construction), and tests of the shared pieces: the reporting-period grid and the person-ethnicity lookup."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from wres_pipeline.config import Settings
from wres_pipeline.warehouse import run_sql

ORG = "SY001"
REF_SQL = ["create_ref_survey_question_map.sql", "create_ref_national_comparators.sql"]
INDICATOR_SQL = [
    "create_intermediate_flow_coverage.sql", "create_intermediate_wres_period.sql",
    "create_intermediate_wres_person_ethnicity.sql",
    *[f"create_intermediate_wres_indicator_{n}.sql" for n in range(1, 10)],
    "create_marts_wres_indicator_result.sql",
    "create_marts_wres_summary.sql",
    "create_marts_wres_return.sql",
    "create_marts_wres_return_anomaly.sql",
]
GROUP_LETTER = {"WHITE": "W", "BME": "B", "UNKNOWN": "U"}


def person(group: str, i: int, prefix: str = "p") -> str:
    """The person id the workforce builder gives the i-th person of an ethnic group ('pW0', 'pB12')."""
    return f"{prefix}{GROUP_LETTER[group]}{i}"


def spread(start: date, end: date, n: int) -> list[date]:
    """n dates evenly spread from start to end (inclusive), so a flow source covers the whole period."""
    if n == 1:
        return [start]
    step = (end - start).days / (n - 1)
    return [start + timedelta(days=round(k * step)) for k in range(n)]


class Warehouse:
    """An in-memory warehouse with hand-made staging rows; run() builds every indicator and mart."""

    def __init__(self, conn, settings: Settings):
        self.conn = conn
        self.settings = settings
        for name in REF_SQL:
            run_sql(conn, name, **settings.sql_params())
        conn.execute(
            "CREATE TABLE IF NOT EXISTS staging.staff_in_post (org_code VARCHAR, snapshot_date DATE, person_id VARCHAR, "
            "assignment_number VARCHAR, ethnic_group VARCHAR, is_counted BOOLEAN, is_primary BOOLEAN, source_file_id VARCHAR)"
        )
        conn.execute(
            "CREATE TABLE IF NOT EXISTS staging.workforce_snapshot (org_code VARCHAR, snapshot_date DATE, person_id VARCHAR, "
            "clinical_category VARCHAR, band VARCHAR, medical_cluster VARCHAR, is_senior_medical_manager BOOLEAN, "
            "ethnic_group VARCHAR, source_file_id VARCHAR)"
        )

    def workforce(self, snapshot: date, white: int = 0, bme: int = 0, unknown: int = 0, org: str = ORG,
                  band: str = "BAND_5", prefix: str = "p", category: str = "clinical",
                  cluster: str | None = None) -> Warehouse:
        """Counted staff at a snapshot: person('WHITE', 0 .. white-1) etc., clinical band 5 unless told
        (category 'medical' with a cluster puts them in a medical row)."""
        for group, n in (("WHITE", white), ("BME", bme), ("UNKNOWN", unknown)):
            self.conn.execute(
                "INSERT INTO staging.workforce_snapshot BY NAME SELECT ? AS org_code, ?::DATE AS snapshot_date, "
                "? || i AS person_id, ? AS clinical_category, ? AS band, ? AS medical_cluster, "
                "FALSE AS is_senior_medical_manager, ? AS ethnic_group, 'esr-' || strftime(?::DATE, '%Y%m%d') AS source_file_id "
                "FROM range(?) t(i)",
                [org, snapshot, f"{prefix}{GROUP_LETTER[group]}", category, band, cluster, group, snapshot, n],
            )
            self.conn.execute(
                "INSERT INTO staging.staff_in_post BY NAME SELECT ? AS org_code, ?::DATE AS snapshot_date, ? || i AS person_id, "
                "'A' || i AS assignment_number, ? AS ethnic_group, TRUE AS is_counted, TRUE AS is_primary, 'esr' AS source_file_id "
                "FROM range(?) t(i)",
                [org, snapshot, f"{prefix}{GROUP_LETTER[group]}", group, n],
            )
        return self

    def rows(self, table: str, rows: list[dict]) -> Warehouse:
        """Append rows to staging.<table>; columns not given are NULL (the contract DDL has them all)."""
        if rows:
            self.conn.register("incoming", pl.DataFrame(rows, infer_schema_length=None))
            self.conn.execute(f"INSERT INTO staging.{table} BY NAME SELECT * FROM incoming")
            self.conn.unregister("incoming")
        return self

    def run(self, settings: Settings | None = None) -> Warehouse:
        params = (settings or self.settings).sql_params()
        for name in INDICATOR_SQL:
            run_sql(self.conn, name, **params)
        return self

    def query(self, sql: str, params: list | None = None) -> list[dict]:
        cur = self.conn.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def result(self, indicator: int, subgroup: str | None = None, measure: str | None = None,
               period_end: date | None = date(2024, 3, 31)) -> list[dict]:
        sql = "SELECT * FROM marts.wres_indicator_result WHERE indicator = ?"
        args: list = [indicator]
        for col, val in (("subgroup", subgroup), ("measure", measure), ("period_end", period_end)):
            if val is not None:
                sql += f" AND {col} = ?"
                args.append(val)
        return self.query(sql + " ORDER BY period_end, sort_order, subgroup, measure", args)

    def one(self, indicator: int, subgroup: str, measure: str, period_end: date = date(2024, 3, 31)) -> dict:
        (row,) = self.result(indicator, subgroup, measure, period_end)
        return row


@pytest.fixture
def wh(sql_conn, settings) -> Warehouse:
    return Warehouse(sql_conn, settings)


def with_methods(settings: Settings, **changes) -> Settings:
    return settings.model_copy(update={"methods": settings.methods.model_copy(update=changes)})


# --- the shared pieces ---------------------------------------------------------------------------------


def test_period_grid_covers_only_whole_windows_and_names_wres_years(wh):
    # applications from 10 May 2022 to 20 Sep 2023: quarters Apr-Jun 2022 .. Jul-Sep 2023 are covered,
    # so the 12-month windows ending 31 Mar 2023, 30 Jun 2023 and 30 Sep 2023 are whole.
    wh.rows("applications", [{"org_code": ORG, "application_id": f"a{i}", "is_shortlisted": True, "shortlisted_date": d}
                             for i, d in enumerate(spread(date(2022, 5, 10), date(2023, 9, 20), 20))])
    wh.workforce(date(2023, 12, 31), white=1)
    wh.run()
    rows = wh.query("SELECT period_end, period_type, report_year, period_start, covered_sources FROM intermediate.wres_period "
                    "ORDER BY period_end")
    assert [(r["period_end"], r["period_type"], r["report_year"]) for r in rows] == [
        (date(2023, 3, 31), "wres_year", 2023),
        (date(2023, 6, 30), "rolling_12m", 2024),
        (date(2023, 9, 30), "rolling_12m", 2024),
        (date(2023, 12, 31), "rolling_12m", 2024),
    ]
    assert rows[0]["period_start"] == date(2022, 4, 1) and rows[1]["period_start"] == date(2022, 7, 1)
    assert [r["covered_sources"] for r in rows] == [["applications"], ["applications"], ["applications"], ["workforce"]]
    # indicator 2 has rows where applications cover the window (all Unknown ethnicity here: no population)
    ind2 = {r["period_end"]: (r["status"], r["unknown_count"]) for r in wh.result(2, period_end=None)}
    assert ind2 == {d: ("NO_POPULATION", n) for d, n in
                    ((date(2023, 3, 31), 13), (date(2023, 6, 30), 14), (date(2023, 9, 30), 14))}


def test_person_ethnicity_is_the_latest_snapshot_on_or_before_the_event_else_the_earliest_after(wh):
    wh.conn.execute(
        "INSERT INTO staging.staff_in_post BY NAME SELECT * FROM (VALUES "
        "('SY001', DATE '2023-03-31', 'x1', 'A1', 'UNKNOWN', TRUE, TRUE), "
        "('SY001', DATE '2024-03-31', 'x1', 'A1', 'BME', TRUE, TRUE), "
        "('SY001', DATE '2024-03-31', 'x2', 'A2', 'WHITE', FALSE, TRUE), "  # bank-only: ethnicity still known
        "('SY001', DATE '2024-03-31', 'x3', 'A3', 'UNKNOWN', TRUE, FALSE), "  # two assignments: counted one wins
        "('SY001', DATE '2024-03-31', 'x3', 'A4', 'WHITE', FALSE, TRUE)"
        ") t(org_code, snapshot_date, person_id, assignment_number, ethnic_group, is_counted, is_primary)"
    )
    run_sql(wh.conn, "create_intermediate_wres_person_ethnicity.sql")

    def at(person_id: str, d: date) -> str | None:
        row = wh.conn.execute(
            "SELECT ethnic_group FROM intermediate.wres_person_ethnicity WHERE person_id = ? AND ? BETWEEN valid_from AND valid_to",
            [person_id, d],
        ).fetchall()
        assert len(row) <= 1
        return row[0][0] if row else None

    assert at("x1", date(2022, 6, 1)) == "UNKNOWN"  # before the first snapshot: the earliest after
    assert at("x1", date(2023, 3, 31)) == "UNKNOWN"
    assert at("x1", date(2024, 3, 30)) == "UNKNOWN"  # most recent on or before
    assert at("x1", date(2024, 3, 31)) == "BME"
    assert at("x1", date(2025, 1, 1)) == "BME"  # after the last snapshot: the last
    assert at("x2", date(2023, 1, 1)) == "WHITE"
    assert at("x3", date(2024, 6, 1)) == "UNKNOWN"


def test_staging_contract_tables_exist_empty_on_a_fresh_connection(sql_conn):
    for table in ("applications", "er_cases", "training", "survey_aggregate", "survey_published", "board_members"):
        assert sql_conn.execute(f"SELECT count(*) FROM staging.{table}").fetchone() == (0,)


def test_every_asset_depends_only_on_assets_that_exist():
    from wres_pipeline.definitions import defs

    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    for node in graph.asset_nodes:  # no dependency on an undefined key (it would appear as an ownerless stub)
        assert {p.to_user_string() for p in node.parent_keys} <= keys, node.key
