"""WRES indicators 5-8 (staff survey, wres-indicators.md §5-8): respondent-level aggregation with the
indicator 6 OR rule, the question map by survey year, the one-year lag, < 11 suppression, Don't know
handling and the published-value fallback."""

from __future__ import annotations

from datetime import date

import polars as pl

from tests.test_indicator_support import ORG, with_methods
from tests.test_indicator_support import wh as wh  # noqa: F401  (fixture)


def aggregate(survey_year: int, item: str, counts: dict[str, tuple[int, int, int]]) -> list[dict]:
    """counts: ethnic group -> (answered incl. Don't know, positive, Don't know)."""
    return [{"org_code": ORG, "survey_year": survey_year, "breakdown_type": "all", "breakdown_value": "all",
             "ethnic_group": g, "item": item, "n_respondents_answered": a, "n_positive": p, "n_dont_know": dk}
            for g, (a, p, dk) in counts.items()]


def respondents(wh, rows: list[dict]) -> list[dict]:
    """Respondent rows -> staging.survey_aggregate rows through the shared macro."""
    wh.conn.register("respondent_rows", pl.DataFrame(rows, infer_schema_length=None))
    return wh.query("SELECT * FROM wres_survey_aggregate('respondent_rows') ORDER BY ethnic_group, item")


def test_section_5_3_worked_example_28_4_vs_23_1_gap_plus_5_3_with_one_year_lag(wh):
    # the 2022 survey feeds WRES 2023
    wh.rows("survey_aggregate", aggregate(2022, "q14a", {"BME": (310, 88, 0), "WHITE": (520, 120, 0),
                                                           "UNKNOWN": (40, 9, 0)})).run()
    row = wh.one(5, "all", "percent", period_end=date(2023, 3, 31))
    assert row["report_year"] == 2023 and row["period_type"] == "wres_year" and row["status"] == "OK"
    assert (round(row["bme_value"], 1), round(row["white_value"], 1)) == (28.4, 23.1) and row["value"] == row["bme_value"]
    assert (row["numerator"], row["denominator"], row["unknown_count"]) == (88, 310, 40)
    assert "survey_source=aggregate" in row["method_version"]
    (summary,) = wh.query("SELECT * FROM marts.wres_summary WHERE indicator = 5 AND report_year = 2023")
    assert summary["bme_minus_white_pp"] == 5.3 and summary["headline_display"] == 28.4


def test_fewer_than_11_responses_suppressed(wh):
    wh.rows("survey_aggregate", aggregate(2023, "q14a", {"BME": (10, 4, 0), "WHITE": (500, 100, 0)})).run()
    row = wh.one(5, "all", "percent")
    assert row["status"] == "SUPPRESSED_LT11" and row["value"] is None and row["bme_value"] is None
    assert row["numerator"] is None and row["white_value"] == 20.0 and row["suppressed_for_publication"] is True


def test_indicator_6_counts_a_respondent_with_either_item_and_never_averages_items(wh):
    # q14b = managers, q14c = colleagues; 1 = Never, 2-5 = at least once
    rows = [
        {"q14b": 1, "q14c": 2},  # colleagues only -> experienced
        {"q14b": 3, "q14c": 3},  # both -> experienced once
        {"q14b": 1, "q14c": 1},  # neither
        {"q14b": None, "q14c": 1},  # answered one item only: in the base
        {"q14b": None, "q14c": None},  # answered neither: not in the base
    ] * 3
    agg = respondents(wh, [{"survey_year": 2023, "org_code": ORG, "ethnic_group": "BME", "q14a": None, **r} for r in rows])
    (wres6,) = [a for a in agg if a["item"] == "wres6_staff_any"]
    assert (wres6["n_respondents_answered"], wres6["n_positive"]) == (12, 6)  # 50 %, not the item average
    assert wres6["breakdown_type"] == "all" and wres6["survey_year"] == 2023


def test_respondent_aggregation_codes_dont_know_and_the_year_map(wh):
    rows = [
        {"survey_year": 2023, "q14a": 1, "q15": 1, "q16b": 2},
        {"survey_year": 2023, "q14a": 5, "q15": 2, "q16b": 1},
        {"survey_year": 2023, "q14a": None, "q15": 9, "q16b": None},  # Don't know for q15
        {"survey_year": 2019, "q14a": 3, "q15": 1, "q16b": 1},  # 2019 numbering: q14a-q16b are other items
    ]
    agg = respondents(wh, [{"org_code": ORG, "ethnic_group": "WHITE", **r} for r in rows])
    got = {(a["survey_year"], a["item"]): (a["n_respondents_answered"], a["n_positive"], a["n_dont_know"]) for a in agg}
    assert got[(2023, "q14a")] == (2, 1, 0)
    assert got[(2023, "q15")] == (3, 1, 1)
    assert got[(2023, "q16b")] == (2, 1, 0)
    # 2019 used q13a / q14 / q15b: its q14a / q15 / q16b columns do not answer indicators 5, 7, 8
    assert {k for k in got if k[0] == 2019} == set()


def test_indicator_7_dont_know_excluded_by_default_or_kept_in_the_base(wh, settings):
    wh.rows("survey_aggregate", aggregate(2023, "q15", {"BME": (120, 50, 20), "WHITE": (300, 180, 0)})).run()
    assert wh.one(7, "all", "percent")["bme_value"] == 50.0  # 50 / (120 - 20)
    wh.run(with_methods(settings, ind7_dont_know="in_base"))
    row = wh.one(7, "all", "percent")
    assert round(row["bme_value"], 2) == round(100 * 50 / 120, 2) and "ind7_dont_know=in_base" in row["method_version"]


def test_question_map_is_keyed_by_survey_year(wh):
    # 2019 survey (WRES 2020): indicator 5 is q13a; a q14a item in that year answers nothing
    wh.rows("survey_aggregate", aggregate(2019, "q13a", {"BME": (100, 30, 0), "WHITE": (100, 20, 0)})
            + aggregate(2019, "q14a", {"BME": (100, 90, 0), "WHITE": (100, 90, 0)})).run()
    assert wh.one(5, "all", "percent", period_end=date(2020, 3, 31))["bme_value"] == 30.0


def test_published_values_when_there_are_no_aggregates_and_aggregates_win(wh):
    published = [
        {"org_code": ORG, "survey_year": 2022, "indicator": 7, "ethnic_group": "BME", "percent": 48.9, "n_responses": 300,
         "is_suppressed": False},
        {"org_code": ORG, "survey_year": 2022, "indicator": 7, "ethnic_group": "WHITE", "percent": 62.4,
         "n_responses": 900, "is_suppressed": False},
        {"org_code": ORG, "survey_year": 2022, "indicator": 8, "ethnic_group": "BME", "percent": None, "n_responses": None,
         "is_suppressed": True},  # '-' in the workbook
        {"org_code": ORG, "survey_year": 2022, "indicator": 8, "ethnic_group": "WHITE", "percent": 7.0,
         "n_responses": 900, "is_suppressed": False},
        {"org_code": ORG, "survey_year": 2022, "indicator": 5, "ethnic_group": "BME", "percent": 99.0, "n_responses": 300,
         "is_suppressed": False},
    ]
    wh.rows("survey_published", published)
    wh.rows("survey_aggregate", aggregate(2022, "q14a", {"BME": (310, 88, 0), "WHITE": (520, 120, 0)})).run()
    ind7 = wh.one(7, "all", "percent", period_end=date(2023, 3, 31))
    assert (ind7["bme_value"], ind7["white_value"], ind7["status"]) == (48.9, 62.4, "OK")
    assert "survey_source=published" in ind7["method_version"]
    (s7,) = wh.query("SELECT * FROM marts.wres_summary WHERE indicator = 7 AND report_year = 2023")
    assert s7["bme_minus_white_pp"] == -13.5  # the §5.3 action-plan example
    ind8 = wh.one(8, "all", "percent", period_end=date(2023, 3, 31))
    assert ind8["status"] == "SUPPRESSED_LT11" and ind8["value"] is None
    assert round(wh.one(5, "all", "percent", period_end=date(2023, 3, 31))["value"], 1) == 28.4  # aggregate wins
    assert wh.one(6, "all", "percent", period_end=date(2023, 3, 31))["status"] == "NO_DATA"


def test_a_survey_year_with_an_unverified_question_map_says_so_on_every_value(wh):
    # The 2025 survey (WRES 2026) is read with the 2021-2024 items, which nobody has checked against the 2025
    # questionnaire: the value is computed (43 / 200 = 21.5 %) and stamped survey_map=nss_2025_unverified; the
    # 2024 survey (WRES 2025) is stamped with its checked map.
    counts = {"BME": (200, 43, 0), "WHITE": (400, 60, 0)}
    wh.rows("survey_aggregate", aggregate(2025, "q14a", counts) + aggregate(2024, "q14a", counts)).run()
    unverified = wh.one(5, "all", "percent", period_end=date(2026, 3, 31))
    assert unverified["bme_value"] == 21.5 and unverified["white_value"] == 15.0
    assert unverified["method_version"].endswith(";survey_source=aggregate;survey_map=nss_2025_unverified")
    checked = wh.one(5, "all", "percent", period_end=date(2025, 3, 31))
    assert checked["method_version"].endswith(";survey_source=aggregate;survey_map=nss_2021_2024")
    (flag,) = wh.query("SELECT DISTINCT verified FROM ref.survey_question_map WHERE 2025 BETWEEN survey_year_from AND survey_year_to")
    assert flag["verified"] is False
