"""End to end on the generator's small profile: the pipeline recovers the planted ground truth."""

from __future__ import annotations

import json

import duckdb
import pytest

from wres_pipeline.config import load_settings
from wres_pipeline.generator import generate
from wres_pipeline.runner import execute_refresh
from wres_pipeline.warehouse import build_path, published_path


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory):
    root = tmp_path_factory.mktemp("generated")
    # ESR only: the other sources (Trac, ER, OLM, survey, board, action plan) are checked against their
    # truth in tests/test_generator_sources.py; widen this once their ingestion is end to end.
    generate(root / "inbox", profile="small", seed=3, sources=["esr_staff_in_post", "esr_leavers"])
    settings = load_settings(inbox=root / "inbox", warehouse=root / "warehouse")
    result = execute_refresh(settings)
    truth = json.loads((root / "inbox" / "_truth" / "truth.json").read_text())
    return result, truth, settings


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
