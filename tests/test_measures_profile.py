"""Workforce profile, representation and team flags (issue 7 measures 1 and 4; wres-indicators.md §1,
§11.4; seed 000 QI project 1) on hand-built workforce snapshots, every number computed by hand."""

from __future__ import annotations

from datetime import date

from tests.test_measures_support import MARCH_24, mix
from tests.test_measures_support import mw as mw  # noqa: F401  (fixture)

PROFILE = "create_marts_workforce_profile.sql"
REPRESENTATION = "create_marts_representation.sql"
TEAM_SQL = ["create_marts_team_flags.sql", "create_marts_team_flag_counts.sql"]
JUNE_24 = date(2024, 6, 30)


def _trust(mw):
    """38 people at 31 March 2024: White 22, BME 14, Unknown 2 (see each line)."""
    return mw.workforce(
        mix("nurse_f", white=4, bme=2, unknown=1, staff_group="Nursing and Midwifery Registered", band="BAND_5")
        + mix("nurse_m", white=2, bme=1, staff_group="Nursing and Midwifery Registered", band="BAND_5", gender="Male")
        + mix("hca", white=4, bme=4, staff_group="Additional Clinical Services", band="BAND_3")
        + mix("student", white=2, bme=1, staff_group="Students", band="NON_AFC_OTHER", service_team="Team South")
        + mix("fin", white=3, bme=1, staff_group="Administrative and Clerical", band="BAND_8C",
              clinical_category="non_clinical", directorate="Corporate", service_team="Finance")
        + mix("exec", white=2, staff_group="Administrative and Clerical", band="VSM",
              clinical_category="non_clinical", directorate="Corporate", service_team="Board")
        + mix("doc", white=5, bme=5, unknown=1, staff_group="Medical and Dental", band="MEDICAL",
              clinical_category="medical", directorate="Medicine", service_team="Ward 1", gender="Male")
    )


def _counts(row):
    return row["n_white"], row["n_bme"], row["n_unknown"], row["n_total"]


def test_workforce_profile_every_breakdown(mw):
    _trust(mw)
    mw.workforce(mix("later", white=3, bme=1), snapshot=JUNE_24)  # a rolling quarter-end snapshot
    mw.workforce(mix("month", white=3), snapshot=date(2024, 5, 31))  # not a quarter end: ignored
    mw.run(PROFILE)

    def row(kind, value, period_end=MARCH_24):
        return mw.one("marts.workforce_profile", period_end=period_end, breakdown_type=kind, breakdown_value=value)

    overall = row("all", "all")
    assert _counts(overall) == (22, 14, 2, 38)
    assert round(overall["pct_bme"], 2) == 36.84 and round(overall["pct_white"], 2) == 57.89
    assert abs(overall["pct_white"] + overall["pct_bme"] + overall["pct_unknown"] - 100) < 1e-9
    assert overall["period_type"] == "wres_year" and overall["report_year"] == 2024
    # clinical / non-clinical / medical add up to the total
    assert _counts(row("clinical_category", "clinical")) == (12, 8, 1, 21)
    assert _counts(row("clinical_category", "non_clinical")) == (5, 1, 0, 6)
    assert _counts(row("clinical_category", "medical")) == (5, 5, 1, 11)
    # registered (nurses + doctors) / non-registered (HCAs) / students; admin staff have no row
    assert _counts(row("clinical_registration", "registered")) == (11, 8, 2, 21)
    assert _counts(row("clinical_registration", "non_registered")) == (4, 4, 0, 8)
    assert _counts(row("clinical_registration", "student")) == (2, 1, 0, 3)
    assert _counts(row("staff_group", "Students")) == (2, 1, 0, 3)
    # bands: AfC, VSM and the non-banded rows, with share of the workforce
    band_5 = row("band", "band_5")
    assert _counts(band_5) == (6, 3, 1, 10) and round(band_5["pct_of_workforce"], 4) == round(1000 / 38, 4)
    assert _counts(row("band", "medical")) == (5, 5, 1, 11)
    assert _counts(row("band", "non_afc_other")) == (2, 1, 0, 3)
    # senior-manager pay bands: 8c-9 as senior AfC, VSM, both
    assert _counts(row("senior_pay_band", "senior_afc")) == (3, 1, 0, 4)
    assert _counts(row("senior_pay_band", "vsm")) == (2, 0, 0, 2)
    assert _counts(row("senior_pay_band", "senior_afc_and_vsm")) == (5, 1, 0, 6)
    # suppression flag: a count of 1-4 anywhere in the row; values themselves are kept
    assert band_5["suppressed_for_publication"] and row("senior_pay_band", "senior_afc")["n_bme"] == 1
    june = row("all", "all", JUNE_24)
    assert _counts(june) == (3, 1, 0, 4) and june["period_type"] == "rolling_12m" and june["report_year"] == 2025
    assert not mw.rows("marts.workforce_profile", "period_end = DATE '2024-05-31'")
    assert mw.check("check_measures_workforce_profile.sql") == []


def test_representation_female_and_male_bme_by_band_team_and_directorate(mw):
    _trust(mw).run(REPRESENTATION)

    def row(kind, value, gender):
        return mw.one("marts.representation", breakdown_type=kind, breakdown_value=value, gender=gender)

    female_b5 = row("band", "band_5", "female")
    assert _counts(female_b5) == (4, 2, 1, 7) and round(female_b5["pct_bme"], 2) == 28.57
    assert _counts(row("band", "band_5", "male")) == (2, 1, 0, 3)
    assert _counts(row("band", "band_5", "all")) == (6, 3, 1, 10)
    # service teams are named within their directorate
    north = row("service_team", "Team North", "female")
    assert north["directorate"] == "Community" and _counts(north) == (8, 6, 1, 15)
    assert _counts(row("directorate", "Medicine", "male")) == (5, 5, 1, 11)
    assert _counts(row("all", "all", "all")) == (22, 14, 2, 38)
    assert not mw.rows("marts.representation", "breakdown_type = 'staff_group'")


def _teams(mw):
    """Six teams in two directorates (hand-computed shares against 19 %)."""
    return mw.workforce(
        mix("t1", white=81, bme=19, directorate="A", service_team="T1")  # exactly 19 %: at target
        + mix("t2", white=9, bme=1, unknown=2, directorate="A", service_team="T2")  # 8.3 % / 10 %: below
        + mix("t3", white=4, directorate="A", service_team="T3")  # no BME, small
        + mix("t4", white=8, bme=2, unknown=2, directorate="B", service_team="T4")  # 16.7 % below / 20 % at
        + mix("t5", unknown=3, directorate="B", service_team="T5")  # all Unknown, small
        + mix("t6", white=15, directorate="B", service_team="T6")  # no BME, not small
    )


def test_team_flags_fixed_target_unknown_excluded_variant_and_small_teams(mw):
    _teams(mw).run(*TEAM_SQL)
    flags = {r["service_team"]: r for r in mw.rows("marts.team_flags")}
    assert {t: (r["flag"], r["flag_unknown_excluded"], r["is_small_team"]) for t, r in flags.items()} == {
        "T1": ("AT_OR_ABOVE", "AT_OR_ABOVE", False),
        "T2": ("BELOW_TARGET", "BELOW_TARGET", False),
        "T3": ("NO_BME", "NO_BME", True),
        "T4": ("BELOW_TARGET", "AT_OR_ABOVE", False),
        "T5": ("NO_BME", "NO_KNOWN_ETHNICITY", True),
        "T6": ("NO_BME", "NO_BME", False),
    }
    t4 = flags["T4"]
    assert round(t4["pct_bme"], 2) == 16.67 and t4["pct_bme_unknown_excluded"] == 20.0
    assert not flags["T1"]["suppressed_for_publication"] and flags["T2"]["suppressed_for_publication"]
    assert t4["target_basis"] == "fixed" and t4["target_share"] == 0.19 and t4["min_team_size"] == 10
    # "all service teams by directorate with no BME member of staff": one query
    no_bme = mw.query("SELECT directorate, service_team FROM marts.team_flags WHERE flag = 'NO_BME' ORDER BY ALL")
    assert [(r["directorate"], r["service_team"]) for r in no_bme] == [("A", "T3"), ("B", "T5"), ("B", "T6")]

    def counts(scope_dir, basis):
        rows = mw.rows("marts.team_flag_counts", f"directorate = '{scope_dir}' AND flag_basis = '{basis}'")
        return {r["flag"]: (r["n_teams"], r["n_small_teams"]) for r in rows}

    assert counts("A", "unknown_included") == {"NO_BME": (1, 1), "BELOW_TARGET": (1, 0), "AT_OR_ABOVE": (1, 0)}
    assert counts("B", "unknown_included") == {"NO_BME": (2, 1), "BELOW_TARGET": (1, 0), "AT_OR_ABOVE": (0, 0)}
    assert counts("B", "unknown_excluded") == {"NO_BME": (1, 0), "BELOW_TARGET": (0, 0), "AT_OR_ABOVE": (1, 0),
                                               "NO_KNOWN_ETHNICITY": (1, 1)}
    assert counts("all", "unknown_included") == {"NO_BME": (3, 2), "BELOW_TARGET": (2, 0), "AT_OR_ABOVE": (1, 0)}
    org = mw.one("marts.team_flag_counts", scope="organisation", flag_basis="unknown_included", flag="NO_BME")
    assert org["n_teams_in_scope"] == 6 and org["n_teams_not_small"] == 1
    assert mw.check("check_measures_team_flag_counts.sql") == []


def test_team_flags_against_the_organisation_share(mw):
    # organisation: White 117, BME 22, Unknown 7 -> 22 / 146 = 15.1 % (22 / 139 = 15.8 % Unknown excluded)
    _teams(mw).with_settings(targets={"team_target_basis": "organisation_bme_share"}).run(*TEAM_SQL)
    flags = {r["service_team"]: r for r in mw.rows("marts.team_flags")}
    assert (flags["T4"]["flag"], flags["T4"]["flag_unknown_excluded"]) == ("AT_OR_ABOVE", "AT_OR_ABOVE")
    assert flags["T2"]["flag"] == "BELOW_TARGET" and flags["T1"]["flag"] == "AT_OR_ABOVE"
    assert flags["T4"]["target_basis"] == "organisation_bme_share"
    assert round(flags["T4"]["target_share"], 6) == round(22 / 146, 6)
    assert round(flags["T4"]["target_share_unknown_excluded"], 6) == round(22 / 139, 6)


def test_small_team_threshold_is_configurable(mw):
    _teams(mw).with_settings(targets={"min_team_size": 13}).run(*TEAM_SQL)
    small = {r["service_team"] for r in mw.rows("marts.team_flags", "is_small_team")}
    assert small == {"T2", "T3", "T4", "T5"}  # 12, 4, 12 and 3 people
