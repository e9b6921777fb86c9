"""Disclosure across tables (NHS England WRES publication rule: no count of 1-4 people, nor one that can be
worked out from published figures). Indicator 1 blanks small counts and the cells that would give them back
within its own table; these tests are about the other tables that repeat or recompute its cells (the board's
difference from the workforce BME %, the populations of indicators 3 and 4) and the survey bases, and about
sql/check_publication_disclosure.sql, which every publication runs and which fails it when any blanked cell
can still be recovered. Figures are worked out by hand in each test."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl
import pytest

from tests.test_disclosure import COLUMNS
from wres_pipeline import disclosure
from wres_pipeline.warehouse import query_sql, run_sql

END = date(2024, 3, 31)


def _ind1(org: str, cells: dict[str, tuple[int, int, int]], end: date = END) -> list[dict]:
    rows = []
    for sub, (w, b, u) in cells.items():
        t = w + b + u
        base = {"org_code": org, "period_type": "wres_year", "period_end": end, "indicator": 1, "subgroup": sub,
                "status": "OK", "unknown_count": u}
        rows.append(base | {"measure": "headcount", "value": t, "white_value": w, "bme_value": b, "unknown_value": u})
        rows.append(base | {"measure": "percent", "value": 100 * b / t, "white_value": 100 * w / t,
                            "bme_value": 100 * b / t, "unknown_value": 100 * u / t, "numerator": b, "denominator": t})
    return rows


def _row(org: str, indicator: int, subgroup: str, measure: str, **values) -> dict:
    return {"org_code": org, "period_type": "wres_year", "period_end": END, "indicator": indicator,
            "subgroup": subgroup, "measure": measure, "status": "OK"} | values


# SY001: 105 staff, 3 BME (primary) and 2 Unknown (primary). Its board: 10 voting members, 1 BME = 10 %;
# the difference from the workforce, 10 - 100 * 3 / 105 = 7.14 pp, would give back 2.857 % x 105 = 3 people.
SY001 = {"non_clinical:band_3": (40, 3, 0), "non_clinical:total": (40, 3, 0),
         "clinical:band_5": (60, 0, 2), "clinical:total": (60, 0, 2), "overall:total": (100, 3, 2)}
# SY002: 533 staff; 3 Unknown in band 3 (primary) make band 3's 10 BME, the non-clinical total's 10 BME and
# the overall 30 BME secondary (see test_secondary_cascade_of_sy002): indicator 3's BME population (30, the
# workforce at 31 March) and the two-year pooled one (30 + last year's published 28) must not give it back.
SY002 = {"non_clinical:band_3": (200, 10, 3), "non_clinical:total": (200, 10, 3),
         "clinical:band_5": (300, 20, 0), "clinical:total": (300, 20, 0), "overall:total": (500, 30, 3)}
PRIVATE = pl.DataFrame(
    _ind1("SY001", SY001) + _ind1("SY002", SY002)
    + _ind1("SY002", {"non_clinical:band_3": (190, 8, 5), "non_clinical:total": (190, 8, 5),
                      "clinical:band_5": (290, 20, 5), "clinical:total": (290, 20, 5),
                      "overall:total": (480, 28, 10)}, end=date(2023, 3, 31))
    + [
        _row("SY001", 9, "board:voting", "percent_difference", value=10.0 - 100 * 3 / 105, bme_value=10.0,
             white_value=90.0, numerator=1, denominator=10),
        _row("SY002", 3, "all:single_year", "relative_likelihood", value=1.2, white_events=25, white_population=500,
             bme_events=6, bme_population=30, white_value=0.05, bme_value=0.2),
        _row("SY002", 3, "all:two_year_pooled", "relative_likelihood", value=1.1, white_events=45, white_population=980,
             bme_events=11, bme_population=58, white_value=0.046, bme_value=0.19),
        _row("SY002", 4, "all", "relative_likelihood", value=1.05, white_events=200, white_population=500,
             bme_events=12, bme_population=30, white_value=0.4, bme_value=0.4),
        # 7 BME respondents (< 11): no percentage and no base; 4 Unknown respondents: no count either
        _row("SY001", 5, "all", "percent", status="SUPPRESSED_LT11", value=None, bme_value=None, white_value=30.0,
             numerator=None, denominator=7, unknown_count=4),
    ], schema=COLUMNS)


@pytest.fixture(scope="module")
def published() -> pl.DataFrame:
    return disclosure.apply(PRIVATE, suppress_below=5, survey_min=11)


def _one(frame: pl.DataFrame, org: str, indicator: int, subgroup: str, measure: str, end: date = END) -> dict:
    return frame.filter((pl.col("org_code") == org) & (pl.col("indicator") == indicator) & (pl.col("subgroup") == subgroup)
                        & (pl.col("measure") == measure) & (pl.col("period_end") == end)).row(0, named=True)


def test_secondary_cascade_of_sy002(published):
    overall = _one(published, "SY002", 1, "overall:total", "headcount")
    assert overall["unknown_value"] is None and overall["bme_value"] is None  # 3 primary, 30 secondary
    assert overall["white_value"] == 500 and overall["value"] == 533


def test_the_board_difference_is_blanked_when_the_workforce_bme_percent_is(published):
    board = _one(published, "SY001", 9, "board:voting", "percent_difference")
    assert board["value"] is None and board["suppression_rule"] == "derived"
    assert (board["bme_value"], board["numerator"], board["denominator"]) == (10.0, 1, 10)  # the board itself stays


def test_populations_repeating_a_blanked_workforce_count_are_blanked_with_their_rates(published):
    single = _one(published, "SY002", 3, "all:single_year", "relative_likelihood")
    assert single["bme_population"] is None and single["white_population"] == 500
    assert single["value"] is None and single["bme_value"] is None and single["suppression_rule"] == "secondary"
    pooled = _one(published, "SY002", 3, "all:two_year_pooled", "relative_likelihood")
    assert pooled["bme_population"] is None and pooled["value"] is None  # 58 - 28 = 30 otherwise
    assert _one(published, "SY002", 4, "all", "relative_likelihood")["bme_population"] is None


def test_no_base_or_unknown_count_for_a_survey_group_under_11(published):
    survey = _one(published, "SY001", 5, "all", "percent")
    assert survey["denominator"] is None and survey["unknown_count"] is None and survey["suppression_rule"] == "survey_lt11"


def _check(private: pl.DataFrame, published_frame: pl.DataFrame) -> list[tuple]:
    conn = duckdb.connect()
    conn.execute("CREATE SCHEMA marts; CREATE SCHEMA ref; ATTACH ':memory:' AS published; CREATE SCHEMA published.marts")
    run_sql(conn, "create_ref_indicator_1_row.sql")
    conn.register("priv", private)
    conn.register("pub", published_frame)
    conn.execute("CREATE TABLE marts.wres_indicator_result AS SELECT * FROM priv")
    conn.execute("CREATE TABLE published.marts.wres_indicator_result AS SELECT * FROM pub")
    conn.execute("CREATE TABLE published.marts.workforce_profile (org_code VARCHAR, period_type VARCHAR, "
                 "period_end DATE, breakdown_type VARCHAR, breakdown_value VARCHAR, n_white BIGINT, n_bme BIGINT, "
                 "n_unknown BIGINT, n_total BIGINT)")
    return query_sql(conn, "check_publication_disclosure.sql", suppress_below=5, survey_min_responses=11).fetchall()


def test_the_publication_check_finds_nothing_to_recover_in_the_published_copy(published):
    assert _check(PRIVATE, published) == []


def test_the_publication_check_recovers_each_cell_the_cross_table_rules_protect(published):
    """The same copy with the cross-table blanks undone (the publication before these rules): the check names
    every cell that comes back and how."""
    undone = pl.concat([
        published.filter(~pl.col("indicator").is_in([3, 4, 5, 9])),
        PRIVATE.filter(pl.col("indicator").is_in([3, 4, 5, 9])).with_columns(
            **dict.fromkeys(("suppression_rule", *disclosure.CELL_RULE_COLUMNS.values()), pl.lit(None, pl.String))),
    ], how="vertical_relaxed")
    found = {(org, cell, how) for org, _, _, cell, how in _check(PRIVATE, undone)}
    assert ("SY001", "indicator 1 overall:total percent bme_value",
            "board BME % - difference from the workforce (indicator 9 board:voting)") in found
    assert ("SY001", "indicator 1 overall:total headcount bme_value",
            "board BME % - difference from the workforce (indicator 9 board:voting)") in found
    assert ("SY002", "indicator 1 overall:total headcount bme_value",
            "population of indicator 3 all:single_year; population of indicator 4 all") in found
    assert ("SY001", "indicator 5 all percent denominator", "published count below 11") in found
    assert ("SY001", "indicator 5 all percent unknown_count", "published count below 11") in found


def test_the_publication_check_recovers_a_cell_from_its_row_and_column(published):
    """A copy that blanked only the primary cells (secondary ones shown again): SY002's 3 Unknown come back
    as 533 - 500 - 30 from the overall row, and as 13 - 10 in band 3's row."""
    restored = {c: pl.when(pl.col(c).is_null() & (PRIVATE[c] >= 5) & (pl.col("measure") == "headcount"))
                .then(PRIVATE[c]).otherwise(pl.col(c)) for c in ("value", "white_value", "bme_value", "unknown_value")}
    found = {(org, cell, how) for org, _, _, cell, how in _check(PRIVATE, published.with_columns(**restored))}
    assert ("SY002", "indicator 1 overall:total headcount unknown_value", "row: White + BME + Unknown = total") in found
    assert ("SY002", "indicator 1 non_clinical:band_3 headcount unknown_value", "row: White + BME + Unknown = total") in found
