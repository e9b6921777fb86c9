"""WRES indicator 9 (board representation, wres-indicators.md §9, source-extracts.md §7)."""

from __future__ import annotations

from datetime import date

from tests.test_indicator_support import ORG
from tests.test_indicator_support import wh as wh  # noqa: F401  (fixture)

MARCH = date(2024, 3, 31)


def members(groups: str, executive: bool, voting: bool, tag: str, **extra) -> list[dict]:
    """One member per letter of `groups`: W = White, B = BME, U = Unknown."""
    eth = {"W": "WHITE", "B": "BME", "U": "UNKNOWN"}
    return [{"org_code": ORG, "snapshot_date": MARCH, "member_id": f"{tag}{i}", "role_title": "Director",
             "is_executive": executive, "is_voting": voting, "ethnic_group": eth[g],
             "appointment_start_date": date(2020, 1, 1), **extra} for i, g in enumerate(groups)]


def test_worked_example_voting_board_14_3_pct_minus_9_5_pp(wh):
    # workforce 3,000 White, 1,000 BME, 200 Unknown: BME 23.8 %
    wh.workforce(MARCH, white=3000, bme=1000, unknown=200)
    # voting: 11 White, 2 BME, 1 Unknown (6 executives + 8 non-executives); 2 non-voting associates
    voting = members("WWWWWB", True, True, "e") + members("WWWWWBUW", False, True, "n")
    wh.rows("board_members", voting + members("BW", False, False, "a")).run()
    row = wh.one(9, "board:voting", "percent_difference")
    assert round(row["bme_value"], 1) == 14.3 and round(row["value"], 1) == -9.5
    assert (row["numerator"], row["denominator"], row["unknown_count"]) == (2, 14, 1)
    assert round(row["white_value"], 1) == 78.6 and round(row["unknown_value"], 1) == 7.1
    assert row["status"] == "SMALL_DENOMINATOR" and row["small_numbers_flag"] is True
    assert row["suppressed_for_publication"] is False  # never suppressed, even with 1-4 member cells
    sizes = {r["subgroup"]: r["denominator"] for r in wh.result(9)}
    assert sizes == {"board:all": 16, "board:voting": 14, "board:executive": 6, "board:non_executive": 10,
                     "board:non_voting": 2}


def test_members_not_in_post_on_the_date_are_left_out_and_missing_registers_have_rows(wh):
    wh.workforce(MARCH, white=10, bme=10)
    wh.rows("board_members", members("WB", True, True, "e")
            + members("B", True, True, "gone", appointment_end_date=date(2024, 3, 30))
            + members("B", True, True, "new", appointment_start_date=date(2024, 4, 1))).run()
    assert wh.one(9, "board:all", "percent_difference")["denominator"] == 2
    assert wh.one(9, "board:all", "percent_difference")["value"] == 0.0  # 50 % vs 50 %
    assert wh.one(9, "board:non_executive", "percent_difference")["status"] == "EMPTY"
    wh.workforce(date(2023, 3, 31), white=5).run()  # a WRES year with no board register
    assert wh.one(9, "board:voting", "percent_difference", date(2023, 3, 31))["status"] == "NO_DATA"
