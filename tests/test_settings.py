"""Settings travel whole: what build_definitions is given is what every asset's SQL sees.

The settings object handed to ``build_definitions`` / ``execute_refresh`` is never written to a file here:
if an asset read its settings from a TOML file or the environment again, it would see the defaults and
the figures below would not move.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from tests.conftest import esr_row, write_esr_file
from wres_pipeline.config import PROJECT_ROOT, load_settings
from wres_pipeline.runner import execute_refresh
from wres_pipeline.warehouse import SQL_DIR, build_path

PARAMETER = re.compile(r"\$([a-z_][a-z0-9_]*)")


def _overall_bme(warehouse: Path) -> tuple[float, bool]:
    with duckdb.connect(str(build_path(warehouse)), read_only=True) as conn:
        return conn.execute(
            "SELECT bme_value, suppressed_for_publication FROM marts.wres_indicator_result WHERE indicator = 1 "
            "AND subgroup = 'overall:total' AND measure = 'headcount' AND period_type = 'wres_year'").fetchone()


def test_settings_given_in_memory_reach_the_sql(tmp_path):
    # 40 staff, every 4th BME: 10 BME. Published counts of 1 .. suppress_below - 1 are suppressed: with the
    # default (5) the 10 BME staff are published; with 12, changed only in memory, 10 is a small cell.
    rows = [esr_row(i, **({"Ethnic Origin": "N Black or Black British - African"} if i % 4 == 0 else {}))
            for i in range(1, 41)]
    write_esr_file(tmp_path / "inbox" / "esr_staff_in_post" / "ESR_Staff_In_Post_SY001_20240331.csv", rows)
    default = load_settings(inbox=tmp_path / "inbox", warehouse=tmp_path / "default")
    assert default.thresholds.suppress_below == 5
    changed = default.model_copy(update={
        "paths": default.paths.model_copy(update={"warehouse": tmp_path / "changed"}),
        "thresholds": default.thresholds.model_copy(update={"suppress_below": 12}),
    })
    assert execute_refresh(default).success and execute_refresh(changed).success
    assert _overall_bme(tmp_path / "default") == (10, False)
    assert _overall_bme(tmp_path / "changed") == (10, True)


def test_every_sql_parameter_is_produced_and_every_setting_parameter_is_used():
    settings_params = set(load_settings().sql_params())
    in_sql = {name for path in SQL_DIR.glob("*.sql")
              for name in PARAMETER.findall(re.sub(r"--[^\n]*", "", path.read_text(encoding="utf-8")))}
    assert settings_params - in_sql == set(), "settings parameters no SQL file reads"
    # the others are passed by the asset code by keyword (run_id, source_file_id, first_day, ...)
    code = "\n".join(p.read_text(encoding="utf-8") for folder in ("assets", "checks", "wres_pipeline")
                     for p in (PROJECT_ROOT / folder).rglob("*.py"))
    passed = {name for name in in_sql - settings_params
              if re.search(rf"\b{name}\s*=|[\"']{name}[\"']\s*:", code)}
    assert in_sql - settings_params - passed == set(), "SQL parameters nothing passes"
