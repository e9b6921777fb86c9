"""WRES indicator 4 (non-mandatory training and CPD, wres-indicators.md §4, source-extracts.md §5.1) on
hand-built staging.training rows."""

from __future__ import annotations

from datetime import date

from tests.test_indicator_support import ORG, person, spread
from tests.test_indicator_support import wh as wh  # noqa: F401  (fixture)

FY2024 = (date(2023, 4, 3), date(2024, 3, 28))


def attended(group: str, n: int, first: int = 0, **extra) -> list[dict]:
    return [
        {"org_code": ORG, "person_id": person(group, first + i), "course_name": "Leadership Essentials",
         "class_start_date": d, "completion_date": d, "enrolment_status": "Attended", "is_attended": True,
         "is_mandatory": False, "training_category": "Leadership", "is_matched_to_esr": True, **extra}
        for i, d in enumerate(spread(*FY2024, n))
    ]


def test_worked_example_rl_1_20_non_adverse(wh):
    wh.workforce(date(2024, 3, 31), white=3000, bme=1000, unknown=100)
    wh.rows("training", attended("WHITE", 900) + attended("BME", 250) + attended("UNKNOWN", 40)).run()
    row = wh.one(4, "all", "relative_likelihood")
    assert round(row["value"], 2) == 1.20 and row["status"] == "OK" and row["range_class"] == "non_adverse"
    assert (row["white_value"], row["bme_value"]) == (0.3, 0.25) and row["unknown_count"] == 40
    assert row["small_numbers_flag"] is False


def test_people_not_enrolments_and_only_attended_non_mandatory_records(wh):
    wh.workforce(date(2024, 3, 31), white=100, bme=100)
    rows = attended("WHITE", 10) + attended("BME", 10)
    rows += attended("WHITE", 3)  # the same three White people again: still 10 people
    rows += attended("BME", 5, first=50, is_mandatory=True, course_name="NHS|CSTF|Fire Safety|2 Years|")
    rows += attended("BME", 5, first=60, is_attended=False, enrolment_status="Cancelled")
    rows += attended("BME", 2, first=70, is_mandatory=None)  # no flag: non-mandatory (§5.1 rule 3)
    rows += attended("WHITE", 4, first=80, is_matched_to_esr=False)  # not in ESR: out of the ratio
    wh.rows("training", rows).run()
    row = wh.one(4, "all", "relative_likelihood")
    assert (row["white_events"], row["bme_events"]) == (10, 12)
    coverage = wh.one(4, "all", "coverage")  # qualifying records: 10 + 10 + 3 + 2 + 4 = 29, 25 matched
    assert (coverage["numerator"], coverage["denominator"], coverage["status"]) == (25, 29, "OK")


def test_edge_case_statuses_through_the_indicator(wh):
    wh.workforce(date(2024, 3, 31), white=100, bme=100)
    wh.rows("training", attended("BME", 5)).run()  # nobody White accessed training: RL = 0 / rate
    row = wh.one(4, "all", "relative_likelihood")
    assert (row["status"], row["value"], row["range_class"]) == ("FOCUS_ZERO", 0.0, "below")
    assert row["small_numbers_flag"] is True and row["suppressed_for_publication"] is False
