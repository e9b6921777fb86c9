"""The combined outputs: marts.wres_indicator_result (all nine indicators, §13.1 codes, checks clean),
marts.wres_return, the private CSV exports and the published warehouse, end to end."""

from __future__ import annotations

import csv
from datetime import date

import duckdb

from tests.test_indicator_2 import applications
from tests.test_indicator_3 import FY2024, cases
from tests.test_indicator_4 import attended
from tests.test_indicator_9 import members
from tests.test_indicator_support import ORG
from tests.test_indicator_support import wh as wh  # noqa: F401  (fixture)
from tests.test_indicator_survey import aggregate
from wres_pipeline.warehouse import published_path, query_sql, sql_text

MARCH = date(2024, 3, 31)


def _full_year(wh):
    wh.workforce(MARCH, white=3000, bme=1000, unknown=200)
    wh.workforce(date(2024, 6, 30), white=3010, bme=1005, unknown=200)  # a quarter-end monitoring snapshot
    wh.rows("applications", applications("WHITE", 1200, 300) + applications("BME", 800, 120))
    wh.rows("er_cases", cases("WHITE", 12, FY2024) + cases("BME", 9, FY2024))
    wh.rows("training", attended("WHITE", 900) + attended("BME", 250))
    for n, item in ((5, "q14a"), (6, "wres6_staff_any"), (7, "q15"), (8, "q16b")):
        wh.rows("survey_aggregate", aggregate(2023, item, {"BME": (310, 88, 0), "WHITE": (520, 115 + n, 0)}))
    wh.rows("board_members", members("WWWWWB", True, True, "e") + members("WWWWWBUW", False, True, "n"))
    return wh.run()


def test_every_indicator_in_the_long_table_with_clean_checks(wh):
    _full_year(wh)
    got = {(r["indicator"], r["subgroup"], r["measure"]) for r in wh.query(
        "SELECT * FROM marts.wres_indicator_result WHERE period_type = 'wres_year'")}
    assert {i for i, _, _ in got} == set(range(1, 10))
    assert {(2, "all", "relative_likelihood"), (3, "all:single_year", "relative_likelihood"),
            (3, "all:two_year_pooled", "relative_likelihood"), (4, "all", "coverage"), (6, "all", "percent"),
            (9, "board:non_voting", "percent_difference")} <= got
    for check in ("check_indicator_result_codes.sql", "check_indicator_rl_consistent.sql", "check_indicator_1_consistent.sql"):
        assert wh.conn.execute(sql_text(check)).fetchall() == [], check
    rl = wh.one(2, "all", "relative_likelihood")
    assert rl["ci_lower"] is not None and rl["range_class"] == "adverse" and rl["method_version"].startswith("wres-method-1")
    # indicator 1 at the June snapshot is a rolling_12m row of WRES year 2025
    june = wh.one(1, "overall:total", "headcount", date(2024, 6, 30))
    assert (june["period_type"], june["report_year"], june["value"]) == ("rolling_12m", 2025, 4215)


def test_return_has_one_line_per_row_of_the_template_with_the_long_tables_figures(wh):
    _full_year(wh)
    lines = {r["line_code"]: r for r in wh.query(
        "SELECT * FROM marts.wres_return WHERE report_year = 2024 ORDER BY line_order")}
    assert list(lines)[:2] == ["1 non_clinical under_band_1", "1 non_clinical band_1"]
    assert list(lines)[-5:] == [f"9 board {s}" for s in ("all", "voting", "executive", "non_executive", "non_voting")]
    overall = lines["1 overall total"]
    assert (overall["org_code"], overall["total_count"], overall["bme_count"], overall["bme_pct"]) == (ORG, 4200, 1000, 23.8)
    assert (lines["1 clinical band_8a"]["total_count"], lines["1 clinical band_8a"]["status"]) == (0, "EMPTY")
    ind2 = lines["2 all"]
    assert (ind2["white_population"], ind2["white_events"], ind2["relative_likelihood"]) == (1200, 300, 1.67)
    single, pooled = lines["3 all single_year"], lines["3 all two_year_pooled"]
    assert (single["bme_events"], single["relative_likelihood"], pooled["status"]) == (9, 2.25, "INSUFFICIENT_HISTORY")
    assert pooled["label"].endswith("(the published figure)")  # methods.ind3_published = two_year_pooled
    assert (lines["4 all"]["relative_likelihood"], lines["5 all"]["bme_pct"], lines["5 all"]["white_pct"]) == (1.2, 28.4, 23.1)
    voting = lines["9 board voting"]
    assert (voting["total_count"], voting["white_count"], voting["bme_count"], voting["unknown_count"]) == (14, 11, 2, 1)
    assert (voting["bme_pct"], voting["difference_pp"]) == (14.3, -9.5)
    assert query_sql(wh.conn, "check_wres_return_reconciles.sql", **wh.settings.sql_params()).fetchall() == []


def test_refresh_writes_the_return_and_its_anomalies_per_organisation_and_year_privately(esr_refreshed):
    result, settings = esr_refreshed  # the two-year staff-in-post inbox, refreshed once per session (conftest.py)
    assert result.success and all(c.passed for c in result.get_asset_check_evaluations())
    # the return holds unsuppressed counts: private outputs folder (owner-only), never the published folder
    private = settings.private_path()
    assert private == settings.paths.warehouse.with_name(f"{settings.paths.warehouse.name}-private")
    assert not (settings.paths.warehouse / "exports").exists()
    assert list(settings.paths.warehouse.rglob("wres_return*")) == []  # no return file anywhere BI tools look
    exports = sorted((private / "exports").glob("*.csv"))
    assert [p.name for p in exports] == ["wres_return_SY001_2023.csv", "wres_return_SY001_2024.csv",
                                         "wres_return_anomalies_SY001_2023.csv", "wres_return_anomalies_SY001_2024.csv"]
    assert {oct(p.stat().st_mode & 0o777) for p in (private, private / "exports")} == {"0o700"}
    assert {oct(p.stat().st_mode & 0o777) for p in exports} == {"0o400"}
    with exports[1].open() as fh:
        lines = {r["line_code"]: r for r in csv.DictReader(fh)}
    assert (lines["1 overall total"]["org_code"], lines["1 overall total"]["report_year"]) == ("SY001", "2024")
    assert (lines["1 overall total"]["bme_pct"], lines["2 all"]["status"]) == ("25.0", "NO_DATA")
    with exports[3].open() as fh:  # the year-on-year review list beside it (header only when nothing moved)
        assert fh.readline().startswith("org_code,report_year,line_order,line_code,label,figure,kind,previous_value")
        assert fh.readlines() == []  # the two years of this inbox move by less than the floors
    (export,) = [e.materialization.metadata for e in result.get_asset_materialization_events()
                 if e.asset_key.to_user_string() == "publish/wres_return_export"]
    assert (export["anomalies"].value, export["latest_year_anomalies"].value) == (0, [])
    with duckdb.connect(str(published_path(settings.paths.warehouse)), read_only=True) as conn:
        tables = {r[0] for r in conn.execute("SELECT schema_name || '.' || table_name FROM duckdb_tables()").fetchall()}
        statuses = dict(conn.execute("SELECT indicator, any_value(status) FROM marts.wres_indicator_result "
                                     "WHERE indicator > 1 GROUP BY 1").fetchall())
    assert {"marts.wres_summary", "ref.national_comparators", "ref.survey_question_map"} <= tables
    # the unsuppressed submission and its review list stay private (PRIVATE/exports/ only)
    assert {"marts.wres_return", "marts.wres_return_anomaly"}.isdisjoint(tables)
    assert statuses == dict.fromkeys(range(2, 10), "NO_DATA")  # no recruitment / ER / ... extracts yet
