"""The WRES return (marts.wres_return), its reconcile check and its year-on-year anomaly list
(marts.wres_return_anomaly), on a small hand-made workforce with every figure worked out here."""

from __future__ import annotations

from datetime import date

from tests.test_indicator_support import ORG
from tests.test_indicator_support import wh as wh  # noqa: F401  (fixture)
from wres_pipeline.warehouse import query_sql

YEARS = (date(2023, 3, 31), date(2024, 3, 31))


def _same_workforce_both_years(wh):
    """Each year: clinical band 5 40 White / 10 BME / 2 Unknown, 3 White clinical staff whose band is not
    recognised, non-clinical band 3 20 White / 5 BME, 8 White / 4 BME consultants."""
    for snapshot in YEARS:
        wh.workforce(snapshot, white=40, bme=10, unknown=2, prefix="c")
        wh.workforce(snapshot, white=3, band="UNKNOWN", prefix="x")
        wh.workforce(snapshot, white=20, bme=5, band="BAND_3", category="non_clinical", prefix="n")
        wh.workforce(snapshot, white=8, bme=4, category="medical", cluster="consultant", prefix="m")
    return wh.run()


def _lines(wh, year: int) -> dict[str, dict]:
    return {r["line_code"]: r for r in wh.query(
        "SELECT * FROM marts.wres_return WHERE report_year = ? ORDER BY line_order", [year])}


def _problems(wh) -> list[tuple]:
    return query_sql(wh.conn, "check_wres_return_reconciles.sql", **wh.settings.sql_params()).fetchall()


def test_every_indicator_1_row_is_in_the_return_each_year_and_the_totals_add_up(wh):
    _same_workforce_both_years(wh)
    template = [r["subgroup"] for r in wh.query(
        "SELECT subgroup FROM ref.indicator_1_row WHERE category <> 'afc' ORDER BY sort_order")]
    assert len(template) == 37  # 14 AfC rows + total, twice; 5 medical rows + total; the overall workforce
    for year in (2023, 2024):
        lines = _lines(wh, year)
        ind1 = [r for r in lines.values() if r["indicator"] == 1]
        assert [r["subgroup"] for r in ind1 if r["template_row"]] == template
        # the 3 staff with an unrecognised band get their own line just before the clinical total
        codes = list(lines)
        assert codes[codes.index("1 clinical total") - 1] == "1 clinical band_unknown"
        assert lines["1 clinical band_unknown"]["template_row"] is False
        assert lines["1 clinical band_unknown"]["label"] == "Clinical (non-medical), AfC band not recognised"
        # empty bands are zero, not missing
        assert (lines["1 clinical band_8a"]["total_count"], lines["1 clinical band_8a"]["bme_pct"]) == (0, None)
        assert lines["1 clinical band_8a"]["label"] == "Clinical (non-medical), Band 8a"
        # 52 in band 5 + 3 unrecognised = 55 clinical; + 25 non-clinical + 12 medical = 92 (71 / 19 / 2)
        total = lines["1 clinical total"]
        assert (total["total_count"], total["white_count"], total["bme_count"], total["unknown_count"]) == (55, 43, 10, 2)
        overall = lines["1 overall total"]
        assert (overall["total_count"], overall["white_count"], overall["bme_count"]) == (92, 71, 19)
        assert (overall["white_pct"], overall["bme_pct"], overall["unknown_pct"]) == (77.2, 20.7, 2.2)  # 71, 19, 2 / 92
        assert (lines["1 medical consultant"]["total_count"], lines["1 medical total"]["bme_count"]) == (12, 4)
        # the Model Employer line (not a template row): nobody here is in bands 8a-9 or VSM
        assert (lines["1 afc band_8a_plus"]["total_count"], lines["1 afc band_8a_plus"]["template_row"]) == (0, False)
        # indicators 2-9 have their lines (no sources: NO_DATA), the two variants of 3 and every board subset
        assert [c for c in codes if not c.startswith("1 ")] == [
            "2 all", "3 all single_year", "3 all two_year_pooled", "4 all", "5 all", "6 all", "7 all", "8 all",
            "9 board all", "9 board voting", "9 board executive", "9 board non_executive", "9 board non_voting"]
        assert {lines[c]["status"] for c in codes if not c.startswith("1 ")} == {"NO_DATA"}
    assert _problems(wh) == []


def test_the_check_finds_a_line_that_does_not_reconcile(wh):
    _same_workforce_both_years(wh)
    wh.conn.execute("UPDATE marts.wres_return SET total_count = total_count + 1 "
                    "WHERE report_year = 2024 AND line_code = '1 clinical band_5'")
    wh.conn.execute("DELETE FROM marts.wres_return WHERE report_year = 2023 AND line_code = '1 non_clinical vsm'")
    assert sorted(_problems(wh)) == [
        (ORG, 2023, "1 non_clinical vsm", "no line in the return"),  # its row of marts.wres_indicator_result
        (ORG, 2023, "1 non_clinical vsm", "template row missing"),
        (ORG, 2024, "1 clinical band_5", "White + BME + Unknown = 52 but total is 53"),
        (ORG, 2024, "1 clinical band_5", "figures differ from marts.wres_indicator_result"),
        (ORG, 2024, "1 clinical total", "lines add up to 56 but the total is 55"),
    ]


def test_a_count_changed_by_hand_is_on_the_anomaly_list(wh):
    _same_workforce_both_years(wh)
    assert wh.query("SELECT * FROM marts.wres_return_anomaly") == []  # two identical years
    wh.workforce(YEARS[1], bme=15, prefix="new").run()  # 15 more BME staff in clinical band 5 in 2024
    moved = {(r["line_code"], r["figure"]): (r["previous_value"], r["value"]) for r in wh.query(
        "SELECT * FROM marts.wres_return_anomaly WHERE report_year = 2024")}
    # band 5: 52 -> 67 staff (+15 > 20 % of 52 and >= 10), BME 10 -> 25; White 40/52 = 76.9 % -> 40/67 = 59.7 %,
    # BME 19.2 % -> 37.3 % (>= 5 points); Unknown 3.8 % -> 3.0 % and the 40 White staff did not move.
    # Clinical total 55 -> 70, White 78.2 % -> 61.4 %, BME 18.2 % -> 35.7 %. Overall 92 -> 107: +15 is not
    # more than 20 % of 92 (18.4), so only its BME count and the shares are listed.
    assert moved == {
        ("1 clinical band_5", "total_count"): (52, 67), ("1 clinical band_5", "bme_count"): (10, 25),
        ("1 clinical band_5", "white_pct"): (76.9, 59.7), ("1 clinical band_5", "bme_pct"): (19.2, 37.3),
        ("1 clinical total", "total_count"): (55, 70), ("1 clinical total", "bme_count"): (10, 25),
        ("1 clinical total", "white_pct"): (78.2, 61.4), ("1 clinical total", "bme_pct"): (18.2, 35.7),
        ("1 overall total", "bme_count"): (19, 34), ("1 overall total", "white_pct"): (77.2, 66.4),
        ("1 overall total", "bme_pct"): (20.7, 31.8),
    }
    # floors of 20 people and 18 points: no count moved that much, and of the shares only band 5's BME share
    # (+18.1 points; the clinical total's moved 17.5)
    stricter = wh.settings.model_copy(update={"wres_return": wh.settings.wres_return.model_copy(
        update={"anomaly_min_count_change": 20, "anomaly_min_pp_change": 18.0})})
    wh.run(stricter)
    assert [(r["line_code"], r["figure"]) for r in wh.query("SELECT * FROM marts.wres_return_anomaly")] == [
        ("1 clinical band_5", "bme_pct")]
    assert _problems(wh) == []


def test_a_figure_that_disappears_is_on_the_anomaly_list(wh):
    # 2023: 8 White / 4 BME consultants; 2024: none. The count 12 -> 0 moves by 12 (>= 10, > 20 %), and the
    # shares 66.7 % / 33.3 % / 0.0 % have no value in 2024 (an empty row): listed as missing. A figure new this
    # year (2023 has no year before it in the return) is never listed.
    for snapshot in YEARS:
        wh.workforce(snapshot, white=40, bme=10, unknown=2, prefix="c")
    wh.workforce(YEARS[0], white=8, bme=4, category="medical", cluster="consultant", prefix="m").run()
    got = {(r["figure"], r["kind"]): (r["previous_value"], r["value"]) for r in wh.query(
        "SELECT * FROM marts.wres_return_anomaly WHERE report_year = 2024 AND line_code = '1 medical consultant'")}
    assert got == {("total_count", "count"): (12, 0), ("white_pct", "missing"): (66.7, None),
                   ("bme_pct", "missing"): (33.3, None), ("unknown_pct", "missing"): (0.0, None)}
    assert not wh.query("SELECT * FROM marts.wres_return_anomaly WHERE report_year = 2023")
