"""Done-when: published suppressed cells never contain the small value, in EVERY published marts table.

One refresh of the generator's small trust (staff in post and leavers: small bands, teams and flows), then every
count cell of every published marts table is checked: no value from 1 to suppress_below - 1 may be
published (indicator 9, the board, is published by design). The same query on the private build
database must find small cells, so the check cannot pass vacuously.

A marts table with no rule in the publication policy (``disclosure.transforms``) is expected to fail
(strict xfail): once a rule is added for it the test runs normally; if it stops leaking some other way,
the XPASS fails and asks for the policy to say so.
"""

from __future__ import annotations

import re

import duckdb
import pytest

from wres_pipeline import disclosure
from wres_pipeline.config import load_settings
from wres_pipeline.definitions import build_definitions
from wres_pipeline.generator import generate
from wres_pipeline.runner import execute_refresh
from wres_pipeline.warehouse import build_path, published_path

SUPPRESS_BELOW = load_settings().thresholds.suppress_below
COUNT_COLUMN = re.compile(r"^n_|_count$|_events$|_population$|^population_|^events_")
# Policy for tables that carry no person counts of their own: the summary is blanked by post-publication SQL
# wherever it rests on a suppressed cell (tests/test_publication.py).
COVERED_ELSEWHERE = {"marts.wres_summary"}


def _published_marts() -> list[str]:
    defs = build_definitions()
    keys = {k for a in defs.assets for k in a.keys}  # type: ignore[union-attr]
    return sorted(f"marts.{k.path[1]}" for k in keys
                  if k.path[0] == "marts" and f"marts.{k.path[1]}" not in disclosure.PRIVATE_TABLES)


def _params():
    covered = set(disclosure.transforms(SUPPRESS_BELOW, 11)) | COVERED_ELSEWHERE
    for table in _published_marts():
        marks = [] if table in covered else [pytest.mark.xfail(
            raises=AssertionError, strict=True, reason=f"no disclosure rule for {table} in wres_pipeline/disclosure.py yet")]
        yield pytest.param(table, marks=marks, id=table)


def _small_cells(conn: duckdb.DuckDBPyConnection, table: str) -> tuple[int, list[str]]:
    """(rows with a count cell of 1..suppress_below-1, the count columns looked at)."""
    schema, name = table.split(".")
    columns = [c for (c,) in conn.execute(
        "SELECT column_name FROM duckdb_columns() WHERE schema_name = ? AND table_name = ? "
        "AND data_type IN ('BIGINT', 'INTEGER', 'HUGEINT', 'DOUBLE', 'SMALLINT') ORDER BY column_index",
        [schema, name]).fetchall()]
    counts = [c for c in columns if COUNT_COLUMN.search(c)]
    small = [f'("{c}" BETWEEN 1 AND {SUPPRESS_BELOW - 1})' for c in counts]
    if table == "marts.wres_indicator_result":
        small += [f"(measure = 'headcount' AND {c} BETWEEN 1 AND {SUPPRESS_BELOW - 1})"
                  for c in ("value", "white_value", "bme_value", "unknown_value")]
    if not small:
        return 0, []
    board = "indicator <> 9 AND " if "indicator" in columns else ""
    return conn.execute(f"SELECT count(*) FROM {table} WHERE {board}({' OR '.join(small)})").fetchone()[0], counts


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory):
    root = tmp_path_factory.mktemp("disclosure")
    # the sources whose ingestion is end to end on the generated trust (as tests/test_pipeline_generated.py)
    generate(root / "inbox", profile="small", seed=5, sources=["esr_staff_in_post", "esr_leavers"])
    settings = load_settings(inbox=root / "inbox", warehouse=root / "warehouse")
    result = execute_refresh(settings)
    if not result.success:  # not an AssertionError: the xfail marks below must not swallow it
        raise RuntimeError(f"the refresh failed: {[e.step_key for e in result.get_step_failure_events()]}")
    return build_path(settings.paths.warehouse), published_path(settings.paths.warehouse)


@pytest.mark.parametrize("table", list(_params()))
def test_published_marts_never_hold_a_small_count(warehouses, table):
    build, published = warehouses
    with duckdb.connect(str(published), read_only=True) as conn:
        leaking, counts = _small_cells(conn, table)
    with duckdb.connect(str(build), read_only=True) as conn:
        private, _ = _small_cells(conn, table)
    if table == "marts.wres_indicator_result":
        assert private > 0, "the fixture must put small cells in the build database"
    elif private == 0:
        pytest.skip(f"{table}: this trust's build has no small count to suppress ({counts or 'no count columns'})")
    assert leaking == 0, f"{table}: {leaking} published row(s) with a count of 1-{SUPPRESS_BELOW - 1} in {counts}"
