"""Progression (seed 000 QI project 3): promotions between consecutive quarter-end snapshots (acting up
handled), acting-up opportunities and non-mandatory training by band, with rates and relative
likelihoods White / BME; the training 'all' row reproduces indicator 4."""

from __future__ import annotations

from datetime import date

from tests.test_measures_support import MARCH_24
from tests.test_measures_support import mw as mw  # noqa: F401  (fixture)

PROGRESSION = "create_marts_progression.sql"
SHARED = ["create_intermediate_flow_coverage.sql", "create_intermediate_wres_period.sql", "create_intermediate_wres_person_ethnicity.sql"]
Q = [date(2023, 3, 31), date(2023, 6, 30), date(2023, 9, 30), date(2023, 12, 31), MARCH_24]
ACT = "acting"

# person -> (ethnic group, band at Q0..Q4; None = not in post; (band, ACT) = acting up in that band)
TIMELINES = {
    **{f"sW{i}": ("WHITE", ["BAND_5"] * 5) for i in range(8)},
    **{f"sB{i}": ("BME", ["BAND_5"] * 5) for i in range(8)},
    "wP1": ("WHITE", ["BAND_5", "BAND_5", "BAND_6", "BAND_6", "BAND_6"]),  # promoted 5 -> 6
    "wP2": ("WHITE", ["BAND_6", "BAND_6", "BAND_6", "BAND_7", "BAND_7"]),  # promoted 6 -> 7
    "bA1": ("BME", ["BAND_5", "BAND_5", ("BAND_6", ACT), "BAND_6", "BAND_6"]),  # acts up, then appointed
    "bA2": ("BME", ["BAND_5", ("BAND_6", ACT), ("BAND_6", ACT), "BAND_5", "BAND_5"]),  # acts up, reverts
    "wV": ("WHITE", ["BAND_9", "BAND_9", "VSM", "VSM", "VSM"]),  # to VSM: not an AfC promotion
    "wN": ("WHITE", [None, None, None, "BAND_4", "BAND_4"]),  # new starter
    "bG": ("BME", ["BAND_3", None, "BAND_4", "BAND_4", "BAND_4"]),  # gap: not consecutive, no promotion
    "dW0": ("WHITE", ["MEDICAL"] * 5),
    "dW1": ("WHITE", ["MEDICAL"] * 5),
}


def _trust(mw):
    workforce, assignments = [], []
    for person, (group, bands) in TIMELINES.items():
        for q, band in zip(Q, bands, strict=True):
            if band is None:
                continue
            band, acting = band if isinstance(band, tuple) else (band, None)
            row = {"snapshot_date": q, "person_id": person, "ethnic_group": group, "band": band,
                   "clinical_category": "medical" if band == "MEDICAL" else "clinical",
                   "assignment_number": f"A-{person}"}
            workforce.append(row)
            assignments.append({**row, "is_counted": True, "is_primary": True,
                                "assignment_status": "Acting Up" if acting else "Active Assignment"})
    mw.workforce(workforce)
    return mw.table("staff_in_post", assignments)


def _training(mw):
    dates = [date(2023, 5, 1), date(2023, 8, 1), date(2023, 11, 1), date(2024, 2, 1)]
    rows = [{"person_id": f"sW{i}", "class_start_date": dates[i], "is_attended": True, "is_mandatory": False,
             "is_matched_to_esr": True} for i in range(4)]
    rows += [{"person_id": f"sB{i}", "class_start_date": dates[i + 1], "is_attended": True, "is_mandatory": None,
              "is_matched_to_esr": True} for i in range(2)]
    rows += [
        {"person_id": "sW0", "class_start_date": dates[2], "is_attended": True, "is_mandatory": False,
         "is_matched_to_esr": True},  # second course: the same person once
        {"person_id": "sB5", "class_start_date": dates[0], "is_attended": True, "is_mandatory": True,
         "is_matched_to_esr": True},  # mandatory
        {"person_id": "sB6", "class_start_date": dates[0], "is_attended": False, "is_mandatory": False,
         "is_matched_to_esr": True},  # not attended
        {"person_id": "x1", "class_start_date": dates[3], "is_attended": True, "is_mandatory": False,
         "is_matched_to_esr": False},  # not in ESR
    ]
    return mw.table("training", rows)


def _row(mw, measure, band="all"):
    return mw.one("marts.progression", measure=measure, period_end=MARCH_24,
                  breakdown_type="all" if band == "all" else "band", breakdown_value=band)


def _wb(row, prefix="n_"):
    return row[f"{prefix}white"], row[f"{prefix}bme"]


def test_promotions_between_consecutive_quarter_ends(mw):
    _trust(mw).run(*SHARED, PROGRESSION)
    promoted = _row(mw, "promotion")
    # promoted: wP1, wP2 / bA1 (acting up then appointed); population: AfC staff with a transition
    assert _wb(promoted) == (2, 1) and _wb(promoted, "population_") == (12, 11)
    assert round(promoted["relative_likelihood"], 4) == round((2 / 12) / (1 / 11), 4)
    assert promoted["rl_focus"] == "WHITE" and promoted["period_type"] == "wres_year"
    band_5 = _row(mw, "promotion", "band_5")  # wP1 / bA1 out of 9 White and 10 BME on band 5
    assert _wb(band_5) == (1, 1) and _wb(band_5, "population_") == (9, 10)
    assert round(band_5["relative_likelihood"], 4) == round((1 / 9) / (1 / 10), 4)
    band_6 = _row(mw, "promotion", "band_6")
    assert _wb(band_6) == (1, 0) and _wb(band_6, "population_") == (2, 1) and band_6["rl_status"] == "REFERENCE_ZERO"
    assert _wb(_row(mw, "promotion", "band_9")) == (0, 0)  # band 9 -> VSM is not an AfC promotion
    assert _wb(_row(mw, "promotion", "band_4"), "population_") == (1, 1)  # new starter; the gap person
    assert not mw.rows("marts.progression", "breakdown_value IN ('band_3', 'vsm', 'medical')")
    # only the 12 months to 31 March 2024 have the five quarter-end snapshots
    assert {r["period_end"] for r in mw.rows("marts.progression")} == {MARCH_24}
    assert mw.check("check_measures_progression.sql") == []


def test_acting_up_opportunities(mw):
    _trust(mw).run(*SHARED, PROGRESSION)
    acting = _row(mw, "acting_up")
    assert _wb(acting) == (0, 2) and acting["rl_status"] == "FOCUS_ZERO" and acting["relative_likelihood"] == 0
    assert _wb(_row(mw, "acting_up", "band_5")) == (0, 2)  # from their substantive band 5


def test_non_mandatory_training_reproduces_indicator_4(mw):
    _training(_trust(mw)).run(*SHARED, PROGRESSION, "create_intermediate_wres_indicator_4.sql")
    training = _row(mw, "non_mandatory_training")
    # 4 White / 2 BME people of a 31 March headcount of 14 White / 11 BME
    assert _wb(training) == (4, 2) and _wb(training, "population_") == (14, 11)
    assert round(training["relative_likelihood"], 4) == round((4 / 14) / (2 / 11), 4)
    assert _wb(_row(mw, "non_mandatory_training", "band_5")) == (4, 2)
    ind4 = mw.one("intermediate.wres_indicator_4", measure="relative_likelihood", period_end=MARCH_24)
    assert ind4["value"] == training["relative_likelihood"]
