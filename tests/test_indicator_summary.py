"""marts.wres_summary: change on the previous year, direction and gaps to comparators, against the
year-by-year rows of trust WRES documents (shared/seeds) and the spec's national figures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.test_indicator_support import ORG
from wres_pipeline.config import Settings
from wres_pipeline.warehouse import run_sql

IND2_SEED = [2.01, 1.05, 1.51, 1.14, 1.05, 1.21, 0.78, 0.78, 0.72]  # OHFT 2014/15 .. 2022/23
IND2_SEED_CHANGE = [None, -0.96, +0.46, -0.37, -0.09, +0.16, -0.43, 0.00, -0.06]
IND3_SEED = [5.07, 6.47, 4.64, 3.87, 1.66, 4.20, 2.44, 2.23, 3.22, 2.08]  # 2013/14 .. 2022/23
IND3_SEED_CHANGE = [None, +1.40, -1.83, -0.77, -2.21, +2.54, -1.76, -0.21, +0.99, -1.14]
IND7_BME_SEED = [51.7, 47.4, 45.2, 48.9, 48.9, 50.1]  # 2017/18 .. 2022/23
IND7_BME_SEED_CHANGE = [None, -4.3, -2.2, +3.7, 0.0, +1.2]


@pytest.fixture
def summary(sql_conn):
    sql_conn.execute(
        "CREATE TABLE marts.wres_indicator_result (org_code VARCHAR, report_year INTEGER, period_type VARCHAR, "
        "period_end DATE, indicator INTEGER, subgroup VARCHAR, measure VARCHAR, value DOUBLE, white_value DOUBLE, "
        "bme_value DOUBLE, status VARCHAR, method_version VARCHAR)"
    )

    def add(indicator, subgroup, measure, first_year, values, white=None, bme=None):
        for k, v in enumerate(values):
            y = first_year + k
            sql_conn.execute(
                "INSERT INTO marts.wres_indicator_result VALUES (?, ?, 'wres_year', ?, ?, ?, ?, ?, ?, ?, 'OK', 'mv')",
                [ORG, y, date(y, 3, 31), indicator, subgroup, measure, v, white[k] if white else None,
                 bme[k] if bme else v],
            )

    def build(settings: Settings | None = None) -> dict:
        params = (settings or Settings()).sql_params()
        run_sql(sql_conn, "create_ref_national_comparators.sql", **params)
        run_sql(sql_conn, "create_marts_wres_summary.sql", **params)
        cur = sql_conn.execute("SELECT * FROM marts.wres_summary ORDER BY indicator, breakdown, report_year")
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
        return {(r["indicator"], r["breakdown"], r["report_year"]): r for r in rows}

    return add, build


def _series(rows: dict, indicator: int, breakdown: str, first_year: int, n: int, col: str) -> list:
    return [rows[(indicator, breakdown, first_year + k)][col] for k in range(n)]


def test_indicator_2_change_and_direction_reproduce_the_seed_rows(summary):
    add, build = summary
    # unrounded values that display as the seed's: changes are on the displayed values, like the seed
    add(2, "all", "relative_likelihood", 2015, [v + 0.0031 for v in IND2_SEED])
    rows = build()
    assert _series(rows, 2, "all", 2015, 9, "headline_display") == IND2_SEED
    assert _series(rows, 2, "all", 2015, 9, "change") == IND2_SEED_CHANGE
    assert _series(rows, 2, "all", 2015, 9, "direction") == [
        None, "improved", "worsened", "improved", "improved", "worsened", "improved", "unchanged", "improved"]
    assert rows[(2, "all", 2015)]["better_when"] == "lower"


def test_indicator_3_published_variant_change_reproduces_the_seed_rows(summary):
    add, build = summary
    add(3, "all:two_year_pooled", "relative_likelihood", 2014, IND3_SEED)
    add(3, "all:single_year", "relative_likelihood", 2014, [9.99] * 10)  # not the published variant
    rows = build()
    assert _series(rows, 3, "all:two_year_pooled", 2014, 10, "change") == IND3_SEED_CHANGE
    assert (3, "all:single_year", 2014) not in rows
    assert rows[(3, "all:two_year_pooled", 2015)]["direction"] == "worsened"
    # national 1.14 in 2022 and 1.03 in 2023 (wres-indicators.md §3): gap = trust - national
    assert rows[(3, "all:two_year_pooled", 2022)]["national_value"] == 1.14
    assert rows[(3, "all:two_year_pooled", 2022)]["gap_to_national"] == 2.08
    assert rows[(3, "all:two_year_pooled", 2023)]["gap_to_national"] == 1.05


def test_indicator_7_higher_is_better_and_percent_changes_in_pp(summary):
    add, build = summary
    add(7, "all", "percent", 2018, IND7_BME_SEED, white=[62.6, 60.7, 60.3, 62.9, 62.4, 62.7])
    rows = build()
    assert _series(rows, 7, "all", 2018, 6, "change") == IND7_BME_SEED_CHANGE
    assert _series(rows, 7, "all", 2018, 6, "direction") == [None, "worsened", "worsened", "improved", "unchanged",
                                                             "improved"]
    assert rows[(7, "all", 2022)]["bme_minus_white_pp"] == -13.5  # 48.9 vs 62.4


def test_indicator_4_closer_to_parity_is_better(summary):
    add, build = summary
    add(4, "all", "relative_likelihood", 2021, [1.30, 0.90, 1.10, 1.10, 0.80])
    rows = build()
    assert _series(rows, 4, "all", 2021, 5, "direction") == [None, "improved", "unchanged", "unchanged", "worsened"]
    assert _series(rows, 4, "all", 2021, 5, "change") == [None, -0.40, 0.20, 0.0, -0.30]


def test_indicator_9_and_bands_8a_plus_closer_to_the_workforce_is_better(summary, sql_conn):
    add, build = summary
    add(9, "board:voting", "percent_difference", 2022, [-9.5, -5.0, 6.0], bme=[14.3, 18.8, 29.8])
    add(1, "overall:total", "percent", 2022, [23.8, 23.8, 26.0])
    # bands 8a+ (indicator 1's afc:band_8a_plus row): 40 staff with 4, 5, 12 BME, so BME % = 10 %, 12.5 %, 30 %
    for y, (total, white, bme) in zip((2022, 2023, 2024), ((40, 36, 4), (40, 35, 5), (40, 28, 12)), strict=True):
        sql_conn.execute(
            "INSERT INTO marts.wres_indicator_result VALUES (?, ?, 'wres_year', ?, 1, 'afc:band_8a_plus', 'percent', "
            "?, ?, ?, 'OK', 'mv')", [ORG, y, date(y, 3, 31), 100 * bme / total, 100 * white / total, 100 * bme / total])
    rows = build()
    assert _series(rows, 9, "board:voting", 2022, 3, "direction") == [None, "improved", "worsened"]
    band = _series(rows, 1, "afc:band_8a_plus", 2022, 3, "headline_value")
    assert band == [10.0, 12.5, 30.0]
    assert _series(rows, 1, "afc:band_8a_plus", 2022, 3, "gap_to_workforce_pp") == [-13.8, -11.3, 4.0]
    assert _series(rows, 1, "afc:band_8a_plus", 2022, 3, "direction") == [None, "improved", "improved"]
    # the overall workforce share is descriptive; its comparator is the national BME share
    overall = rows[(1, "overall:total", 2022)]
    assert overall["better_when"] is None and overall["direction"] is None
    assert (overall["national_value"], overall["gap_to_national"]) == (24.2, -0.4)


def test_regional_and_ics_comparators_from_a_trust_csv(summary, tmp_path):
    add, build = summary
    add(1, "overall:total", "percent", 2021, [20.0])
    add(2, "all", "relative_likelihood", 2023, [1.09])
    extra = Path(tmp_path / "ics.csv")
    extra.write_text("scope,scope_code,indicator,subgroup,report_year,value,source\n"
                     "ics,QU9,2,all,2023,1.35,ICS WRES summary\n"
                     "national,ENG,2,all,2023,1.60,a corrected national figure (later file wins)\n")
    settings = Settings(comparators={"extra_files": (extra,), "region_code": "Y59", "ics_code": "QU9"})
    rows = build(settings)
    assert (rows[(1, "overall:total", 2021)]["region_value"], rows[(1, "overall:total", 2021)]["gap_to_region"]) == (
        22.1, -2.1)
    two = rows[(2, "all", 2023)]
    assert (two["ics_value"], two["gap_to_ics"], two["national_value"], two["gap_to_national"]) == (1.35, -0.26, 1.60, -0.51)


def test_unrounded_change_basis_is_configurable(summary):
    add, build = summary
    add(2, "all", "relative_likelihood", 2022, [1.004, 0.996])
    settings = Settings(methods={"summary_change_basis": "unrounded"})
    rows = build(settings)
    assert round(rows[(2, "all", 2023)]["change"], 6) == -0.008 and rows[(2, "all", 2023)]["direction"] == "improved"
    rows = build()  # displayed: 1.00 -> 1.00
    assert rows[(2, "all", 2023)]["change"] == 0.0 and rows[(2, "all", 2023)]["direction"] == "unchanged"
