"""WRES action plan (seed 004 register, targets table): staging, quarantine, reconciliation, generator truth."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.conftest import stage_source, write_csv_extract
from wres_synth import generate

REGISTER = ["No", "Metric", "Action", "Outcome", "Lead", "Timeline", "Progress", "RAG"]
TARGETS = ["Metric", "Breakdown", "Target", "Direction", "Due Date"]
TITLE = ["WRES Action Plan 2024/25", "Organisation: 638 Synthetic Test NHS Trust"]


def _register(tmp_path, rows):
    write_csv_extract(tmp_path / "action_plan" / "WRES_Action_Plan_SY001_2024-25.csv", REGISTER,
                      [dict(zip(REGISTER, r, strict=True)) for r in rows], TITLE)


def _targets(tmp_path, rows):
    write_csv_extract(tmp_path / "action_plan" / "WRES_Action_Plan_Targets_SY001_2024-25.csv", TARGETS,
                      [dict(zip(TARGETS, r, strict=True)) for r in rows], TITLE)


def test_register_rows_inherit_their_metric_and_parse_timelines(sql_conn, tmp_path, settings):
    _register(tmp_path, [
        ("1.", "Metric 1 % of BME staff in each AfC pay band. Goal 10.63% by March 2025.", "1.1) Increase BME applicants",
         "More applicants", "Head of Recruitment", "March 2025", "", ""),
        ("", "", "Carry out 6 community engagement events", "Awareness", "Head of Recruitment", "Dec 2024",
         "SAHM event held", "G"),
        ("", "METIRC 3 Relative likelihood of entering the formal disciplinary process", "3.1) Employment law update",
         "", "Head of ER", "Ongoing", "Completed", "Amber"),
        ("", "", "Undertake 3 case reviews", "", "Head of ER", "31st March 2025", "", "Blue"),
        ("", "", "Deep dive", "", "Head of ER", "October 2024", "", "purple"),
    ])
    stage_source(sql_conn, tmp_path, "action_plan_actions", settings)
    got = sql_conn.execute(
        "SELECT plan_year, metric_number, action_number, due_date, is_ongoing, rag, is_complete "
        "FROM staging.action_plan_actions ORDER BY row_number").fetchall()
    assert got == [
        (2025, 1, "1", date(2025, 3, 31), False, None, False),
        (2025, 1, None, date(2024, 12, 31), False, "GREEN", False),
        (2025, 3, None, None, True, "AMBER", True),
        (2025, 3, None, date(2025, 3, 31), False, "BLUE", True),
    ]
    (message,) = sql_conn.execute("SELECT message FROM staging.quarantine_action_plan_actions").fetchone()
    assert message == (
        'REJECT_ROW AP_ACT-003 WRES_Action_Plan_SY001_2024-25.csv row 9 column "RAG" value "purple": not a '
        "recognised RAG status; expected Red, Amber, Green or Blue (complete), or R / A / G / B.")
    assert sql_conn.execute("SELECT * FROM wres_reconcile('raw.action_plan_actions', 'staging.action_plan_actions', "
                            "'staging.quarantine_action_plan_actions')").fetchall() == []


def test_targets_resolve_to_indicator_values_and_bad_rows_are_quarantined(sql_conn, tmp_path, settings):
    _targets(tmp_path, [
        ("Indicator 1", "Overall", "10.63%", "at least", "31/03/2025"),
        ("Indicator 1", "Non-clinical Band 8b", "4", "", ""),
        ("Indicator 3", "All staff", "1.14", "at most", "March 2025"),
        ("Indicator 7", "BME", "69%", "≥", ""),
        ("Indicator 9", "Voting board", "20%", "at least", ""),
        ("Indicator 12", "All", "1", "at most", ""),
        ("Indicator 2", "All posts", "one", "at most", ""),
        ("Indicator 4", "All staff", "1", "sideways", ""),
        ("Indicator 1", "Clinical Band 12", "5", "at least", ""),
        ("Indicator 6", "BME", "20%", "at most", "someday"),
    ])
    stage_source(sql_conn, tmp_path, "action_plan_targets", settings)
    got = sql_conn.execute(
        "SELECT indicator, subgroup, measure, value_column, target_value, unit, direction, due_date, baseline_date "
        "FROM staging.action_plan_targets ORDER BY row_number").fetchall()
    assert got == [
        (1, "overall:total", "percent", "bme_value", 10.63, "percent", "at_least", date(2025, 3, 31), date(2024, 3, 31)),
        (1, "non_clinical:band_8b", "headcount", "bme_value", 4.0, "headcount", "at_least", date(2025, 3, 31),
         date(2024, 3, 31)),
        (3, "all:two_year_pooled", "relative_likelihood", "value", 1.14, "ratio", "at_most", date(2025, 3, 31),
         date(2024, 3, 31)),
        (7, "all", "percent", "bme_value", 69.0, "percent", "at_least", date(2025, 3, 31), date(2024, 3, 31)),
        (9, "board:voting", "percent_difference", "bme_value", 20.0, "percent", "at_least", date(2025, 3, 31),
         date(2024, 3, 31)),
    ]
    rules = sql_conn.execute(
        "SELECT row_number, rule_id, column_name FROM staging.quarantine_action_plan_targets ORDER BY 1").fetchall()
    assert rules == [(10, "AP_TGT-001", "Metric"), (11, "AP_TGT-002", "Target"), (12, "AP_TGT-003", "Direction"),
                     (13, "AP_TGT-005", "Breakdown"), (14, "AP_TGT-004", "Due Date")]
    assert sql_conn.execute("SELECT * FROM wres_reconcile('raw.action_plan_targets', 'staging.action_plan_targets', "
                            "'staging.quarantine_action_plan_targets')").fetchall() == []


@pytest.mark.parametrize("seed", [0])
def test_generated_plan_targets_match_the_planted_truth(sql_conn, tmp_path, settings, seed):
    generate(tmp_path, profile="small", seed=seed, sources=["action_plan"])
    truth = json.loads((tmp_path / "_truth" / "truth.json").read_text())["action_plan_targets"]
    stage_source(sql_conn, tmp_path, "action_plan_targets", settings)
    stage_source(sql_conn, tmp_path, "action_plan_actions", settings)
    got = sql_conn.execute(
        "SELECT org_code, plan_year, metric, breakdown, target_value, unit, direction, due_date "
        "FROM staging.action_plan_targets ORDER BY row_number").fetchall()
    assert got == [(t["org_code"], t["plan_year"], t["metric"], t["breakdown"], pytest.approx(float(t["value"])),
                    t["unit"], t["direction"].replace(" ", "_"), date.fromisoformat(t["due_date"])) for t in truth]
    assert sql_conn.execute("SELECT count(*) FROM staging.quarantine_action_plan_targets").fetchone() == (0,)
    raw, staged = sql_conn.execute(
        "SELECT (SELECT count(*) FROM raw.action_plan_actions WHERE drop_reason IS NULL), "
        "(SELECT count(*) FROM staging.action_plan_actions)").fetchone()
    assert raw == staged > 0
