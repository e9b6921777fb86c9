"""Done-when: no published cell below the disclosure threshold, in EVERY published marts table.

The generator's small trust (``generated_trust`` of tests/conftest.py: seed 3, every source, refreshed once per
session) has small counts in every table that counts people. Every count of people in every published marts
table is checked: no value from 1 to suppress_below - 1 may be published (indicator 9, the board, is published
by design). A table's counts of people are the count cells its publication policy names
(``disclosure.MEASURE_POLICIES``) and every column named like a count (n_*, *_count, *_events ...), less the
columns ``disclosure.NOT_PEOPLE`` says count teams, organisations, chart points or actions.

The same query on the private build database must find small counts, so no check passes vacuously; a table
built from publishable values only (``disclosure.BUILT_FROM_PUBLISHABLE``) has none there by design, so its
upstream (the build's indicator 1 BME counts) must. A table counting people with no rule fails; a table with
no count of people must be named in NO_PERSON_COUNTS with the reason, and every table named there must have none.
"""

from __future__ import annotations

import re

import duckdb
import pytest

from wres_pipeline import disclosure
from wres_pipeline.config import load_settings
from wres_pipeline.definitions import build_definitions

SUPPRESS_BELOW = load_settings().thresholds.suppress_below
SMALL = f"BETWEEN 1 AND {SUPPRESS_BELOW - 1}"
COUNT_COLUMN = re.compile(r"^n_|_count$|_events$|_population$|^population_|^events_")
# Counts of people held in a value column on some rows only: (rows, columns).
COUNTS_ON_ROWS = {
    "marts.wres_indicator_result": ("measure = 'headcount'", ("value", "white_value", "bme_value", "unknown_value")),
    "marts.action_plan_status": ("unit = 'headcount'", ("baseline_value", "latest_value")),
}
# The small people counts of the build a table built from publishable values would show without that rule.
UPSTREAM = (f"SELECT count(*) FROM marts.wres_indicator_result WHERE indicator = 1 AND period_type = 'wres_year' "
            f"AND ((measure = 'percent' AND numerator {SMALL}) OR (measure = 'headcount' AND bme_value {SMALL}))")
NO_PERSON_COUNTS = {
    "marts.action_plan_actions": "the action register: actions, owners' roles and dates",
    "marts.wres_summary": "percentages, ratios and gaps; blanked where they rest on a suppressed cell by "
                          "sql/publish_disclosure_wres_summary.sql (tests/test_publication.py)",
    "marts.benchmark_indicator": "ranks of published summary values, re-ranked in the published copy "
                                 "(tests/test_benchmark.py); peer_count counts organisations",
    "marts.benchmark_rdr": "ranks of published Race Disparity Ratios, re-ranked in the published copy; "
                           "peer_count counts organisations",
    "marts.spc_series": "summary of the published marts.spc_points, rebuilt in the published copy",
    "marts.team_flag_counts": "counts of teams over the published rows of marts.team_flags",
}


def _published_marts() -> list[str]:
    defs = build_definitions()
    keys = {k for a in defs.assets for k in a.keys}  # type: ignore[union-attr]
    return sorted(f"marts.{k.path[1]}" for k in keys
                  if k.path[0] == "marts" and f"marts.{k.path[1]}" not in disclosure.PRIVATE_TABLES)


def _person_counts(conn: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    schema, name = table.split(".")
    columns = [c for (c,) in conn.execute(
        "SELECT column_name FROM duckdb_columns() WHERE schema_name = ? AND table_name = ? "
        "AND data_type IN ('BIGINT', 'INTEGER', 'HUGEINT', 'DOUBLE', 'SMALLINT') ORDER BY column_index",
        [schema, name]).fetchall()]
    policy = disclosure.MEASURE_POLICIES.get(table)
    named = {c for counts in policy.counts for c in counts.columns} if policy else set()
    not_people = disclosure.NOT_PEOPLE.get(table, {})
    assert set(not_people) <= set(columns), f"{table}: NOT_PEOPLE names no such column {set(not_people) - set(columns)}"
    assert named <= set(columns), f"{table}: the policy names no such column {named - set(columns)}"
    return [c for c in columns if (c in named or COUNT_COLUMN.search(c)) and c not in not_people]


def _small_cells(conn: duckdb.DuckDBPyConnection, table: str) -> int:
    """Rows of ``table`` with a count of people of 1..suppress_below-1."""
    small = [f'("{c}" {SMALL})' for c in _person_counts(conn, table)]
    if table in COUNTS_ON_ROWS:
        rows, columns = COUNTS_ON_ROWS[table]
        small += [f'({rows} AND "{c}" {SMALL})' for c in columns]
    board = "indicator <> 9 AND " if table == "marts.wres_indicator_result" else ""
    return conn.execute(f"SELECT count(*) FROM {table} WHERE {board}({' OR '.join(small)})").fetchone()[0]


@pytest.fixture(scope="module")
def warehouses(generated_trust):
    return generated_trust.build_file, generated_trust.published_file


def test_every_table_without_a_count_of_people_is_named_with_its_reason(warehouses):
    _, published = warehouses
    with duckdb.connect(str(published), read_only=True) as conn:
        without = {t for t in _published_marts() if not _person_counts(conn, t) and t not in COUNTS_ON_ROWS}
    assert without == set(NO_PERSON_COUNTS)


@pytest.mark.parametrize("table", [t for t in _published_marts() if t not in NO_PERSON_COUNTS])
def test_published_marts_never_hold_a_small_count(warehouses, table):
    build, published = warehouses
    assert table in disclosure.transforms(SUPPRESS_BELOW, 11) or table in disclosure.BUILT_FROM_PUBLISHABLE, (
        f"{table} counts people and has no disclosure rule in wres_pipeline/disclosure.py")
    with duckdb.connect(str(published), read_only=True) as conn:
        leaking = _small_cells(conn, table)
    with duckdb.connect(str(build), read_only=True) as conn:
        private = _small_cells(conn, table)
        upstream = conn.execute(UPSTREAM).fetchone()[0]
    if table in disclosure.BUILT_FROM_PUBLISHABLE:
        assert private == 0 and upstream > 0, (f"{table} is built from publishable values: the build must have "
                                               f"small counts upstream ({upstream}) and none in it ({private})")
    else:
        assert private > 0, f"{table}: the build has no small count of people, the check would pass vacuously"
    assert leaking == 0, f"{table}: {leaking} published row(s) with a count of people of 1-{SUPPRESS_BELOW - 1}"


def test_every_blanked_published_row_is_flagged_suppressed_for_publication(warehouses):
    """suppressed_for_publication is TRUE exactly on the published rows with a suppression_rule. A row blanked to protect another (complementary suppression) holds no small count itself, so the build
    flags it FALSE; the published copy must say it was suppressed, or a BI filter on the flag misreads it."""
    _, published = warehouses
    with duckdb.connect(str(published), read_only=True) as conn:
        tables = [f"{s}.{t}" for s, t in conn.execute(
            "SELECT schema_name, table_name FROM duckdb_columns() WHERE schema_name = 'marts' "
            "AND column_name IN ('suppression_rule', 'suppressed_for_publication') "
            "GROUP BY ALL HAVING count(*) = 2 ORDER BY ALL").fetchall()]
        counts = {t: conn.execute(
            f"SELECT count(*) FILTER (suppression_rule IS NOT NULL), "
            f"count(*) FILTER ((suppression_rule IS NOT NULL) <> coalesce(suppressed_for_publication, FALSE)) "
            f"FROM {t}").fetchone() for t in tables}
    assert len(tables) >= 5 and sum(blanked for blanked, _ in counts.values()) > 0, counts
    assert {t: mismatched for t, (_, mismatched) in counts.items() if mismatched} == {}, (
        "published rows whose suppressed_for_publication disagrees with suppression_rule")
