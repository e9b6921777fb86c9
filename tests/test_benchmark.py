"""Multi-organisation benchmarks (marts.benchmark_*): ranks, quartiles, group figures and gaps worked
by hand on five organisations, the shipped organisation reference, and a refresh of an inbox holding
several generated organisations at once."""

from __future__ import annotations

import csv
import math
from dataclasses import astuple, dataclass, replace
from pathlib import Path

import duckdb
import pytest

from bench.organisations import SHIPPED, organisation_rows
from wres_pipeline.config import Settings, load_settings
from wres_pipeline.runner import execute_refresh
from wres_pipeline.warehouse import build_path, published_path, run_sql
from wres_synth import Profile, generate, national_orgs
from wres_synth import api as generator_api

ORGS = [  # A, B, C share ICS Q1; D is alone in Q2; all four in region R1; E is not in the reference
    {"org_code": "A", "org_name": "Trust A", "trust_type": "acute", "ics_code": "Q1", "ics_name": "ICS 1",
     "region_code": "R1", "region_name": "Region 1", "source": "test"},
    {"org_code": "B", "org_name": "Trust B", "trust_type": "acute", "ics_code": "Q1", "ics_name": "ICS 1",
     "region_code": "R1", "region_name": "Region 1", "source": "test"},
    {"org_code": "C", "org_name": "Trust C", "trust_type": "acute", "ics_code": "q1 ", "ics_name": "ICS 1",
     "region_code": "r1", "region_name": "Region 1", "source": "test"},
    {"org_code": "D", "org_name": "Trust D", "trust_type": "community", "ics_code": "Q2", "ics_name": "ICS 2",
     "region_code": "R1", "region_name": "Region 1", "source": "test"},
]
# (indicator, breakdown, measure, better_when) -> org -> headline value (None = blank, e.g. suppressed)
HEADLINES = {
    (2, "all", "relative_likelihood", "lower"): {"A": 1.2, "B": 1.5, "C": 0.9, "D": 2.0, "E": 1.1},
    (7, "all", "percent", "higher"): {"A": 60.0, "B": None, "C": 55.0, "D": 70.0, "E": 65.0},
    (4, "all", "relative_likelihood", "closer_to_1"): {"A": 0.5, "B": 1.1, "C": 2.0, "D": 1.0},
    (1, "overall:total", "percent", None): {"A": 10.0, "B": 30.0, "C": 20.0, "D": 25.0, "E": 5.0},
}


@dataclass(frozen=True)
class Row:
    scope_code: str | None
    peer_count: int
    peer_value: float | None
    gap: float | None
    rank: int | None
    quartile: int | None

    @property
    def rq(self) -> tuple:
        return self.rank, self.quartile


def _write_orgs(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def bench_conn(sql_conn, tmp_path):
    """ref.organisation from a test CSV (later file overriding the first), a hand-made marts.wres_summary."""
    first = _write_orgs(tmp_path / "orgs.csv", [{**ORGS[0], "ics_code": "Q9"}, *ORGS[1:]])
    override = _write_orgs(tmp_path / "override.csv", ORGS[:1])
    run_sql(sql_conn, "create_ref_organisation.sql", organisation_files=[str(first), str(override)])
    sql_conn.execute(
        "CREATE TABLE marts.wres_summary (org_code VARCHAR, report_year INTEGER, indicator INTEGER, "
        "breakdown VARCHAR, measure VARCHAR, headline_value DOUBLE, better_when VARCHAR, workforce_bme_pct DOUBLE)"
    )
    for (indicator, breakdown, measure, better), values in HEADLINES.items():
        for org, value in values.items():
            sql_conn.execute("INSERT INTO marts.wres_summary VALUES (?, 2024, ?, ?, ?, ?, ?, 20.0)",
                             [org, indicator, breakdown, measure, value, better])
    return sql_conn


def _benchmark(conn, peer_figure: str = "median") -> dict[tuple, tuple]:
    params = {**Settings().publication_sql_params(), "peer_figure": peer_figure}
    run_sql(conn, "create_benchmark_macros.sql")
    run_sql(conn, "create_marts_benchmark_indicator.sql", **params)
    rows = conn.execute(
        "SELECT indicator, org_code, scope, scope_code, peer_count, peer_value, gap, rank, quartile "
        "FROM marts.benchmark_indicator"
    ).fetchall()
    return {(i, o, s): Row(*rest) for i, o, s, *rest in rows}


def test_reference_reads_every_file_and_a_later_file_wins(bench_conn):
    rows = dict(bench_conn.execute("SELECT org_code, ics_code || '/' || region_code FROM ref.organisation").fetchall())
    assert rows == {"A": "Q1/R1", "B": "Q1/R1", "C": "Q1/R1", "D": "Q2/R1"}


def test_lower_is_better_ranks_quartiles_medians_and_gaps_by_hand(bench_conn):
    b = _benchmark(bench_conn)
    # national: C 0.9, E 1.1, A 1.2, B 1.5, D 2.0 -> median 1.2; quartile 1 + floor(4 (rank - 1) / 5)
    assert [b[(2, o, "national")].rq for o in "CEABD"] == [(1, 1), (2, 1), (3, 2), (4, 3), (5, 4)]
    assert {(b[(2, o, "national")].peer_count, b[(2, o, "national")].peer_value) for o in "ABCDE"} == {(5, 1.2)}
    assert b[(2, "D", "national")].gap == pytest.approx(0.8)
    # region R1 (E is not mapped): C 0.9, A 1.2, B 1.5, D 2.0 -> median 1.35, quartiles 1-4
    assert [b[(2, o, "region")].rq for o in "CABD"] == [(1, 1), (2, 2), (3, 3), (4, 4)]
    assert b[(2, "A", "region")].peer_count == 4
    assert b[(2, "A", "region")].peer_value == pytest.approx(1.35)
    assert b[(2, "A", "region")].gap == pytest.approx(-0.15)
    # ICS Q1: C, A, B -> median 1.2, quartiles 1, 1 + floor(4/3) = 2, 1 + floor(8/3) = 3; Q2: D alone
    assert [b[(2, o, "ics")].rq for o in "CAB"] == [(1, 1), (2, 2), (3, 3)]
    assert astuple(b[(2, "D", "ics")]) == ("Q2", 1, 2.0, 0.0, 1, 1)
    # the unmapped organisation has no ICS / region group, and is ranked nationally only
    assert astuple(b[(2, "E", "ics")]) == (None, 0, None, None, None, None)
    assert astuple(b[(2, "E", "region")]) == (None, 0, None, None, None, None)


def test_higher_is_better_and_a_blank_value_is_neither_ranked_nor_counted(bench_conn):
    b = _benchmark(bench_conn)
    # national: D 70, E 65, A 60, C 55 (B blank) -> 4 valued, median 62.5
    assert [b[(7, o, "national")].rq for o in "DEAC"] == [(1, 1), (2, 2), (3, 3), (4, 4)]
    assert astuple(b[(7, "B", "national")]) == ("ENG", 4, 62.5, None, None, None)
    assert astuple(b[(7, "B", "ics")]) == ("Q1", 2, 57.5, None, None, None)


def test_closer_to_one_is_a_log_scale_distance_with_ties_sharing_a_rank(bench_conn):
    b = _benchmark(bench_conn)
    # |ln|: D 0, B 0.095, A and C both ln 2 -> ranks 1, 2, 3, 3; quartile of rank 3 of 4 = 1 + floor(8/4) = 3
    assert [b[(4, o, "national")].rq for o in "DBAC"] == [(1, 1), (2, 2), (3, 3), (3, 3)]
    assert math.isclose(b[(4, "A", "national")].peer_value, 1.05)  # median of 0.5, 1.0, 1.1, 2.0


def test_descriptive_indicator_1_ranks_highest_first(bench_conn):
    b = _benchmark(bench_conn)
    assert [b[(1, o, "national")].rank for o in "BDCAE"] == [1, 2, 3, 4, 5]
    labels = bench_conn.execute("SELECT DISTINCT better_when FROM marts.benchmark_indicator WHERE indicator = 1").fetchall()
    assert labels == [("highest_first",)]


def test_mean_peer_figure(bench_conn):
    b = _benchmark(bench_conn, peer_figure="mean")
    assert b[(2, "A", "region")].peer_value == pytest.approx((1.2 + 1.5 + 0.9 + 2.0) / 4)
    assert b[(2, "A", "national")].peer_value == pytest.approx((1.2 + 1.5 + 0.9 + 2.0 + 1.1) / 5)


def test_shipped_organisations_are_the_generators_national_profile():
    with SHIPPED.open(newline="", encoding="utf-8") as fh:
        shipped = list(csv.DictReader(fh))
    expected = organisation_rows(national_orgs(0), "synthetic generator, national profile, seed 0")
    assert shipped == expected
    assert len({r["ics_code"] for r in shipped}) == 42 and len({r["region_code"] for r in shipped}) == 7


def _four_organisations():
    """SY001, another organisation of its ICS, one of another ICS in its region, one of another region."""
    orgs = national_orgs(0)
    first = orgs[0]
    same_ics = next(o for o in orgs[1:] if o.ics_code == first.ics_code)
    same_region = next(o for o in orgs[1:] if o.region_code == first.region_code and o.ics_code != first.ics_code)
    elsewhere = next(o for o in orgs[1:] if o.region_code != first.region_code)
    return tuple(replace(o, size=size) for o, size in zip((first, same_ics, same_region, elsewhere),
                                                          (160, 120, 140, 100), strict=True))


@pytest.fixture(scope="module")
def multi_org(tmp_path_factory):
    """One inbox with four generated organisations' extracts (every source), refreshed once."""
    root = tmp_path_factory.mktemp("multi_org")
    orgs = _four_organisations()
    profile = Profile("multi_org_test", 2, orgs, "four small organisations in three ICSs and two regions")
    with pytest.MonkeyPatch.context() as mp:  # generate() takes its organisations from the named profile
        mp.setattr(generator_api, "get_profile", lambda name, seed=0: profile)
        generate(root / "inbox", profile="multi_org_test", seed=8, end_year=2025)
    settings = load_settings(inbox=root / "inbox", warehouse=root / "warehouse")
    result = execute_refresh(settings)
    return result, settings, orgs


def test_an_inbox_of_many_organisations_loads_in_one_refresh(multi_org):
    result, settings, orgs = multi_org
    assert result.success, [e.step_key for e in result.get_step_failure_events()]
    codes = sorted(o.code for o in orgs)
    with duckdb.connect(str(build_path(settings.paths.warehouse)), read_only=True) as conn:
        tables = conn.execute(
            "SELECT schema_name || '.' || table_name, list(column_name) FROM duckdb_columns() "
            "WHERE database_name = current_database() AND schema_name IN ('raw', 'staging', 'intermediate', 'marts') "
            "GROUP BY ALL ORDER BY 1"
        ).fetchall()
        keyless = [t for t, cols in tables if "org_code" not in cols]
        assert keyless == []
        for table in ("raw.esr_staff_in_post", "staging.staff_in_post", "marts.wres_indicator_result",
                      "marts.race_disparity_ratio", "marts.wres_summary"):
            assert [c for (c,) in conn.execute(f"SELECT DISTINCT org_code FROM {table} ORDER BY 1").fetchall()] == codes


HEADLINE_1 = ("SELECT org_code, scope, scope_code, value, peer_count, rank FROM marts.benchmark_indicator "
              "WHERE report_year = 2025 AND indicator = 1 AND breakdown = 'overall:total'")


def test_benchmarks_rank_every_organisation_in_its_groups(multi_org):
    result, settings, orgs = multi_org
    assert result.success
    with duckdb.connect(str(build_path(settings.paths.warehouse)), read_only=True) as conn:
        rows = conn.execute(HEADLINE_1).fetchall()
        rdr = conn.execute(  # small organisations: most RDRs rest on a suppressed count, and are not ranked
            "SELECT count(DISTINCT org_code), count(*) FILTER ((value IS NULL) <> (rank IS NULL)) "
            "FROM marts.benchmark_rdr WHERE scope = 'national'"
        ).fetchone()
    by = {(o, s): (code, n, r) for o, s, code, _, n, r in rows}
    first, same_ics, same_region, elsewhere = (o.code for o in orgs)
    assert sorted(r for (_, s), (_, _, r) in by.items() if s == "national") == [1, 2, 3, 4]
    assert {by[(o.code, "national")][:2] for o in orgs} == {("ENG", 4)}
    assert by[(first, "ics")][:2] == (orgs[0].ics_code, 2) and by[(same_ics, "ics")][1] == 2
    assert by[(same_region, "ics")][1] == 1 and by[(same_region, "ics")][2] == 1
    assert by[(first, "region")][1] == 3 and by[(elsewhere, "region")][1:] == (1, 1)
    assert rdr == (4, 0)


def test_published_benchmarks_rank_only_published_values(multi_org):
    """A headline blanked by disclosure control is neither ranked nor counted in the published copy."""
    result, settings, _ = multi_org
    assert result.success
    with duckdb.connect(str(published_path(settings.paths.warehouse)), read_only=True) as conn:
        rows = conn.execute(HEADLINE_1).fetchall()
        leaks = conn.execute(
            "SELECT count(*) FROM marts.benchmark_indicator WHERE (value IS NULL) <> (rank IS NULL) "
            "AND scope_code IS NOT NULL"
        ).fetchone()[0]
        blanked = conn.execute(
            "SELECT count(*) FROM marts.benchmark_indicator AS b JOIN marts.wres_summary AS s "
            "USING (org_code, report_year, indicator, breakdown) "
            "WHERE s.suppression_rule IS NOT NULL AND (b.value IS NOT NULL OR b.rank IS NOT NULL)"
        ).fetchone()[0]
    national = [(value, n, r) for _, scope, _, value, n, r in rows if scope == "national"]
    shown = [v for v, _, _ in national if v is not None]
    assert sorted(r for v, _, r in national if v is not None) == list(range(1, len(shown) + 1))
    assert {n for _, n, _ in national} == {len(shown)}
    assert leaks == 0 and blanked == 0
