"""The shared relative-likelihood implementation (wres-indicators.md §0.3) on hand-made counts:
worked examples to the decimals the spec shows, every edge case, the range classes on unrounded
values and the small-numbers flag."""

from __future__ import annotations

import pytest


@pytest.fixture
def rl(sql_conn, settings):
    t = settings.thresholds

    def compute(focus_events, focus_population, reference_events, reference_population, small_numbers=None):
        return sql_conn.execute(
            "SELECT unnest(wres_relative_likelihood(?, ?, ?, ?, ?, ?, ?, ?))",
            [focus_events, focus_population, reference_events, reference_population, t.non_adverse_low,
             t.non_adverse_high, small_numbers or t.small_numbers, t.ci_z],
        ).fetchone()

    return compute


def test_section_2_worked_example_rl_1_67_ci_1_38_to_2_02(rl):
    # White 300 appointed of 1,200 shortlisted (0.250); BME 120 of 800 (0.150): RL = White / BME
    value, status, lo, hi, range_class, small = rl(300, 1200, 120, 800)
    assert (round(value, 2), round(lo, 2), round(hi, 2)) == (1.67, 1.38, 2.02)
    assert status == "OK" and range_class == "adverse" and small is False


def test_section_3_single_year_worked_example_rl_2_25_ci_0_95_to_5_32_small_numbers(rl, settings):
    # BME 9 of 1,000 (0.0090) / White 12 of 3,000 (0.0040): RL = BME / White; indicator 3's threshold
    value, status, lo, hi, range_class, small = rl(9, 1000, 12, 3000, settings.thresholds.small_numbers_ind3)
    assert (round(value, 2), round(lo, 2), round(hi, 2)) == (2.25, 0.95, 5.32)
    assert status == "OK" and range_class == "adverse" and small is True


def test_section_4_worked_example_rl_1_20_non_adverse(rl):
    value, status, lo, hi, range_class, _ = rl(900, 3000, 250, 1000)
    assert round(value, 2) == 1.20 and status == "OK" and range_class == "non_adverse" and lo < 1.2 < hi


@pytest.mark.parametrize(
    ("counts", "status", "value"),
    [
        ((5, 0, 5, 100), "NO_POPULATION", None),  # population 0 in the focus group
        ((5, 100, 5, None), "NO_POPULATION", None),  # ... or missing in the reference group
        ((0, 100, 0, 100), "NO_EVENTS", None),  # parity is not 1.00
        ((5, 100, 0, 100), "REFERENCE_ZERO", None),  # would be infinite
        ((0, 100, 5, 100), "FOCUS_ZERO", 0.0),  # a real 0.00
    ],
)
def test_edge_cases_return_a_status_instead_of_a_number(rl, counts, status, value):
    got_value, got_status, lo, hi, range_class, small = rl(*counts)
    assert (got_value, got_status) == (value, status)
    assert lo is None and hi is None  # no CI without a finite, non-zero RL
    assert range_class == ("below" if value == 0.0 else None)
    assert small is (min(counts[0], counts[2]) < 5)  # a zero events cell is below the threshold


@pytest.mark.parametrize(
    ("focus_events", "range_class"),
    [
        (7996, "below"),  # 0.7996 shows as 0.80 but is outside the range
        (8000, "non_adverse"),  # 0.80 inclusive
        (12500, "non_adverse"),  # 1.25 inclusive
        (12504, "adverse"),  # 1.2504 shows as 1.25 but is outside the range
    ],
)
def test_range_class_compares_unrounded_values_with_inclusive_bounds(rl, focus_events, range_class):
    value, status, *_, got, _ = rl(focus_events, 100000, 10000, 100000)
    assert status == "OK" and got == range_class and round(value, 2) in (0.80, 1.25)


@pytest.mark.parametrize(("focus_events", "reference_events", "small"), [(4, 50, True), (50, 4, True), (5, 5, False)])
def test_small_numbers_flag_when_any_events_cell_is_below_the_threshold(rl, focus_events, reference_events, small):
    *_, flag = rl(focus_events, 1000, reference_events, 1000)
    assert flag is small
