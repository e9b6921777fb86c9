"""Race Disparity Ratio (wres-indicators.md §11.1): the worked example exactly, both forms labelled,
clinical / non-clinical split, Unknown / medical / VSM handling and the zero-count statuses."""

from __future__ import annotations

from tests.test_measures_support import mix
from tests.test_measures_support import mw as mw  # noqa: F401  (fixture)

RDR = "create_marts_race_disparity_ratio.sql"


def _worked_example(mw):
    """White lower 1,800 / middle 900 / upper 300; BME 700 / 250 / 50 (§11.1), split clinical + non-clinical
    so the scopes can be checked too; plus Unknown, medical and VSM staff who must not count."""
    clin, non = {"clinical_category": "clinical"}, {"clinical_category": "non_clinical"}
    return mw.workforce(
        mix("cl1", white=100, bme=50, band="UNDER_BAND_1", **clin) + mix("cl2", white=900, bme=350, band="BAND_3", **clin)
        + mix("cm", white=500, bme=150, band="BAND_6", **clin) + mix("cu", white=200, bme=30, band="BAND_8A", **clin)
        + mix("nl", white=800, bme=300, band="BAND_2", **non) + mix("nm", white=400, bme=100, band="BAND_7", **non)
        + mix("nu", white=100, bme=20, band="BAND_9", **non)
        + mix("unk", unknown=10, band="BAND_8A", **clin)
        + mix("doc", bme=20, band="MEDICAL", clinical_category="medical")
        + mix("vsm", white=5, band="VSM", **non)
    )


def _value(mw, pair, form="ratio_of_ratios", scope="all_afc"):
    return mw.one("marts.race_disparity_ratio", staff_scope=scope, pair=pair, form=form)


def test_worked_example_both_forms(mw):
    _worked_example(mw).run(RDR)
    lu = _value(mw, "lower_to_upper")
    assert round(lu["value"], 2) == 2.33 and lu["status"] == "OK" and lu["is_selected_form"]
    assert (lu["white_from"], lu["white_to"], lu["bme_from"], lu["bme_to"]) == (1800, 300, 700, 50)
    assert abs(lu["value"] - (300 / 1800) / (50 / 700)) < 1e-12
    assert round(_value(mw, "middle_to_upper")["value"], 2) == 1.67
    assert round(_value(mw, "lower_to_middle")["value"], 2) == 1.40
    share = _value(mw, "lower_to_upper", form="share")
    assert round(share["value"], 2) == 2.14 and not share["is_selected_form"]
    assert share["ci_lower"] < share["value"] < share["ci_upper"] and lu["ci_lower"] is None
    # Unknown excluded (reported), medical and VSM (rdr_include_vsm default false) not counted
    assert lu["unknown_excluded"] == 10 and not lu["vsm_included"]
    assert {r["form"] for r in mw.rows("marts.race_disparity_ratio")} == {"ratio_of_ratios", "share"}
    assert len(mw.rows("marts.race_disparity_ratio")) == 3 * 3 * 2
    assert mw.check("check_measures_race_disparity_ratio.sql") == []


def test_clinical_and_non_clinical_separately(mw):
    _worked_example(mw).run(RDR)
    clinical = _value(mw, "lower_to_upper", scope="clinical")
    assert (clinical["white_from"], clinical["white_to"], clinical["bme_from"], clinical["bme_to"]) == (1000, 200, 400, 30)
    assert abs(clinical["value"] - (200 / 1000) / (30 / 400)) < 1e-12  # 2.67
    non_clinical = _value(mw, "middle_to_upper", scope="non_clinical")
    assert abs(non_clinical["value"] - (100 / 400) / (20 / 100)) < 1e-12  # 1.25


def test_vsm_in_the_upper_level_and_the_share_form_selected(mw):
    _worked_example(mw).with_settings(methods={"rdr_include_vsm": True, "rdr_form": "share"}).run(RDR)
    lu = _value(mw, "lower_to_upper")
    assert lu["white_to"] == 305 and lu["vsm_included"] and not lu["is_selected_form"]
    assert abs(lu["value"] - (305 / 1800) / (50 / 700)) < 1e-12
    assert _value(mw, "lower_to_upper", form="share")["is_selected_form"]


def test_zero_cells_give_statuses_not_numbers(mw):
    mw.workforce(mix("l", white=10, bme=10, band="BAND_4") + mix("m", white=5, band="BAND_6")
                 + mix("u", bme=3, band="BAND_8B")).run(RDR)
    assert _value(mw, "lower_to_middle")["status"] == "REFERENCE_ZERO"  # no BME in the middle: infinite
    assert _value(mw, "lower_to_middle")["value"] is None
    lu = _value(mw, "lower_to_upper")
    assert lu["status"] == "FOCUS_ZERO" and lu["value"] == 0  # no White in the upper level
    mu = _value(mw, "middle_to_upper")
    assert mu["status"] == "NO_POPULATION" and mu["value"] is None  # no BME in the middle (from) level
    assert _value(mw, "lower_to_upper", scope="non_clinical")["status"] == "NO_POPULATION"
    assert mw.check("check_measures_race_disparity_ratio.sql") == []


def test_more_staff_at_the_higher_level_than_the_lower(mw):
    # a corporate-style scope: 10 White / 10 BME on bands 1-5, 30 White / 5 BME on 8a-9. The ratio form's
    # "rate" exceeds 1 (30 / 10): the value stands, with no CI; the share form keeps its CI.
    mw.workforce(mix("l", white=10, bme=10, band="BAND_3") + mix("u", white=30, bme=5, band="BAND_8C")).run(RDR)
    lu = _value(mw, "lower_to_upper")
    assert lu["status"] == "OK" and lu["value"] == 6.0 and lu["ci_lower"] is None
    share = _value(mw, "lower_to_upper", form="share")
    assert abs(share["value"] - (30 / 40) / (5 / 15)) < 1e-12 and share["ci_lower"] is not None
    # nobody on bands 6-7: no middle_to_upper ratio in either form (the share form would say 1.00)
    assert {_value(mw, "middle_to_upper", form=f)["status"] for f in ("ratio_of_ratios", "share")} == {"NO_POPULATION"}
    assert mw.check("check_measures_race_disparity_ratio.sql") == []
