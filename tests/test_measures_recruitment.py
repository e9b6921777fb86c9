"""Recruitment funnel (seed 000 QI project 1 "workforce profile" measure 3; wres-indicators.md §2): stage
counts per band, conversions, and the shortlisting -> appointment relative likelihood, whose 'all' row
is the indicator 2 worked example (RL 1.67, CI 1.38-2.02) and equals indicator 2."""

from __future__ import annotations

from datetime import date, timedelta

from tests.test_measures_support import MARCH_24
from tests.test_measures_support import mw as mw  # noqa: F401  (fixture)

FUNNEL = "create_marts_recruitment_funnel.sql"
FY_START = date(2023, 4, 1)


def _apps(tag, group, band, applied, shortlisted, appointed):
    """`applied` applications through the year, the first `shortlisted` shortlisted, of which the first
    `appointed` appointed; application and shortlisting dates spread over the financial year."""
    rows = []
    for i in range(applied):
        d = FY_START + timedelta(days=round(i * 365 / max(applied - 1, 1)))
        rows.append({"application_id": f"{tag}{i}", "applicant_id": f"{tag}-person{i % max(applied // 2, 1)}",
                     "vacancy_reference": f"V{tag}{i % 7}", "band": band, "ethnic_group": group,
                     "application_date": d, "is_shortlisted": i < shortlisted,
                     "shortlisted_date": d if i < shortlisted else None, "is_appointed": i < appointed})
    return rows


def _trust(mw):
    # band 5: White 1,500 applied / 1,000 shortlisted / 250 appointed, BME 1,200 / 500 / 100;
    # band 7: White 500 / 200 / 50, BME 800 / 300 / 20; Unknown (band 5) 80 / 50 / 20.
    # Together: White 2,000 / 1,200 / 300 and BME 2,000 / 800 / 120 (the §2 worked example).
    rows = (_apps("w5", "WHITE", "BAND_5", 1500, 1000, 250) + _apps("b5", "BME", "BAND_5", 1200, 500, 100)
            + _apps("w7", "WHITE", "BAND_7", 500, 200, 50) + _apps("b7", "BME", "BAND_7", 800, 300, 20)
            + _apps("u5", "UNKNOWN", "BAND_5", 80, 50, 20))
    return mw.table("applications", rows).run("create_intermediate_flow_coverage.sql", "create_intermediate_wres_period.sql")


def _row(mw, stage, band="all"):
    return mw.one("marts.recruitment_funnel", period_end=MARCH_24, stage=stage,
                  breakdown_type="all" if band == "all" else "band", breakdown_value=band)


def _wbu(row):
    return row["n_white"], row["n_bme"], row["n_unknown"]


def test_funnel_stages_conversions_and_relative_likelihood(mw):
    _trust(mw).run(FUNNEL)
    assert _wbu(_row(mw, "applied")) == (2000, 2000, 80)
    shortlisted = _row(mw, "shortlisted")
    assert _wbu(shortlisted) == (1200, 800, 50) and shortlisted["pct_bme"] == 800 / 2050 * 100
    assert (shortlisted["conversion_white"], shortlisted["conversion_bme"]) == (0.6, 0.4)
    assert shortlisted["relative_likelihood"] is None and shortlisted["from_stage"] == "applied"
    appointed = _row(mw, "appointed")
    assert _wbu(appointed) == (300, 120, 20) and (appointed["rate_white"], appointed["rate_bme"]) == (0.25, 0.15)
    assert round(appointed["relative_likelihood"], 2) == 1.67 and appointed["rl_range_class"] == "adverse"
    assert (round(appointed["rl_ci_lower"], 2), round(appointed["rl_ci_upper"], 2)) == (1.38, 2.02)
    assert appointed["unit"] == "applications" and appointed["date_basis"] == "stage"
    assert appointed["period_type"] == "wres_year"
    # per band: band 5 (0.25 / 0.20) = 1.25, band 7 (0.25 / 0.0667) = 3.75
    assert round(_row(mw, "appointed", "band_5")["relative_likelihood"], 4) == 1.25
    assert round(_row(mw, "appointed", "band_7")["relative_likelihood"], 4) == 3.75
    assert _wbu(_row(mw, "applied", "band_7")) == (500, 800, 0)
    assert mw.check("check_measures_recruitment_funnel.sql") == []


def test_all_row_equals_indicator_2(mw):
    _trust(mw).run(FUNNEL, "create_intermediate_wres_indicator_2.sql")
    ind2 = mw.one("intermediate.wres_indicator_2", period_end=MARCH_24, subgroup="all")
    appointed = _row(mw, "appointed")
    assert ind2["value"] == appointed["relative_likelihood"] and ind2["ci_lower"] == appointed["rl_ci_lower"]
    assert (ind2["white_events"], ind2["white_population"]) == (appointed["n_white"], 1200)


def test_applicants_unit_counts_each_person_once(mw):
    # each tag's applications belong to half as many people (person = i mod applied/2); the first half
    # of the applications are shortlisted, so every shortlisted applicant has two applications
    _trust(mw).with_settings(methods={"ind2_unit": "applicants"}).run(FUNNEL)
    assert _wbu(_row(mw, "applied")) == (1000, 1000, 40)
    assert _row(mw, "applied")["unit"] == "applicants"
