"""WRES indicator 1 against the worked example of wres-indicators.md §1, computed by hand."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from wres_pipeline.warehouse import run_sql


def _workforce(cells: dict[tuple[str, str, str | None], dict[str, int]], snapshot=date(2024, 3, 31)) -> pl.DataFrame:
    """One row per person: cells map (clinical_category, band, medical_cluster) -> counts per ethnic group."""
    rows = []
    for (category, band, cluster), counts in cells.items():
        for group, n in counts.items():
            rows += [{
                "org_code": "SY001", "snapshot_date": snapshot, "person_id": f"{category}-{band}-{group}-{i}",
                "clinical_category": category, "band": band, "medical_cluster": cluster,
                "is_senior_medical_manager": False, "ethnic_group": group, "source_file_id": "f1",
            } for i in range(n)]
    return pl.DataFrame(rows, infer_schema_length=None)


@pytest.fixture
def indicator_1(sql_conn, settings):
    def compute(frame: pl.DataFrame) -> dict[tuple[str, str], tuple]:
        sql_conn.register("workforce", frame)
        sql_conn.execute("CREATE OR REPLACE TABLE staging.workforce_snapshot AS SELECT * FROM workforce")
        run_sql(sql_conn, "create_intermediate_wres_indicator_1.sql", **settings.sql_params())
        rows = sql_conn.execute(
            "SELECT subgroup, measure, value, white_value, bme_value, unknown_value, unknown_count, status, "
            "small_numbers_flag, suppressed_for_publication FROM intermediate.wres_indicator_1"
        ).fetchall()
        return {(r[0], r[1]): r[2:] for r in rows}

    return compute


def test_worked_example_band_8a_clinical(indicator_1):
    # Band 8a clinical: 40 White, 6 BME, 2 Unknown; the overall workforce is 4,200 = 3,000 / 1,000 / 200.
    result = indicator_1(_workforce({
        ("clinical", "BAND_8A", None): {"WHITE": 40, "BME": 6, "UNKNOWN": 2},
        ("clinical", "BAND_5", None): {"WHITE": 2000, "BME": 794, "UNKNOWN": 150},
        ("non_clinical", "BAND_3", None): {"WHITE": 960, "BME": 200, "UNKNOWN": 48},
    }))
    value, white, bme, unknown, unknown_count, status, *_ = result[("clinical:band_8a", "percent")]
    assert round(bme, 1) == 12.5 and round(white, 1) == 83.3 and round(unknown, 1) == 4.2
    assert unknown_count == 2 and status == "OK" and value == bme
    assert result[("clinical:band_8a", "headcount")][:4] == (48, 40, 6, 2)
    overall = result[("overall:total", "percent")]
    assert result[("overall:total", "headcount")][0] == 4200
    assert round(overall[2], 1) == 23.8
    assert round(result[("clinical:band_8a", "bme_gap_pp")][0], 1) == -11.3
    assert round(result[("clinical:band_8a", "bme_ratio")][0], 2) == 0.53


def test_every_template_row_is_present_and_empty_rows_have_no_percentages(indicator_1):
    result = indicator_1(_workforce({("clinical", "BAND_5", None): {"WHITE": 10, "BME": 3}}))
    subgroups = {s for s, _ in result}
    expected = {f"{c}:{r}" for c in ("non_clinical", "clinical") for r in
                ["under_band_1", *[f"band_{b}" for b in (1, 2, 3, 4, 5, 6, 7, "8a", "8b", "8c", "8d", 9)], "vsm", "total"]}
    expected |= {f"medical:{r}" for r in ("consultant", "consultant_senior_medical_manager",
                                           "non_consultant_career_grade", "trainee", "other", "total")}
    assert subgroups == expected | {"overall:total", "afc:band_8a_plus"}
    empty = result[("clinical:band_9", "percent")]
    assert empty[0] is None and empty[5] == "EMPTY"
    # 3 BME people in a row: counted and flagged for suppression on publication, never dropped
    assert result[("clinical:band_5", "headcount")][:3] == (13, 10, 3)
    assert result[("clinical:band_5", "headcount")][7] is True


def test_medical_clusters_and_unknown_bands_have_their_own_rows(indicator_1):
    result = indicator_1(_workforce({
        ("medical", "MEDICAL", "consultant"): {"WHITE": 7, "BME": 5},
        ("medical", "MEDICAL", "trainee"): {"BME": 4},
        ("non_clinical", "UNKNOWN", None): {"WHITE": 2},
    }))
    assert result[("medical:total", "headcount")][:3] == (16, 7, 9)
    assert result[("non_clinical:band_unknown", "headcount")][:2] == (2, 2)
    assert result[("overall:total", "headcount")][0] == 18
    assert result[("medical:consultant", "headcount")][6] is False  # small_numbers: total 12 >= 5
    assert result[("medical:trainee", "headcount")][6] is True  # 4 people < 5


def test_the_band_8a_plus_row_adds_up_afc_bands_8a_to_9_and_vsm_of_both_categories(indicator_1):
    # clinical 8a: 40 White, 6 BME, 2 Unknown; non-clinical VSM: 3 White, 1 BME; clinical band 5 and medical
    # consultants are outside it -> 8a+ = 43 White, 7 BME, 2 Unknown = 52; BME % = 7 / 52 = 13.46 %
    result = indicator_1(_workforce({
        ("clinical", "BAND_8A", None): {"WHITE": 40, "BME": 6, "UNKNOWN": 2},
        ("non_clinical", "VSM", None): {"WHITE": 3, "BME": 1},
        ("clinical", "BAND_5", None): {"WHITE": 100, "BME": 30},
        ("medical", "MEDICAL", "consultant"): {"WHITE": 10, "BME": 10},
    }))
    assert result[("afc:band_8a_plus", "headcount")][:4] == (52, 43, 7, 2)
    assert round(result[("afc:band_8a_plus", "percent")][2], 2) == 13.46
