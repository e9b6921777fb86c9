"""WRES indicator 3 (entry into a formal disciplinary investigation, wres-indicators.md §3,
source-extracts.md §6.2) on hand-built staging.er_cases rows and workforce snapshots."""

from __future__ import annotations

from datetime import date

import pytest

from tests.test_indicator_support import ORG, person, spread, with_methods
from tests.test_indicator_support import wh as wh  # noqa: F401  (fixture)

FY2024 = (date(2023, 4, 10), date(2024, 3, 20))
FY2023 = (date(2022, 4, 10), date(2023, 3, 20))


def cases(group: str, n: int, period, first: int = 0, **extra) -> list[dict]:
    """Formal investigations of n distinct people of one group (person(group, first .. first+n-1))."""
    return [
        {"org_code": ORG, "case_reference": f"C-{group}-{first + i}-{d}", "person_id": person(group, first + i),
         "case_type": "Disciplinary", "stage": "Formal Investigation", "case_opened_date": d,
         "formal_investigation_start_date": d, "is_matched_to_esr": True, **extra}
        for i, d in enumerate(spread(*period, n))
    ]


@pytest.fixture
def two_years(wh):
    """§3 worked examples: current year White 3,000 / 12 cases, BME 1,000 / 9; previous year
    White 2,900 / 10, BME 900 / 6 (plus Unknown staff, who are not in the ratio)."""
    wh.workforce(date(2023, 3, 31), white=2900, bme=900, unknown=150)
    wh.workforce(date(2024, 3, 31), white=3000, bme=1000, unknown=200)
    wh.rows("er_cases", cases("WHITE", 10, FY2023, first=100) + cases("BME", 6, FY2023, first=100)
            + cases("WHITE", 12, FY2024) + cases("BME", 9, FY2024) + cases("UNKNOWN", 2, FY2024))
    return wh


def test_single_year_worked_example_rl_2_25_ci_0_95_to_5_32_flagged_small_numbers(two_years):
    row = two_years.run().one(3, "all:single_year", "relative_likelihood")
    assert round(row["value"], 2) == 2.25 and row["status"] == "OK" and row["range_class"] == "adverse"
    assert (round(row["ci_lower"], 2), round(row["ci_upper"], 2)) == (0.95, 5.32)
    assert row["small_numbers_flag"] is True
    assert (row["bme_events"], row["bme_population"], row["white_events"], row["white_population"]) == (9, 1000, 12, 3000)
    assert (row["bme_value"], row["white_value"]) == (0.009, 0.004) and row["unknown_count"] == 2


def test_two_year_pooled_worked_example_2_12_and_averaging_counts_2_05(two_years, settings):
    pooled = two_years.run().one(3, "all:two_year_pooled", "relative_likelihood")
    assert round(pooled["value"], 2) == 2.12 and pooled["status"] == "OK"
    assert (pooled["bme_events"], pooled["bme_population"], pooled["white_events"], pooled["white_population"]) == (
        15, 1900, 22, 5900)
    assert "ind3_2yr=pooled" in pooled["method_version"]
    averaged = two_years.run(with_methods(settings, ind3_two_year_method="average_counts")).one(
        3, "all:two_year_pooled", "relative_likelihood")
    assert round(averaged["value"], 2) == 2.05
    assert "ind3_2yr=average_counts" in averaged["method_version"]


def test_pooled_row_without_the_previous_year_is_insufficient_history(wh):
    wh.workforce(date(2024, 3, 31), white=3000, bme=1000)
    wh.rows("er_cases", cases("WHITE", 12, FY2024) + cases("BME", 9, FY2024)).run()
    pooled = wh.one(3, "all:two_year_pooled", "relative_likelihood")
    assert pooled["status"] == "INSUFFICIENT_HISTORY" and pooled["value"] is None and pooled["bme_events"] is None
    assert wh.one(3, "all:single_year", "relative_likelihood")["status"] == "OK"


def test_pooled_row_without_the_current_years_headcount_is_insufficient_history(wh):
    # cases in both years but staff only at 31 March 2023: two years of events over one year of staff
    # would give (6 + 9) / 900 vs (10 + 12) / 2900 = 2.20 "OK" (was published so); it has no current population
    wh.workforce(date(2023, 3, 31), white=2900, bme=900)
    wh.rows("er_cases", cases("WHITE", 10, FY2023, first=100) + cases("BME", 6, FY2023, first=100)
            + cases("WHITE", 12, FY2024) + cases("BME", 9, FY2024)).run()
    pooled = wh.one(3, "all:two_year_pooled", "relative_likelihood", date(2024, 3, 31))
    assert pooled["status"] == "INSUFFICIENT_HISTORY" and pooled["value"] is None
    assert wh.one(3, "all:single_year", "relative_likelihood", date(2024, 3, 31))["status"] == "NO_POPULATION"


def test_a_bank_only_workers_case_is_not_an_event_of_the_population(wh, settings):
    # 10 White and 10 BME counted staff at 31 March 2024; 2 White and 1 BME of them investigated, and a
    # bank-only worker (BME in ESR, not counted, so not in the headcount) investigated too.
    # Counting only the population's events: BME 1/10 = 0.1, White 2/10 = 0.2, RL = 0.5;
    # counting the bank worker's case as well (before): BME 2/10 = 0.2, RL = 1.0.
    wh.workforce(date(2024, 3, 31), white=10, bme=10)
    wh.conn.execute("INSERT INTO staging.staff_in_post BY NAME SELECT ? AS org_code, DATE '2024-03-31' AS snapshot_date, "
                    "'bank-1' AS person_id, 'B1' AS assignment_number, 'BME' AS ethnic_group, FALSE AS is_counted, "
                    "TRUE AS is_primary, 'esr' AS source_file_id", [ORG])
    wh.rows("er_cases", [  # the log runs from April 2023 to March 2024, so it covers the year
        {"org_code": ORG, "case_reference": ref, "person_id": who, "case_type": "Disciplinary",
         "formal_investigation_start_date": d, "is_matched_to_esr": True}
        for ref, who, d in (("w0", person("WHITE", 0), FY2024[0]), ("w1", person("WHITE", 1), FY2024[1]),
                            ("b0", person("BME", 0), FY2024[1]), ("bank", "bank-1", FY2024[1]))]).run()
    row = wh.one(3, "all:single_year", "relative_likelihood")
    assert (row["white_events"], row["bme_events"], row["value"]) == (2, 1, 0.5)
    wh.run(with_methods(settings, events_of_population_only=False))
    assert wh.one(3, "all:single_year", "relative_likelihood")["value"] == 1.0


def test_numerator_is_distinct_people_entering_formal_disciplinary_investigation(wh, settings):
    wh.workforce(date(2024, 3, 31), white=100, bme=100)
    rows = cases("WHITE", 5, FY2024) + cases("BME", 5, FY2024)
    d = date(2023, 9, 1)

    def case(ref, who, **kw):
        return {"org_code": ORG, "case_reference": ref, "person_id": who, "case_opened_date": d,
                "is_matched_to_esr": True, "case_type": "Disciplinary", "formal_investigation_start_date": d, **kw}

    rows += [
        case("again", person("WHITE", 0), formal_investigation_start_date=date(2023, 11, 1)),  # 2nd case, same person
        case("nocase", person("WHITE", 50), outcome="No Case to Answer"),  # still counts
        case("informal", person("WHITE", 51), stage="Informal", formal_investigation_start_date=None),
        case("grievance", person("WHITE", 52), case_type="Grievance"),
        case("capability", person("WHITE", 53), case_type="Capability - Performance"),
        case("mhps", person("BME", 50), case_type="MHPS", allegation_category="Clinical practice"),
        # capability under MHPS is capability (out of scope), not a disciplinary entry (was: counted)
        case("mhps-capability", person("BME", 53), case_type="Capability - Performance",
             allegation_category="MHPS - clinical performance"),
        case("lower", person("BME", 51), case_type="disciplinary"),  # case-insensitive
        case("nextyear", person("BME", 52), formal_investigation_start_date=date(2024, 4, 1)),
        case("unmatched", "agency-1", is_matched_to_esr=False),
    ]
    wh.rows("er_cases", rows).run()
    row = wh.one(3, "all:single_year", "relative_likelihood")
    assert (row["white_events"], row["bme_events"]) == (6, 7)
    coverage = wh.one(3, "all", "coverage")  # 10 + again + nocase + mhps + lower + unmatched = 15 records
    assert (coverage["numerator"], coverage["denominator"]) == (14, 15) and coverage["value"] == 14 / 15
    wh.run(with_methods(settings, ind3_include_mhps=False))
    assert wh.one(3, "all:single_year", "relative_likelihood")["bme_events"] == 6


def test_ethnicity_comes_from_the_staff_record_at_the_time_of_the_event(wh):
    # p-x is Unknown at 31 March 2023 and declares BME by 31 March 2024; investigated in May 2023
    wh.workforce(date(2023, 3, 31), white=50, bme=50)
    wh.workforce(date(2024, 3, 31), white=50, bme=50)
    wh.workforce(date(2023, 3, 31), unknown=1, prefix="x")
    wh.workforce(date(2024, 3, 31), bme=1, prefix="x")
    wh.rows("er_cases", cases("WHITE", 2, FY2024) + cases("BME", 2, FY2024) + [
        {"org_code": ORG, "case_reference": "x", "person_id": "xU0", "case_type": "Disciplinary",
         "formal_investigation_start_date": date(2023, 5, 1), "is_matched_to_esr": True}]).run()
    row = wh.one(3, "all:single_year", "relative_likelihood")
    assert (row["white_events"], row["bme_events"], row["unknown_count"]) == (2, 2, 1)


def test_no_workforce_snapshot_means_no_population(wh):
    wh.rows("er_cases", cases("WHITE", 5, FY2024) + cases("BME", 5, FY2024)).run()
    assert wh.one(3, "all:single_year", "relative_likelihood")["status"] == "NO_POPULATION"
