"""Ethnicity pay gap (wres-indicators.md §11.3): the worked example exactly (mean gap 28.2 %, median gap
20.0 %), quartile composition, salary-derived hourly pay, exclusions, the minimum group and bonus status."""

from __future__ import annotations

from datetime import date

from tests.test_measures_support import MARCH_24
from tests.test_measures_support import mw as mw  # noqa: F401  (fixture)

PAY = "create_marts_ethnicity_pay_gap.sql"
WHITE_PAY = [15.00, 18.00, 22.50, 30.00, 45.00]
BME_PAY = [14.00, 16.00, 20.00, 25.00]


def _pay(mw, people, snapshot=MARCH_24):
    """people: (person_id, ethnic_group, staff_group, staff-in-post pay fields) -> both staging tables."""
    workforce, assignments = [], []
    for pid, group, staff_group, pay in people:
        workforce.append({"person_id": pid, "ethnic_group": group, "staff_group": staff_group})
        assignments.append({"snapshot_date": snapshot, "person_id": pid, "assignment_number": f"A-{pid}",
                            "assignment_status": "Active Assignment", "is_primary": True, "is_counted": True,
                            "ethnic_group": group, "staff_group": staff_group, **pay})
    mw.workforce(workforce, snapshot=snapshot)
    existing = mw.rows("staging.staff_in_post")
    return mw.table("staff_in_post", existing + assignments)


def _worked_example(mw):
    people = [(f"w{i}", "WHITE", "Nursing", {"hourly_rate": r}) for i, r in enumerate(WHITE_PAY)]
    people += [(f"b{i}", "BME", "Nursing", {"hourly_rate": r}) for i, r in enumerate(BME_PAY)]
    # the BME 20.00 person has no hourly rate: 39,107.25 / (37.5 h x 52.143 weeks) = 20.00
    people[7] = ("b2", "BME", "Nursing", {"annual_salary": 39107.25, "contracted_hours": 37.5, "fte": 1.0})
    people += [
        ("u0", "UNKNOWN", "Admin", {"hourly_rate": 50.00}),  # Unknown: in the quartiles, not in the gap
        ("np", "BME", "Admin", {}),  # no pay data
        ("mat", "WHITE", "Admin", {"hourly_rate": 99.0, "assignment_status": "Maternity & Adoption"}),
    ]
    return _pay(mw, people)


def test_worked_example_mean_and_median_gap(mw):
    _worked_example(mw).with_settings(thresholds={"pay_gap_min_group": 4}).run(PAY)
    row = mw.one("marts.ethnicity_pay_gap", measure="hourly_pay", breakdown_type="all")
    assert round(row["mean_hourly_pay_white"], 2) == 26.10 and round(row["mean_hourly_pay_bme"], 2) == 18.75
    assert row["median_hourly_pay_white"] == 22.50 and round(row["median_hourly_pay_bme"], 2) == 18.00
    assert round(row["mean_gap_pct"], 1) == 28.2 and round(row["median_gap_pct"], 1) == 20.0
    assert abs(row["mean_gap_pct"] - 100 * (26.10 - 18.75) / 26.10) < 1e-9
    # Unknown excluded from the gap, its size reported; one BME hourly pay derived from salary
    assert (row["n_white"], row["n_bme"], row["n_unknown"], row["n_total"]) == (5, 4, 1, 10)
    assert row["n_pay_from_salary"] == 1 and row["status"] == "OK"
    assert row["period_type"] == "wres_year" and row["report_year"] == 2024
    assert "52.143" in row["hourly_pay_basis"]
    nursing = mw.one("marts.ethnicity_pay_gap", measure="hourly_pay", breakdown_value="Nursing")
    assert round(nursing["mean_gap_pct"], 1) == 28.2
    admin = mw.one("marts.ethnicity_pay_gap", measure="hourly_pay", breakdown_value="Admin")
    assert admin["status"] == "NO_COMPARISON_GROUP" and admin["mean_gap_pct"] is None
    no_pay = mw.one("marts.ethnicity_pay_gap", measure="no_pay_data")
    assert (no_pay["n_bme"], no_pay["n_total"]) == (1, 1)
    assert mw.one("marts.ethnicity_pay_gap", measure="reduced_pay_excluded")["n_white"] == 1
    bonus = mw.one("marts.ethnicity_pay_gap", measure="bonus_pay")
    assert bonus["status"] == "NO_BONUS_DATA" and bonus["mean_gap_pct"] is None


def test_pay_quartiles_composition(mw):
    # ranked: 14B 15W 16B | 18W 20B 22.5W | 25B 30W | 45W 50U (ntile: 10 people -> 3, 3, 2, 2)
    _worked_example(mw).run(PAY)
    quartiles = {r["breakdown_value"]: (r["n_white"], r["n_bme"], r["n_unknown"])
                 for r in mw.rows("marts.ethnicity_pay_gap", "measure = 'pay_quartile'")}
    assert quartiles == {"q1_lower": (1, 2, 0), "q2_lower_middle": (2, 1, 0), "q3_upper_middle": (1, 1, 0),
                         "q4_upper": (1, 0, 1)}
    q1 = mw.one("marts.ethnicity_pay_gap", measure="pay_quartile", breakdown_value="q1_lower")
    assert round(q1["pct_bme"], 2) == 66.67
    assert mw.check("check_measures_ethnicity_pay_gap.sql") == []


def test_no_gap_published_for_a_small_group(mw):
    _worked_example(mw).run(PAY)  # default minimum 10 per group: 5 White and 4 BME are too few
    row = mw.one("marts.ethnicity_pay_gap", measure="hourly_pay", breakdown_type="all")
    assert row["status"] == "GROUP_BELOW_MINIMUM" and row["suppressed_for_publication"]
    assert round(row["mean_gap_pct"], 1) == 28.2  # computed and kept; the published copy blanks it


def test_fte_salary_basis_and_only_31_march(mw):
    # fte basis: a 0.5 FTE person on a 39,107.25 full-time salary and 18.75 contracted hours earns
    # 39,107.25 x 0.5 / (18.75 x 52.143) = 20.00 an hour
    people = [(f"w{i}", "WHITE", "Nursing", {"hourly_rate": 30.0}) for i in range(3)]
    people.append(("b0", "BME", "Nursing", {"annual_salary": 39107.25, "contracted_hours": 18.75, "fte": 0.5}))
    _pay(mw, people)
    _pay(mw, [("j0", "WHITE", "Nursing", {"hourly_rate": 10.0})], snapshot=date(2024, 6, 30))
    mw.with_settings(measures={"pay_annual_salary_basis": "fte"}, thresholds={"pay_gap_min_group": 1}).run(PAY)
    row = mw.one("marts.ethnicity_pay_gap", measure="hourly_pay", breakdown_type="all")
    assert round(row["mean_hourly_pay_bme"], 6) == 20.0 and round(row["mean_gap_pct"], 4) == round(100 / 3, 4)
    assert {r["period_end"] for r in mw.rows("marts.ethnicity_pay_gap")} == {MARCH_24}
