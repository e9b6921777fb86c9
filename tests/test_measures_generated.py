"""The measures marts on the generator's small trust: the planted truth (Race Disparity Ratio and team
flags, _truth/truth.json) recovered exactly, and disclosure control on the published copy."""

from __future__ import annotations

import duckdb
import pytest

from wres_pipeline import disclosure

RDR_SCOPE = {"all": "all_afc", "clinical": "clinical", "non_clinical": "non_clinical"}


def test_race_disparity_ratio_matches_the_planted_truth_exactly(generated_trust):
    want = generated_trust.truth["race_disparity_ratio"]
    with duckdb.connect(str(generated_trust.build_file), read_only=True) as conn:
        rows = conn.execute(
            "SELECT org_code, report_year, staff_scope, pair, form, white_from, white_to, bme_from, bme_to, value "
            "FROM marts.race_disparity_ratio WHERE period_type = 'wres_year'").fetchall()
    got = {tuple(r[:5]): r[5:] for r in rows}
    assert len(want) == 9 * len(generated_trust.truth["meta"]["report_years"])
    for t in want:
        for form, truth_value in (("ratio_of_ratios", t["ratio"]), ("share", t["share_ratio"])):
            key = (t["org_code"], t["report_year"], RDR_SCOPE[t["population"]], t["pair"], form)
            *counts, value = got[key]
            assert counts == [t["white_from"], t["white_to"], t["bme_from"], t["bme_to"]], key
            if truth_value is None:  # no BME staff at the higher level: infinite, no number
                assert value is None, key
            else:
                assert value == pytest.approx(truth_value, rel=1e-12), key


def test_team_flag_counts_match_the_planted_truth_exactly(generated_trust):
    want = generated_trust.truth["team_flags"]
    assert {t["target_percent"] for t in want} == {19} and {t["small_team_below"] for t in want} == {10}
    with duckdb.connect(str(generated_trust.published_file), read_only=True) as conn:
        rows = conn.execute(
            "SELECT org_code, report_year, directorate, flag_basis, flag, n_teams, n_small_teams "
            "FROM marts.team_flag_counts WHERE period_type = 'wres_year'").fetchall()
        # the truth's directorate 'all' is the whole organisation (scope organisation)
        no_bme_small = {tuple(r[:3]): r[3] for r in conn.execute(
            "SELECT org_code, report_year, coalesce(directorate, 'all'), count(*) FROM marts.team_flags "
            "WHERE period_type = 'wres_year' AND flag = 'NO_BME' AND is_small_team "
            "GROUP BY GROUPING SETS ((org_code, report_year, directorate), (org_code, report_year))").fetchall()}
    got = {tuple(r[:5]): r[5:] for r in rows}
    for t in want:
        key = (t["org_code"], t["report_year"], t["directorate"])
        n = {flag: got.get((*key, "unknown_included", flag), (0, 0)) for flag in ("NO_BME", "BELOW_TARGET", "AT_OR_ABOVE")}
        known = {flag: got.get((*key, "unknown_excluded", flag), (0, 0)) for flag in ("BELOW_TARGET", "AT_OR_ABOVE")}
        assert sum(teams for teams, _ in n.values()) == t["teams"], key
        assert (n["NO_BME"][0], n["BELOW_TARGET"][0], n["AT_OR_ABOVE"][0]) == (
            t["no_bme"], t["below_target"], t["at_or_above"]), key
        assert (known["BELOW_TARGET"][0], known["AT_OR_ABOVE"][0]) == (t["below_target_known"], t["at_or_above_known"]), key
        assert sum(small for _, small in n.values()) == t["small_team"], key
        assert no_bme_small.get(key, 0) == t["small_team_no_bme"], key


# The SPC points are built from publishable values: their build holds no small count for the policy to blank
# (tests/test_disclosure.py works their rule by hand; tests/test_disclosure_published.py checks them published).
@pytest.mark.parametrize("table", sorted(set(disclosure.MEASURE_POLICIES) - set(disclosure.BUILT_FROM_PUBLISHABLE)))
def test_published_measures_have_no_small_cells_and_say_why_cells_are_blank(generated_trust, table):
    policy = disclosure.MEASURE_POLICIES[table]
    counts = [c for group in policy.counts for c in group.columns]
    small = " OR ".join(f"({c} >= 1 AND {c} < 5)" for c in counts)
    blank = " OR ".join(f"{c} IS NULL" for c in policy.counts[0].columns)
    with duckdb.connect(str(generated_trust.published_file), read_only=True) as conn:
        shown_small = conn.execute(f"SELECT count(*) FROM {table} WHERE {small}").fetchone()[0]
        unexplained = conn.execute(
            f"SELECT count(*) FROM {table} WHERE ({blank}) AND suppression_rule IS NULL").fetchone()[0]
        derived_on_blank = conn.execute(
            f"SELECT count(*) FROM {table} WHERE ({blank}) AND ({' OR '.join(f'{c} IS NOT NULL' for c in policy.derived)})"
        ).fetchone()[0]
        rules = {r for (r,) in conn.execute(f"SELECT DISTINCT suppression_rule FROM {table}").fetchall()}
    with duckdb.connect(str(generated_trust.build_file), read_only=True) as conn:
        private_small = conn.execute(f"SELECT count(*) FROM {table} WHERE {small}").fetchone()[0]
        # rows with no counts before publication (e.g. the pay gap's NO_BONUS_DATA row) carry no rule
        native_blank = conn.execute(f"SELECT count(*) FROM {table} WHERE {blank}").fetchone()[0]
    assert shown_small == 0 and unexplained == native_blank and derived_on_blank == 0
    assert private_small > 0 and "primary" in rules  # a small trust has small cells: the test can fail
