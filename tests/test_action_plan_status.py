"""Action-plan tracking: computed RAG, trajectory and projection on hand-made targets; overdue actions."""

from __future__ import annotations

import statistics
from datetime import date

import polars as pl
import pytest

from tests.conftest import stage_source, write_csv_extract
from wres_pipeline.config import ActionPlan, Settings
from wres_pipeline.warehouse import run_sql

Q = [date(2025, 3, 31), date(2025, 6, 30), date(2025, 9, 30), date(2025, 12, 31)]
TITLE = ["WRES Action Plan 2025/26"]


def _values(indicator, subgroup, measure, column, values, dates=Q):
    """Publishable values; None = blanked by disclosure control."""
    return [{"org_code": "SY001", "period_type": "wres_year" if d.month == 3 else "rolling_12m", "period_end": d,
             "indicator": indicator, "subgroup": subgroup, "measure": measure,
             "value": v if column == "value" else None, "bme_value": v if column == "bme_value" else None,
             "white_value": None, "suppression_rule": "derived" if v is None else None}
            for d, v in zip(dates, values, strict=True)]


def _status(sql_conn, tmp_path, rows, targets, actions=()):
    frame = pl.DataFrame(rows, schema_overrides={"value": pl.Float64, "bme_value": pl.Float64, "white_value": pl.Float64})
    sql_conn.register("frame", frame)
    sql_conn.execute("CREATE TABLE intermediate.wres_indicator_result_publishable AS SELECT * FROM frame")
    sql_conn.execute("CREATE OR REPLACE TABLE marts.wres_indicator_result AS SELECT * FROM frame")
    folder = tmp_path / "action_plan"
    header = ["Metric", "Breakdown", "Target", "Direction", "Due Date"]
    write_csv_extract(folder / "WRES_Action_Plan_Targets_SY001_2025-26.csv", header,
                      [dict(zip(header, r, strict=True)) for r in targets], TITLE)
    header = ["No", "Metric", "Action", "Outcome", "Lead", "Timeline", "Progress", "RAG"]
    write_csv_extract(folder / "WRES_Action_Plan_SY001_2025-26.csv", header,
                      [dict(zip(header, r, strict=True)) for r in actions], TITLE)
    settings = Settings(action_plan=ActionPlan(as_of=date(2025, 12, 31)))
    stage_source(sql_conn, tmp_path, "action_plan_targets", settings)
    stage_source(sql_conn, tmp_path, "action_plan_actions", settings)
    run_sql(sql_conn, "create_marts_action_plan_actions.sql", **settings.sql_params())
    run_sql(sql_conn, "create_marts_action_plan_status.sql", **settings.sql_params())
    return {r["target_label"]: r for r in sql_conn.execute(
        "SELECT * FROM marts.action_plan_status WHERE is_latest").pl().iter_rows(named=True)}


@pytest.fixture
def status(sql_conn, tmp_path):
    rows = (
        _values(2, "all", "relative_likelihood", "value", [1.40, 1.28, 1.16, 1.04])  # A
        + _values(7, "all", "percent", "bme_value", [50.0], dates=Q[:1])  # B
        + _values(1, "overall:total", "percent", "bme_value", [20.0, 20.5, 20.2, 20.4])  # C
        + _values(3, "all:two_year_pooled", "relative_likelihood", "value", [1.30, 1.20, 1.10, 1.05])  # D
        + _values(1, "clinical:band_5", "headcount", "bme_value", [6.0, 7.0, 8.0, None])  # E (latest blanked)
        + _values(4, "all", "relative_likelihood", "value", [1.20, 1.10, 1.08, 1.05])  # F
        + _values(1, "non_clinical:band_6", "percent", "bme_value", [10.0, 14.0, 14.4, 14.8])  # G
    )
    targets = [
        ("Indicator 2", "All posts", "1.00", "at most", "31/03/2026"),
        ("Indicator 7", "BME", "69%", "at least", "31/03/2026"),
        ("Indicator 1", "Overall", "30%", "at least", "31/03/2026"),
        ("Indicator 3", "All staff", "1.14", "at most", "31/03/2026"),
        ("Indicator 1", "Clinical Band 5", "10", "at least", "31/03/2026"),
        ("Indicator 4", "All staff", "1.00", "at most", "30/09/2025"),
        ("Indicator 1", "Non-clinical Band 6", "19%", "at least", "31/03/2026"),
    ]
    actions = [
        ("2.1", "Metric 2", "Diverse panels", "", "Head of Recruitment", "June 2025", "Delayed", "Red"),
        ("2.2", "Metric 2", "Interview coaching", "", "Network Chair", "June 2025", "Completed", "Green"),
        ("2.3", "Metric 2", "Review", "", "Head of Recruitment", "Ongoing", "", "Amber"),
        ("3.1", "Metric 3", "Checklist", "", "Head of ER", "March 2026", "", "Green"),
    ]
    return _status(sql_conn, tmp_path, rows, targets, actions)


def test_on_trajectory_and_projected_to_meet_is_green(status):
    """Indicator 2 at most 1.00 by 31/03/2026; baseline 1.40 at 31/03/2025, latest 1.04 at 31/12/2025.

    Trajectory at 31/12/2025: 1.40 + (1.00 - 1.40) x 275 / 365 = 1.09863; 1.04 <= 1.09863: on trajectory.
    Projection: least squares through (0, 1.40), (91, 1.28), (183, 1.16), (275, 1.04) (days after
    31/03/2025), at day 365: about 0.92 <= 1.00. -> GREEN.
    """
    a = status["Indicator 2 - All posts"]
    assert (a["baseline_value"], a["latest_value"]) == (1.40, 1.04)
    assert a["trajectory_value"] == pytest.approx(1.40 - 0.40 * 275 / 365)
    slope, intercept = statistics.linear_regression([0, 91, 183, 275], [1.40, 1.28, 1.16, 1.04])
    assert a["projected_value"] == pytest.approx(intercept + slope * 365)
    assert a["is_on_trajectory"] and a["is_projected_met"] and not a["is_met"]
    assert (a["computed_rag"], a["rag_reason"]) == ("GREEN", "on trajectory, trend meets the target")
    # Register: 2.1 Red and overdue (due 30/06/2025, not complete), 2.2 complete, 2.3 Ongoing (no due date).
    assert (a["register_rag"], a["n_actions"], a["n_actions_overdue"], a["n_actions_complete"]) == ("RED", 3, 1, 1)


def test_far_behind_with_a_flat_trend_is_red(status):
    """Indicator 1 overall BME % at least 30 %; baseline 20.0, latest 20.4. Trajectory 20 + 10 x 275/365 =
    27.534: shortfall 7.13 > 0.25 x 10 (amber tolerance); trend ~20.6 at the due date -> RED."""
    c = status["Indicator 1 - Overall"]
    assert c["trajectory_value"] == pytest.approx(20 + 10 * 275 / 365)
    assert c["shortfall_vs_trajectory"] == pytest.approx(20 + 10 * 275 / 365 - 20.4)
    assert c["computed_rag"] == "RED" and c["projected_value"] < 30


def test_slightly_behind_is_amber_within_the_tolerance(status):
    """Non-clinical band 6 BME % at least 19 %: baseline 10, latest 14.8; trajectory 10 + 9 x 275/365 = 16.781;
    shortfall 1.981 <= 0.25 x 9 = 2.25 -> AMBER; projection ~16.97 < 19 (not met)."""
    g = status["Indicator 1 - Non-clinical Band 6"]
    assert g["shortfall_vs_trajectory"] == pytest.approx(10 + 9 * 275 / 365 - 14.8)
    assert not g["is_projected_met"]
    assert (g["computed_rag"], g["rag_reason"]) == (
        "AMBER", "slightly behind the trajectory (within action_plan.amber_tolerance)")


def test_met_due_blanked_and_annual_targets(status):
    assert status["Indicator 3 - All staff"]["computed_rag"] == "GREEN"  # 1.05 <= 1.14: already met
    f = status["Indicator 4 - All staff"]  # due 30/09/2025, before the as-of date, 1.05 > 1.00
    assert (f["is_due"], f["computed_rag"], f["rag_reason"]) == (True, "RED", "due date reached, target not met")
    e = status["Indicator 1 - Clinical Band 5"]  # the latest published value is blanked: never guessed
    assert (e["latest_value"], e["latest_period_end"], e["computed_rag"]) == (8.0, date(2025, 9, 30), "AMBER")
    b = status["Indicator 7 - BME"]  # survey: one value a year, nothing since the baseline yet
    assert (b["computed_rag"], b["rag_reason"]) == ("NO_DATA", "no value since the baseline")


def test_amber_tolerance_is_configurable(sql_conn, status):
    settings = Settings(action_plan=ActionPlan(as_of=date(2025, 12, 31), amber_tolerance=0.1))
    run_sql(sql_conn, "create_marts_action_plan_status.sql", **settings.sql_params())
    rag = sql_conn.execute("SELECT computed_rag FROM marts.action_plan_status "
                           "WHERE target_label = 'Indicator 1 - Non-clinical Band 6' AND is_latest").fetchone()
    assert rag == ("RED",)


def test_overdue_actions(sql_conn, status):
    got = sql_conn.execute("SELECT action_number, due_date, is_complete, is_overdue, days_overdue "
                           "FROM marts.action_plan_actions WHERE is_latest ORDER BY action_number").fetchall()
    assert got == [("2.1", date(2025, 6, 30), False, True, 184), ("2.2", date(2025, 6, 30), True, False, None),
                   ("2.3", None, False, False, None), ("3.1", date(2026, 3, 31), False, False, None)]


def test_every_afc_band_is_the_lowest_band_and_unknown_when_a_blanked_band_could_be_lower(sql_conn, tmp_path):
    """'Every AfC band' at least 19 %: the lowest published BME % of the AfC band rows (medical grades and
    totals are not AfC bands). A blanked band could be lower than the published ones: the lowest published
    value stands when it already misses the target, else the quarter has no value.

    31/03/2025  band 5 25.0, band 3 15.0, band 8c blanked, medical 2.0 -> 15.0 (< 19 whatever 8c is)
    30/06/2025  26.0, 16.0, 30.0                                       -> 16.0
    30/09/2025  27.0, 17.0, 30.0                                       -> 17.0
    31/12/2025  28.0, band 3 blanked, 30.0                             -> none (28.0 >= 19, band 3 unknown)
    Baseline 15.0, latest 17.0 at 30/09/2025 (not 28.0, which would claim the target met).
    """
    rows = (_values(1, "clinical:band_5", "percent", "bme_value", [25.0, 26.0, 27.0, 28.0])
            + _values(1, "non_clinical:band_3", "percent", "bme_value", [15.0, 16.0, 17.0, None])
            + _values(1, "clinical:band_8c", "percent", "bme_value", [None, 30.0, 30.0, 30.0])
            + _values(1, "medical:consultant", "percent", "bme_value", [2.0, 2.0, 2.0, 2.0])
            + _values(1, "clinical:total", "percent", "bme_value", [18.0, 18.0, 18.0, 18.0]))
    got = _status(sql_conn, tmp_path, rows, [("Indicator 1", "Every AfC band", "19%", "at least", "31/03/2026")],
                  [("1.1", "Metric 1", "Reverse mentoring", "", "Director of People", "March 2026", "", "Green")])
    row = got["Indicator 1 - Every AfC band"]
    assert (row["subgroup"], row["baseline_value"], row["baseline_period_end"]) == ("afc:every_band", 15.0, Q[0])
    assert (row["latest_value"], row["latest_period_end"], row["is_met"]) == (17.0, Q[2], False)
    assert row["trend_points"] == 3


def test_a_baseline_is_never_taken_from_after_the_due_date(sql_conn, tmp_path):
    # Indicator 4 at most 1.00 by 31/12/2024: the first published value is 31/03/2025, after the due date, so
    # there is no baseline (it was 1.20, the value at 31/03/2025, before); the target is judged on its latest
    # value only: due date reached, 1.05 > 1.00 -> RED.
    rows = _values(4, "all", "relative_likelihood", "value", [1.20, 1.10, 1.08, 1.05])
    got = _status(sql_conn, tmp_path, rows, [("Indicator 4", "All staff", "1.00", "at most", "31/12/2024")],
                  [("4.1", "Metric 4", "Open CPD", "", "Head of Learning", "June 2025", "", "Green")])
    row = got["Indicator 4 - All staff"]
    assert (row["baseline_value"], row["baseline_period_end"], row["latest_value"]) == (None, None, 1.05)
    assert (row["computed_rag"], row["rag_reason"]) == ("RED", "due date reached, target not met")


def test_each_target_is_also_judged_as_at_31_march_of_each_wres_year_since_its_plan_started(sql_conn, tmp_path):
    """A report of year N shows the plan as it stood on 31 March N. Plan 2025/26 (baseline date 31/03/2025):
    indicator 2 at most 1.00 by 31/03/2026 with values 1.40 (31/03/2025) .. 1.04 (31/12/2025) and one more year
    end, 31/03/2026 = 0.98. As at 31/03/2026 (the latest): 0.98 <= 1.00, due -> GREEN. Action 2.1 (due June
    2025, not done) is 274 days overdue then. There is no row as at 31/03/2025: the plan had not started."""
    rows = _values(2, "all", "relative_likelihood", "value", [1.40, 1.28, 1.16, 1.04, 0.98], dates=[*Q, date(2026, 3, 31)])
    targets = [("Indicator 2", "All posts", "1.00", "at most", "31/03/2026")]
    actions = [("2.1", "Metric 2", "Diverse panels", "", "Head of Recruitment", "June 2025", "Delayed", "Red")]
    _status(sql_conn, tmp_path, rows, targets, actions)
    # action_plan.as_of (31/12/2025 in _status) is the latest; 31/03/2026 is after it, so no year-end row then:
    # judge without a fixed as-of instead
    settings = Settings()
    run_sql(sql_conn, "create_marts_action_plan_actions.sql", **settings.sql_params())
    run_sql(sql_conn, "create_marts_action_plan_status.sql", **settings.sql_params())
    got = sql_conn.execute("SELECT as_of_date, is_latest, latest_value, computed_rag, n_actions_overdue "
                           "FROM marts.action_plan_status ORDER BY as_of_date").fetchall()
    assert got == [(date(2026, 3, 31), True, 0.98, "GREEN", 1)]
    overdue = sql_conn.execute("SELECT as_of_date, days_overdue FROM marts.action_plan_actions ORDER BY 1").fetchall()
    assert overdue == [(date(2025, 3, 31), None), (date(2026, 3, 31), 274)]
