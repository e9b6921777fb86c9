"""What BI tools and auditors get: provenance, exports, a reader in another process, the UI."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

from tests.conftest import copy_refreshed, esr_years_inbox
from wres_pipeline.config import PROJECT_ROOT, load_settings
from wres_pipeline.runner import execute_refresh
from wres_pipeline.warehouse import published_path


@pytest.fixture(scope="module")
def published(esr_refreshed):
    """The two-year staff-in-post inbox, refreshed once per session (tests/conftest.py)."""
    assert esr_refreshed.result.success
    return esr_refreshed.settings, esr_refreshed.result


def test_one_query_traces_an_indicator_value_to_its_file_hash_and_run(published):
    settings, result = published
    with duckdb.connect(str(published_path(settings.paths.warehouse)), read_only=True) as conn:
        rows = conn.execute(
            "SELECT p.file_name, p.sha256, p.computed_in_run, p.indicator_sql, p.method_version, r.published_at "
            "FROM audit.indicator_provenance p JOIN audit.runs r ON r.run_id = p.computed_in_run "
            "WHERE p.indicator = 1 AND p.subgroup = 'clinical:band_5' AND p.measure = 'percent' "
            "AND p.period_end = DATE '2024-03-31'"
        ).fetchall()
    (file_name, sha, run_id, sql_file, method, published_at) = rows[0]
    assert len(rows) == 1 and file_name == "ESR_Staff_In_Post_SY001_20240331.csv"
    inbox_file = settings.paths.inbox / "esr_staff_in_post" / file_name
    import hashlib

    assert sha == hashlib.sha256(inbox_file.read_bytes()).hexdigest()
    assert run_id == result.run_id and sql_file == "sql/create_intermediate_wres_indicator_1.sql"
    assert method.startswith("wres-method-1") and published_at is not None


def test_the_readme_audit_query_answers_which_file_and_rule_produced_a_value(published):
    """The query an auditor copies from the README runs as written on the published file."""
    settings, result = published
    readme = (PROJECT_ROOT / "README.md").read_text()
    query = next(block for block in readme.split("```sql")[1:] if "audit.indicator_provenance" in block)
    query = query.split("```")[0]
    with duckdb.connect(str(published_path(settings.paths.warehouse)), read_only=True) as conn:
        cur = conn.execute(query)
        rows = [dict(zip([d[0] for d in cur.description], r, strict=True)) for r in cur.fetchall()]
    assert len(rows) == 1
    (row,) = rows
    inbox_file = settings.paths.inbox / "esr_staff_in_post" / row["file_name"]
    import hashlib

    assert row["file_name"] == "ESR_Staff_In_Post_SY001_20240331.csv"
    assert row["sha256"] == hashlib.sha256(inbox_file.read_bytes()).hexdigest()
    assert row["run_id"] == result.run_id and row["indicator_sql"] == "sql/create_intermediate_wres_indicator_1.sql"


def _lineage(result, path):
    events = [e for e in result.get_asset_materialization_events()
              if e.asset_key.to_user_string() == path]
    lineage = events[-1].materialization.metadata["dagster/column_lineage"].value
    return {c: {(d.asset_key.to_user_string(), d.column_name) for d in deps}
            for c, deps in lineage.deps_by_column.items()}


def test_column_lineage_follows_an_indicator_value_back_to_the_raw_extract(published):
    _, result = published
    assert ("intermediate/wres_indicator_1", "value") in _lineage(result, "marts/wres_indicator_result")["value"]
    indicator_1 = _lineage(result, "intermediate/wres_indicator_1")
    assert indicator_1["value"] == {("staging/workforce_snapshot", "ethnic_group")}
    assert ("staging/workforce_snapshot", "band") in indicator_1["subgroup"]
    assert _lineage(result, "staging/workforce_snapshot")["ethnic_group"] == {("staging/staff_in_post", "ethnic_group")}
    staff_in_post = _lineage(result, "staging/staff_in_post")
    assert ("raw/esr_staff_in_post", "ethnic_origin") in staff_in_post["ethnic_group"]
    assert ("raw/esr_staff_in_post", "source_file_id") in staff_in_post["source_file_id"]
    provenance = _lineage(result, "audit/indicator_provenance")
    assert ("marts/wres_indicator_result", "subgroup") in provenance["subgroup"]


def test_data_dictionary_and_parquet_exports(published):
    settings, _ = published
    wh = settings.paths.warehouse
    md = (wh / "data_dictionary.md").read_text()
    assert "## marts.wres_indicator_result" in md and "## audit.indicator_provenance" in md
    assert "SHA-256 of the source file" in md
    assert (wh / "data_dictionary.html").exists()
    parquet = wh / "parquet" / "marts" / "wres_indicator_result.parquet"
    with duckdb.connect() as conn:
        n = conn.execute(f"SELECT count(*) FROM '{parquet}'").fetchone()[0]
    with duckdb.connect(str(published_path(wh)), read_only=True) as conn:
        assert n == conn.execute("SELECT count(*) FROM marts.wres_indicator_result").fetchone()[0]


def test_summary_values_built_on_suppressed_cells_are_blank_in_the_published_copy(tmp_path):
    from tests.conftest import esr_row, write_esr_file

    folder = tmp_path / "inbox" / "esr_staff_in_post"
    for year, n_bme in ((2023, 30), (2024, 3)):  # 2024: 3 BME staff overall -> a primary small cell
        rows = [esr_row(i, **({"Ethnic Origin": "H Asian or Asian British - Indian"} if i < n_bme else {}))
                for i in range(60)]
        write_esr_file(folder / f"ESR_Staff_In_Post_SY001_{year}0331.csv", rows, as_at=f"31/03/{year}")
    settings = load_settings(inbox=tmp_path / "inbox", warehouse=tmp_path / "warehouse")
    assert execute_refresh(settings).success
    with duckdb.connect(str(published_path(settings.paths.warehouse)), read_only=True) as conn:
        rows = {r[0]: r[1:] for r in conn.execute(
            "SELECT report_year, headline_value, change, suppression_rule FROM marts.wres_summary "
            "WHERE indicator = 1 AND breakdown = 'overall:total' ORDER BY 1").fetchall()}
        workforce = dict(conn.execute(  # the overall BME % repeated on every row of the year
            "SELECT report_year, list(DISTINCT coalesce(workforce_bme_pct, -1)) FROM marts.wres_summary GROUP BY 1"
        ).fetchall())
    assert rows[2023][0] == 50.0 and rows[2023][2] is None
    assert rows[2024] == (None, None, "derived")  # 3 of 60 BME: blank, and no change that would reveal it
    assert workforce == {2023: [50.0], 2024: [-1]}  # 30 of 60 = 50 %; 3 of 60 is never shown


READER = """
import duckdb, json, sys, time
import pathlib
path, out, stop_file = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
con = duckdb.connect(path, read_only=True)
results = []
deadline = time.time() + 600
while not stop_file.exists() and time.time() < deadline:  # until the refresh has published and a bit more
    try:
        results.append(con.execute("SELECT count(*), count(DISTINCT report_year) FROM marts.wres_indicator_result").fetchone())
    except Exception as exc:
        results.append(repr(exc))
    time.sleep(0.02)
json.dump(results, open(out, "w"))
"""


def test_bi_reader_in_another_process_is_never_blocked_and_never_sees_partial_data(esr_refreshed, tmp_path):
    settings = copy_refreshed(esr_refreshed, tmp_path)  # a published warehouse from a successful refresh
    with duckdb.connect(str(published_path(settings.paths.warehouse)), read_only=True) as conn:
        before = tuple(conn.execute("SELECT count(*), count(DISTINCT report_year) FROM marts.wres_indicator_result").fetchone())
    out = tmp_path / "reader.json"
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(published_path(settings.paths.warehouse)), str(out),
                               str(stop)])
    time.sleep(1.0)
    esr_years_inbox(settings.paths.inbox, years=(2022,))
    try:
        assert execute_refresh(settings).success  # the writer is not blocked by the reader's lock
        time.sleep(1.0)  # the reader keeps querying its open connection after the file was replaced
    finally:
        stop.touch()
        reader.wait(timeout=60)
    answers = json.loads(out.read_text())
    assert answers and all(isinstance(a, list) for a in answers), [a for a in answers if not isinstance(a, list)][:3]
    assert {tuple(a) for a in answers} == {before}  # one consistent snapshot throughout
    with duckdb.connect(str(published_path(settings.paths.warehouse)), read_only=True) as conn:
        after = conn.execute("SELECT count(DISTINCT report_year) FROM marts.wres_indicator_result").fetchone()[0]
    assert after == before[1] + 1  # a new connection sees the new data


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_webserver_serves_the_asset_graph_on_loopback(tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    port = _free_port()
    env = {**os.environ, "DAGSTER_HOME": str(home), "WRES_INBOX": str(tmp_path / "inbox"),
           "WRES_WAREHOUSE": str(tmp_path / "wh")}
    webserver = Path(sys.executable).with_name("dagster-webserver")
    proc = subprocess.Popen([str(webserver), "-w", str(PROJECT_ROOT / "workspace.yaml"), "-h", "127.0.0.1", "-p", str(port)],
                            cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        query = json.dumps({"query": "{ assetNodes { assetKey { path } } }"}).encode()
        keys = None
        for _ in range(120):
            time.sleep(0.5)
            try:
                req = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", data=query,
                                             headers={"Content-Type": "application/json"})
                data = json.loads(urllib.request.urlopen(req, timeout=5).read())
                keys = {"/".join(n["assetKey"]["path"]) for n in data["data"]["assetNodes"]}
                if keys:
                    break
            except OSError:
                continue
        assert keys and {"raw/esr_staff_in_post", "marts/wres_indicator_result", "publish/wres_duckdb"} <= keys
    finally:
        proc.terminate()
        proc.wait(timeout=30)
