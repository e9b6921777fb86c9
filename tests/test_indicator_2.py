"""WRES indicator 2 (appointment from shortlisting, wres-indicators.md §2, source-extracts.md §3.2) on
hand-built staging.applications rows."""

from __future__ import annotations

from datetime import date

from tests.test_indicator_support import ORG, spread, with_methods
from tests.test_indicator_support import wh as wh  # noqa: F401  (fixture)

FY_START, FY_END = date(2023, 4, 1), date(2024, 3, 31)


def applications(group: str, shortlisted: int, appointed: int, start=FY_START, end=FY_END, tag="", **extra) -> list[dict]:
    """`shortlisted` applications of one ethnic group, the first `appointed` of them appointed."""
    return [
        {"org_code": ORG, "application_id": f"{tag}{group}{i}", "applicant_id": f"{tag}{group}-applicant{i}",
         "vacancy_reference": f"V{i % 40}", "ethnic_group": group, "is_shortlisted": True, "shortlisted_date": d,
         "application_date": d, "is_appointed": i < appointed, **extra}
        for i, d in enumerate(spread(start, end, shortlisted))
    ]


def test_worked_example_rl_1_67_adverse_with_ci_and_unknown_excluded(wh):
    wh.rows("applications", applications("WHITE", 1200, 300) + applications("BME", 800, 120)
            + applications("UNKNOWN", 50, 20)).run()
    row = wh.one(2, "all", "relative_likelihood")
    assert round(row["value"], 2) == 1.67 and row["status"] == "OK" and row["range_class"] == "adverse"
    assert (round(row["ci_lower"], 2), round(row["ci_upper"], 2)) == (1.38, 2.02)
    assert (row["white_value"], row["bme_value"]) == (0.25, 0.15)  # rates as fractions
    assert (row["white_events"], row["white_population"], row["bme_events"], row["bme_population"]) == (300, 1200, 120, 800)
    assert row["unknown_count"] == 50 and row["period_type"] == "wres_year" and row["report_year"] == 2024


def test_period_is_the_shortlisting_year_and_appointments_follow_their_shortlisting(wh):
    rows = applications("WHITE", 10, 5) + applications("BME", 10, 5)
    # shortlisted 20 March 2024, appointed (offer accepted, started) in May 2024: counts in WRES year 2024
    rows.append({"org_code": ORG, "application_id": "late", "ethnic_group": "BME", "is_shortlisted": True,
                 "shortlisted_date": date(2024, 3, 20), "offer_date": date(2024, 4, 20), "is_offer_accepted": True,
                 "is_appointed": True, "start_date": date(2024, 5, 20)})
    # shortlisted before 1 April 2023: another year; not shortlisted: never in the denominator
    rows.append({"org_code": ORG, "application_id": "early", "ethnic_group": "BME", "is_shortlisted": True,
                 "shortlisted_date": date(2023, 3, 31), "is_appointed": True})
    rows.append({"org_code": ORG, "application_id": "not-sl", "ethnic_group": "WHITE", "is_shortlisted": False,
                 "application_date": date(2023, 9, 1), "is_appointed": False})
    # a declined offer is not an appointment (staging sets is_appointed = offer made and accepted)
    rows.append({"org_code": ORG, "application_id": "declined", "ethnic_group": "WHITE", "is_shortlisted": True,
                 "shortlisted_date": date(2023, 9, 1), "offer_date": date(2023, 9, 20), "is_offer_accepted": False,
                 "is_appointed": False})
    wh.rows("applications", rows).run()
    row = wh.one(2, "all", "relative_likelihood")
    assert (row["white_events"], row["white_population"], row["bme_events"], row["bme_population"]) == (5, 11, 6, 11)


def test_missing_shortlisting_date_falls_back_to_application_date_unless_configured(wh, settings):
    rows = applications("WHITE", 8, 4) + applications("BME", 8, 2)
    rows.append({"org_code": ORG, "application_id": "nodate", "ethnic_group": "BME", "is_shortlisted": True,
                 "shortlisted_date": None, "application_date": date(2023, 10, 1), "is_appointed": True})
    wh.rows("applications", rows).run()
    assert wh.one(2, "all", "relative_likelihood")["bme_population"] == 9
    wh.run(with_methods(settings, ind2_fallback_to_application_date=False))
    assert wh.one(2, "all", "relative_likelihood")["bme_population"] == 8


def test_unit_applications_or_applicants(wh, settings):
    # one White person shortlisted for three posts, appointed to one; 3 other White and 4 BME applicants
    rows = [{"org_code": ORG, "application_id": f"multi{i}", "applicant_id": "multi", "ethnic_group": "WHITE",
             "is_shortlisted": True, "shortlisted_date": d, "is_appointed": i == 2}
            for i, d in enumerate([FY_START, date(2023, 10, 1), FY_END])]
    rows += applications("WHITE", 3, 0) + applications("BME", 4, 2)
    wh.rows("applications", rows).run()
    by_application = wh.one(2, "all", "relative_likelihood")
    assert (by_application["white_events"], by_application["white_population"]) == (1, 6)
    wh.run(with_methods(settings, ind2_unit="applicants"))
    by_applicant = wh.one(2, "all", "relative_likelihood")
    assert (by_applicant["white_events"], by_applicant["white_population"]) == (1, 4)
    assert round(by_applicant["value"], 2) == round((1 / 4) / (2 / 4), 2) == 0.5
    assert "ind2=applicants" in by_applicant["method_version"]


def test_rolling_12_months_to_each_quarter_end_the_data_covers(wh):
    # 15 months of applications: the WRES year 2024 plus the rolling year to 30 June 2024
    wh.rows("applications", applications("WHITE", 100, 30, end=date(2024, 6, 30))
            + applications("BME", 100, 20, end=date(2024, 6, 30))).run()
    rows = wh.result(2, period_end=None)
    assert [(r["period_type"], r["period_end"], r["report_year"]) for r in rows] == [
        ("wres_year", date(2024, 3, 31), 2024), ("rolling_12m", date(2024, 6, 30), 2025)]
    june = rows[1]
    assert june["white_population"] + june["bme_population"] == sum(
        date(2023, 7, 1) <= d <= date(2024, 6, 30) for d in spread(FY_START, date(2024, 6, 30), 100)) * 2


def test_a_wres_year_without_recruitment_data_still_has_its_row(wh):
    wh.workforce(date(2024, 3, 31), white=10, bme=5).run()
    row = wh.one(2, "all", "relative_likelihood")
    assert row["status"] == "NO_DATA" and row["value"] is None and row["white_population"] is None
