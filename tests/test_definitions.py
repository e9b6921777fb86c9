"""The whole code location loads, and every asset follows the project's conventions."""

from __future__ import annotations

import dagster as dg

from wres_pipeline.definitions import REFRESH_JOB, build_definitions, defs

SCHEMAS = {"ref", "raw", "staging", "intermediate", "marts", "audit", "publish"}


def test_definitions_load_with_every_asset_and_check():
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {
        "raw/esr_staff_in_post",
        "staging/staff_in_post",
        "staging/quarantine_esr_staff_in_post",
        "staging/quarantine",
        "staging/workforce_snapshot",
        "intermediate/wres_indicator_1",
        "marts/wres_indicator_result",
        "publish/wres_duckdb",
    } <= keys
    checks = {c.to_user_string() for c in graph.asset_check_keys}
    assert "staging/staff_in_post:rows_reconcile" in checks
    assert "staging/workforce_snapshot:one_row_per_person_per_snapshot" in checks
    assert "staging/staff_in_post:gx_staff_in_post" in checks
    assert defs.resolve_job_def(REFRESH_JOB) is not None


def test_every_asset_has_owner_kind_code_version_group_and_schema_prefix():
    for node in defs.resolve_asset_graph().asset_nodes:
        name = node.key.to_user_string()
        assert node.key.path[0] in SCHEMAS, name
        assert node.owners == ["team:wres-data"], name
        assert node.code_version, name
        assert node.group_name in {"ingest", "reference", "staging", "indicators", "measures", "benchmark", "audit",
                                   "publish", "report", "spc", "action_plan"}, name
        assert node.kinds, name
        assert node.description, name


def test_publication_depends_on_every_mart():
    graph = defs.resolve_asset_graph()
    publish = graph.get(dg.AssetKey(["publish", "wres_duckdb"]))
    marts = {k for k in graph.get_all_asset_keys() if k.path[0] == "marts"}
    assert marts and marts <= set(publish.parent_keys)


def test_blocking_checks_are_errors_and_gx_and_rejected_files_are_warnings():
    graph = defs.resolve_asset_graph()
    warnings = ("gx_", "no_rejected_files")
    for key in graph.asset_check_keys:
        spec = graph.get_check_spec(key)
        warning = key.name.startswith(warnings) or key.name == "every_organisation_mapped"  # checks/benchmark.py
        assert spec.blocking == (not warning), key


def test_every_staging_source_reconciles_and_esr_linked_sources_check_coverage():
    names = {(k.asset_key.to_user_string(), k.name) for k in defs.resolve_asset_graph().asset_check_keys}
    staged = {"staff_in_post", "leavers", "applications", "training", "er_cases", "board_members", "survey_aggregate",
              "survey_published_results", "survey_published"}
    assert {(f"staging/{t}", "rows_reconcile") for t in staged} <= names
    assert {(f"staging/{t}", "esr_coverage") for t in ("applications", "training", "er_cases")} <= names


def test_definitions_can_be_built_for_other_paths(tmp_path, settings):
    other = settings.model_copy(update={"paths": settings.paths.model_copy(update={"inbox": tmp_path / "in", "warehouse": tmp_path / "wh"})})
    d = build_definitions(other)
    assert d.resources["wres"].settings.paths.inbox == tmp_path / "in"
    assert not (tmp_path / "wh").exists()  # loading definitions creates nothing on disk
