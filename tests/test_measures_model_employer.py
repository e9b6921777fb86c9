"""Model Employer gap (wres-indicators.md §11.2): the band 8b worked example, the 0.07 x 100 trap of
binary floating point, the organisation-share target and the Unknown choice, all by hand."""

from __future__ import annotations

import math

from tests.test_measures_support import mix
from tests.test_measures_support import mw as mw  # noqa: F401  (fixture)

ME = "create_marts_model_employer_gap.sql"
FIXED = {"model_employer_target_basis": "fixed"}


def _band(mw, band="band_8b", scope="all_afc"):
    return mw.one("marts.model_employer_gap", staff_scope=scope, band=band)


def _trust(mw):
    # band 8b: 60 staff = 50 White + 6 BME + 4 Unknown; band 5: 30 White + 20 BME (all clinical)
    return mw.workforce(mix("b8", white=50, bme=6, unknown=4, band="BAND_8B") + mix("b5", white=30, bme=20))


def test_worked_example_band_8b_fixed_19_percent(mw):
    _trust(mw).with_settings(targets=FIXED).run(ME)
    row = _band(mw)
    assert (row["n_total"], row["n_bme"], row["n_basis"]) == (60, 6, 60) and row["n_total_includes_unknown"]
    assert row["target_basis"] == "fixed" and row["target_proportion"] == 0.19
    assert (row["target_numerator"], row["target_denominator"]) == (190_000_000, 1_000_000_000)
    assert row["target_bme_headcount"] == 12  # ceil(11.4)
    assert row["needed_replace"] == 6  # 12 - 6: 12 / 60 = 20 %
    assert row["needed_growth"] == 7  # ceil(5.4 / 0.81) = ceil(6.67): 13 / 67 = 19.4 %
    assert row["pct_bme_after_replace"] == 20.0 and round(row["pct_bme_after_growth"], 1) == 19.4
    assert row["pct_bme"] == 10.0
    band_5 = _band(mw, "band_5")
    assert (band_5["needed_replace"], band_5["needed_growth"]) == (0, 0)  # 40 % BME already
    assert mw.check("check_measures_model_employer_gap.sql") == []


def test_exact_decimal_arithmetic_before_ceil(mw):
    # p = 7 %, 100 staff, no BME: 0.07 * 100 is 7.000000000000001 in binary floating point -> ceil 8
    assert math.ceil(0.07 * 100) == 8  # the trap
    mw.workforce(mix("b7", white=100, band="BAND_7"))
    mw.with_settings(targets={**FIXED, "bme_share": 0.07}).run(ME)
    row = _band(mw, "band_7")
    assert row["target_bme_headcount"] == 7 and row["needed_replace"] == 7
    assert row["needed_growth"] == 8  # ceil(7 / 0.93) = ceil(7.53)
    assert mw.check("check_measures_model_employer_gap.sql") == []


def test_default_target_is_the_organisation_share(mw):
    # organisation: 26 BME of 110 staff -> p = 26/110. Band 8b: p x 60 = 14.18 -> 15 needed, 9 more;
    # growth ceil((26 x 60 - 6 x 110) / (110 - 26)) = ceil(900 / 84) = ceil(10.71) = 11
    _trust(mw).run(ME)
    row = _band(mw)
    assert row["target_basis"] == "organisation_bme_share"
    assert (row["target_numerator"], row["target_denominator"]) == (26, 110)
    assert (row["target_bme_headcount"], row["needed_replace"], row["needed_growth"]) == (15, 9, 11)
    assert (_band(mw, "band_5")["needed_replace"], _band(mw, "band_5")["needed_growth"]) == (0, 0)


def test_unknown_excluded_from_n_when_configured(mw):
    # n = 56 (White + BME): 0.19 x 56 = 10.64 -> 11, replace 5; growth ceil(4.64 / 0.81) = ceil(5.73) = 6
    _trust(mw).with_settings(targets={**FIXED, "model_employer_include_unknown": False}).run(ME)
    row = _band(mw)
    assert (row["n_total"], row["n_basis"], row["n_total_includes_unknown"]) == (60, 56, False)
    assert (row["needed_replace"], row["needed_growth"]) == (5, 6)


def test_every_band_by_scope_and_medical_staff_only_in_the_target(mw):
    mw.workforce(mix("n", white=8, bme=2, band="BAND_4", clinical_category="non_clinical")
                 + mix("doc", bme=10, band="MEDICAL", clinical_category="medical")
                 + mix("c", white=10, band="BAND_6"))
    mw.run(ME)
    rows = mw.rows("marts.model_employer_gap")
    assert len(rows) == 3 * 14  # 13 AfC bands + VSM, for all_afc / clinical / non_clinical
    assert _band(mw, "band_9")["n_total"] == 0 and _band(mw, "band_9")["needed_replace"] == 0
    # p = 12 BME / 30 staff (doctors count in the organisation share); clinical band 6: ceil(0.4 x 10) = 4
    b6 = _band(mw, "band_6", "clinical")
    assert (b6["target_numerator"], b6["target_denominator"]) == (12, 30) and b6["needed_replace"] == 4
    assert _band(mw, "band_6", "non_clinical")["n_total"] == 0
    assert _band(mw, "band_4", "all_afc")["n_total"] == 10
    assert not mw.rows("marts.model_employer_gap", "band = 'medical'")
