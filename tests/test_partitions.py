"""Partition-scoped rebuilds: a run over one quarter changes only that quarter's rows.

The inbox holds three quarter-end staff-in-post snapshots. After a full refresh, the files for 2024-03
AND 2023-03 are replaced with different staff; a run over 2024-03 alone must change the 2024-03 rows of
every quarterly table and leave every other quarter's rows (including 2023-03, whose file changed)
exactly as they were; a backfill of all quarters then picks up 2023-03 too.
"""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import esr_row, write_esr_file
from wres_pipeline.assetkit import key, table_name
from wres_pipeline.config import load_settings
from wres_pipeline.partitions import QUARTERLY_TABLES, QuarterScope, full_range_tags, range_tags
from wres_pipeline.runner import execute_refresh
from wres_pipeline.warehouse import build_path, published_path

# tables whose 2024-03 rows must differ with a different workforce (team flags may not change)
REBUILT = ("raw/esr_staff_in_post", "staging/staff_in_post", "staging/workforce_snapshot",
           "intermediate/wres_indicator_1", "marts/workforce_profile", "marts/representation")
SNAPSHOTS = {"2023-03": "31/03/2023", "2023-12": "31/12/2023", "2024-03": "31/03/2024"}


def _write_snapshot(inbox, quarter, n_staff, every_nth_bme):
    rows = [esr_row(i, **({"Ethnic Origin": "N Black or Black British - African"} if i % every_nth_bme == 0 else {}))
            for i in range(1, n_staff + 1)]
    day, month, year = SNAPSHOTS[quarter].split("/")
    write_esr_file(inbox / "esr_staff_in_post" / f"ESR_Staff_In_Post_SY001_{year}{month}{day}.csv", rows,
                   as_at=SNAPSHOTS[quarter])


def _fingerprints(warehouse) -> dict[tuple[str, object], tuple[int, str]]:
    """(table, quarter-end date) -> (rows, hash of every row's values) for every quarterly table."""
    out = {}
    with duckdb.connect(str(build_path(warehouse)), read_only=True) as conn:
        for path, column in QUARTERLY_TABLES.items():
            table = table_name(key(path))
            for day, n, digest in conn.execute(
                f"SELECT {column}, count(*), md5(string_agg(CAST(t AS VARCHAR), '|' ORDER BY CAST(t AS VARCHAR))) "
                f"FROM {table} AS t GROUP BY 1"
            ).fetchall():
                out[(path, str(day))] = (n, digest)
    return out


def _bme_percent(warehouse, period_end):
    with duckdb.connect(str(published_path(warehouse)), read_only=True) as conn:
        return conn.execute(
            "SELECT value FROM marts.wres_indicator_result WHERE indicator = 1 AND subgroup = 'overall:total' "
            "AND measure = 'percent' AND period_end = ?", [period_end]).fetchone()[0]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    root = tmp_path_factory.mktemp("partitions")
    for quarter in SNAPSHOTS:
        _write_snapshot(root / "inbox", quarter, n_staff=40, every_nth_bme=4)
    settings = load_settings(inbox=root / "inbox", warehouse=root / "warehouse")
    result = execute_refresh(settings)
    assert result.success
    # one materialisation per asset per run, quarterly ones included (no per-quarter event storm)
    keys = [e.asset_key for e in result.get_asset_materialization_events()]
    assert len(keys) == len(set(keys)) and key("staging/workforce_snapshot") in keys
    assert not [e for e in result.all_events if e.event_type_value == "ASSET_MATERIALIZATION_PLANNED"
                and e.event_specific_data.partition]
    return settings


def test_a_refresh_of_one_quarter_changes_only_that_quarters_rows(warehouse):
    settings = warehouse
    wh = settings.paths.warehouse
    before = _fingerprints(wh)
    assert {day for _, day in before} == {"2023-03-31", "2023-12-31", "2024-03-31"}
    assert _bme_percent(wh, "2024-03-31") == 25.0 and _bme_percent(wh, "2023-03-31") == 25.0

    _write_snapshot(settings.paths.inbox, "2024-03", n_staff=50, every_nth_bme=2)  # 2024-03: 50 staff, 50 % BME
    _write_snapshot(settings.paths.inbox, "2023-03", n_staff=30, every_nth_bme=3)  # changed, but not rebuilt
    result = execute_refresh(settings, quarter="2024-03")
    assert result.success
    after = _fingerprints(wh)

    assert before.keys() == after.keys()
    for (path, day), fingerprint in before.items():
        if day == "2024-03-31":
            if path in REBUILT:
                    assert after[(path, day)] != fingerprint, f"{path} {day} was not rebuilt"
        else:
            assert after[(path, day)] == fingerprint, f"{path} {day} changed in a run over 2024-03"
    # the published figures follow: 2024-03 from the new file, 2023-03 still from the old one
    assert _bme_percent(wh, "2024-03-31") == 50.0 and _bme_percent(wh, "2023-03-31") == 25.0
    with duckdb.connect(str(build_path(wh)), read_only=True) as conn:
        read = conn.execute("SELECT file_name FROM audit.source_files WHERE run_id = ?", [result.run_id]).fetchall()
    assert read == [("ESR_Staff_In_Post_SY001_20240331.csv",)]  # only the quarter's file is recorded as read

    assert execute_refresh(settings).success  # a backfill of all history picks up the changed 2023-03 file
    backfilled = _fingerprints(wh)
    assert backfilled[("staging/staff_in_post", "2023-03-31")][0] == 30
    assert backfilled[("staging/staff_in_post", "2023-12-31")] == before[("staging/staff_in_post", "2023-12-31")]
    assert _bme_percent(wh, "2023-03-31") == 100 * 10 / 30


def test_run_tags_name_every_quarter_or_a_checked_range():
    assert full_range_tags() == {"wres/quarters": "all"}
    assert range_tags("2023-03", "2024-03") == {"wres/quarters": "2023-03..2024-03"}
    assert range_tags("2024-03", "2024-03") == {"wres/quarters": "2024-03"}
    with pytest.raises(ValueError, match="not a quarter-end"):
        range_tags("2024-02", "2024-03")
    with pytest.raises(ValueError, match="runs backwards"):
        range_tags("2024-03", "2023-03")
    with pytest.raises(ValueError, match="not a quarter of this warehouse"):
        range_tags("2010-03", "2024-03")
    scope = QuarterScope("2023-06", "2024-03")
    assert (str(scope.first_day), str(scope.last_day)) == ("2023-04-01", "2024-03-31")
