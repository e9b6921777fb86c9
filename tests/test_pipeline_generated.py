"""End to end on the generator's small profile: the pipeline recovers the planted ground truth."""

from __future__ import annotations

import duckdb
import pytest

from wres_pipeline import disclosure
from wres_pipeline.warehouse import build_path, published_path


@pytest.fixture(scope="module")
def refreshed(generated_trust):
    """Every source of the small generated trust, refreshed once per session (tests/conftest.py)."""
    return generated_trust.result, generated_trust.truth, generated_trust.settings


def test_refresh_succeeds_with_every_check_passing(refreshed):
    result, _, _ = refreshed
    assert result.success
    failed = [c.check_name for c in result.get_asset_check_evaluations() if not c.passed]
    assert failed == []


def test_raw_rows_equal_generated_rows_per_file(refreshed):
    _, truth, settings = refreshed
    with duckdb.connect(str(build_path(settings.paths.warehouse)), read_only=True) as conn:
        got = dict(conn.execute(
            "SELECT 'esr_staff_in_post/' || file_name, count(*) FILTER (WHERE drop_reason IS NULL) "
            "FROM raw.esr_staff_in_post GROUP BY 1"
        ).fetchall())
        quarantined = conn.execute("SELECT count(*) FROM staging.quarantine").fetchone()[0]
    expected = {k: v for k, v in truth["counts"].items() if k.startswith("esr_staff_in_post/")}
    assert got == expected
    assert quarantined == 0  # clean data: nothing rejected


def test_indicator_1_matches_the_planted_truth_exactly(refreshed):
    _, truth, settings = refreshed
    # the private build database holds the unsuppressed values; the published copy blanks small cells
    with duckdb.connect(str(build_path(settings.paths.warehouse)), read_only=True) as conn:
        rows = conn.execute(
            "SELECT org_code, report_year, subgroup, white_value, bme_value, unknown_value, value "
            "FROM marts.wres_indicator_result WHERE indicator = 1 AND measure = 'headcount' "
            "AND subgroup NOT LIKE '%:band_unknown' AND subgroup NOT LIKE '%:non_afc'"
        ).fetchall()
    got = {(o, y, s): (int(w), int(b), int(u), int(t)) for o, y, s, w, b, u, t in rows}
    want = {(r["org_code"], r["report_year"], r["subgroup"]): (r["white"], r["bme"], r["unknown"], r["total"])
            for r in truth["indicator_1"]}
    # the Model Employer row adds up the planted bands 8a to 9 and VSM of the AfC categories
    for org, year in {(o, y) for o, y, _ in want}:
        members = [want[(org, year, s)] for s in disclosure.AGGREGATE_ROWS["afc:band_8a_plus"] if (org, year, s) in want]
        want[(org, year, "afc:band_8a_plus")] = tuple(map(sum, zip(*members, strict=True)))
    assert got == want
    assert {y for _, y, _ in got} == set(truth["meta"]["report_years"])


def test_percentages_sum_to_100_on_every_row_of_every_year(refreshed):
    _, truth, settings = refreshed
    with duckdb.connect(str(published_path(settings.paths.warehouse)), read_only=True) as conn:
        rows = conn.execute(
            "SELECT report_year, subgroup, white_value + bme_value + unknown_value FROM marts.wres_indicator_result "
            "WHERE indicator = 1 AND measure = 'percent' AND status = 'OK' AND suppression_rule IS NULL"
        ).fetchall()
    assert {y for y, _, _ in rows} == set(truth["meta"]["report_years"])
    assert all(abs(total - 100) < 1e-9 for _, _, total in rows)


def test_published_copy_has_no_small_cells_and_says_why_cells_are_blank(refreshed):
    _, _, settings = refreshed
    with duckdb.connect(str(published_path(settings.paths.warehouse)), read_only=True) as conn:
        small = conn.execute(
            "SELECT count(*) FROM marts.wres_indicator_result WHERE indicator = 1 AND measure = 'headcount' "
            "AND (value BETWEEN 1 AND 4 OR white_value BETWEEN 1 AND 4 OR bme_value BETWEEN 1 AND 4 "
            "OR unknown_value BETWEEN 1 AND 4 OR unknown_count BETWEEN 1 AND 4)"
        ).fetchone()[0]
        rules = dict(conn.execute(
            "SELECT suppression_rule, count(*) FROM marts.wres_indicator_result GROUP BY 1"
        ).fetchall())
        unexplained = conn.execute(
            "SELECT count(*) FROM marts.wres_indicator_result WHERE indicator = 1 AND status = 'OK' "
            "AND measure IN ('headcount', 'percent') AND bme_value IS NULL AND suppression_rule IS NULL"
        ).fetchone()[0]
    assert small == 0
    assert rules.get("primary", 0) > 0 and rules.get(None, 0) > 0  # small trusts do have small cells
    assert unexplained == 0


def _results(settings, indicator: int, columns: str) -> dict[tuple, tuple]:
    """(org, report year, subgroup) -> columns of the annual rows of one indicator (private build copy)."""
    with duckdb.connect(str(build_path(settings.paths.warehouse)), read_only=True) as conn:
        rows = conn.execute(
            f"SELECT org_code, report_year, subgroup, {columns} FROM marts.wres_indicator_result "
            "WHERE indicator = ? AND period_type = 'wres_year' AND measure IN ('relative_likelihood', 'percent', "
            "'percent_difference')", [indicator]
        ).fetchall()
    return {tuple(r[:3]): tuple(r[3:]) for r in rows}


RL_COLUMNS = "white_events, white_population, bme_events, bme_population, unknown_count, value, status"


@pytest.mark.parametrize("indicator", [2, 3, 4])
def test_relative_likelihoods_match_the_planted_truth_exactly(refreshed, indicator):
    _, truth, settings = refreshed
    got = _results(settings, indicator, RL_COLUMNS)
    want = {(t["org_code"], t["report_year"], t["subgroup"]): t for t in truth[f"indicator_{indicator}"]}
    assert want and set(want) <= set(got)
    for key, t in want.items():
        we, wp, be, bp, unknown, value, status = got[key]
        if t["status"] == "INSUFFICIENT_HISTORY":  # the pooled RL of the first year: no previous year
            assert value is None and status == "INSUFFICIENT_HISTORY", key
            continue
        assert (we, wp, be, bp, unknown) == (t["white_events"], t["white_population"], t["bme_events"],
                                             t["bme_population"], t["unknown_count"]), key
        assert status == t["status"] and value == pytest.approx(t["relative_likelihood"], rel=1e-12), key


@pytest.mark.parametrize("indicator", [5, 6, 7, 8])
def test_survey_percentages_match_the_planted_truth_exactly(refreshed, indicator):
    _, truth, settings = refreshed
    got = _results(settings, indicator, "numerator, denominator, white_value, bme_value, status")
    want = {(t["org_code"], t["report_year"], t["subgroup"]): t for t in truth[f"indicator_{indicator}"]}
    assert want and set(want) <= set(got)
    for key, t in want.items():
        bme_yes, bme_base, white_pct, bme_pct, status = got[key]
        assert status == "OK" and (bme_yes, bme_base) == (t["bme_positive"], t["bme_base"]), key
        assert white_pct == pytest.approx(t["white_percent"], rel=1e-12), key
        assert bme_pct == pytest.approx(t["bme_percent"], rel=1e-12), key


def test_board_representation_matches_the_planted_truth_exactly(refreshed):
    _, truth, settings = refreshed
    got = _results(settings, 9, "numerator, denominator, unknown_count, white_value, value")
    with duckdb.connect(str(build_path(settings.paths.warehouse)), read_only=True) as conn:
        workforce_bme = dict(conn.execute(
            "SELECT report_year, value FROM marts.wres_indicator_result WHERE indicator = 1 AND measure = 'percent' "
            "AND subgroup = 'overall:total' AND period_type = 'wres_year'").fetchall())
    want = {(t["org_code"], t["report_year"], t["subgroup"]): t for t in truth["indicator_9"]}
    assert len(want) == 5 * len(truth["meta"]["report_years"]) and set(want) <= set(got)
    for key, t in want.items():
        bme, members, unknown, white_pct, diff = got[key]
        assert (bme, members, unknown) == (t["bme"], t["total"], t["unknown"]), key
        assert white_pct == pytest.approx(100 * t["white"] / t["total"], rel=1e-12), key
        assert diff == pytest.approx(100 * t["bme"] / t["total"] - workforce_bme[key[1]], rel=1e-12), key
