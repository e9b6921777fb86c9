"""Check steps (checks/step.py, issue 22): several checks in one Dagster step block as each did alone.

A toy graph proves Dagster's semantics for a grouped step (a failing blocking check stops its asset's
downstream and what follows; a warning stops nothing; a subset run evaluates only its checks); the
code location's steps are proved to group only checks whose failure stops the same assets.
"""

from __future__ import annotations

from collections.abc import Iterable

import dagster as dg
from dagster_duckdb import DuckDBResource

from checks.step import check, check_step
from wres_pipeline.definitions import REFRESH_JOB, defs
from wres_pipeline.resources import WresSettings


def _result(passed: bool, severity=dg.AssetCheckSeverity.ERROR):
    return lambda context, wres, duckdb: dg.AssetCheckResult(passed=passed, severity=severity,
                                                             metadata={"evaluated": True})


@dg.asset(key=["toy", "checked"])
def checked() -> None: ...


@dg.asset(key=["toy", "other"])
def other() -> None: ...


@dg.asset(key=["toy", "below_checked"], deps=[checked])
def below_checked() -> None: ...


@dg.asset(key=["toy", "below_other"], deps=[other])
def below_other() -> None: ...


@dg.asset(key=["toy", "published"], deps=[below_checked, below_other])
def published() -> None: ...


TOY = [checked, other, below_checked, below_other, published]


def _run(step: dg.AssetChecksDefinition, settings, tmp_path, selection=None) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [*TOY, step],
        selection=selection,
        resources={"wres": WresSettings.of(settings), "duckdb": DuckDBResource(database=str(tmp_path / "toy.duckdb"))},
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )


def _materialized(result) -> set[str]:
    return {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}


def test_a_failing_blocking_check_in_a_grouped_step_stops_its_downstream_and_the_publication(settings, tmp_path):
    step = check_step("toy_checks", [
        check("toy/checked", "adds_up", "Blocking, fails.", True, _result(False)),
        check("toy/checked", "looks_fine", "A warning, fails.", False, _result(False, dg.AssetCheckSeverity.WARN)),
        check("toy/other", "mapped", "A warning on another asset, fails.", False,
              _result(False, dg.AssetCheckSeverity.WARN)),
    ], "Three checks in one step.")
    result = _run(step, settings, tmp_path)
    assert not result.success
    # every check of the step was evaluated, each with its own key, severity and metadata
    evaluations = {(e.asset_key.to_user_string(), e.check_name): e for e in result.get_asset_check_evaluations()}
    assert {k: (e.passed, e.severity.value, e.metadata["evaluated"].value) for k, e in evaluations.items()} == {
        ("toy/checked", "adds_up"): (False, "ERROR", True),
        ("toy/checked", "looks_fine"): (False, "WARN", True),
        ("toy/other", "mapped"): (False, "WARN", True),
    }
    (failure,) = result.get_step_failure_events()
    assert failure.step_key == "toy_checks"
    assert "1 blocking asset check failed with ERROR severity:\ntoy/checked: adds_up" in (
        failure.step_failure_data.error.message)
    # the checked asset was built; its downstream and the publication were not; the warnings stopped nothing
    assert _materialized(result) == {"toy/checked", "toy/other", "toy/below_other"}


def test_a_grouped_step_whose_checks_pass_or_only_warn_stops_nothing(settings, tmp_path):
    step = check_step("toy_checks", [
        check("toy/checked", "adds_up", "Blocking, passes.", True, _result(True)),
        check("toy/other", "mapped", "A warning, fails.", False, _result(False, dg.AssetCheckSeverity.WARN)),
    ], "Two checks in one step.")
    result = _run(step, settings, tmp_path)
    assert result.success
    assert _materialized(result) == {k.to_user_string() for a in TOY for k in a.keys}


def test_a_check_that_raises_fails_its_step_after_the_others_are_evaluated(settings, tmp_path):
    def broken(context, wres, duckdb):
        raise RuntimeError("the query failed")

    step = check_step("toy_checks", [
        check("toy/checked", "adds_up", "Blocking, raises.", True, broken),
        check("toy/other", "mapped", "A warning, passes.", False, _result(True)),
    ], "Two checks in one step.")
    result = _run(step, settings, tmp_path)
    assert not result.success
    assert [e.check_name for e in result.get_asset_check_evaluations()] == ["mapped"]
    (failure,) = result.get_step_failure_events()
    assert "the query failed" in str(failure.step_failure_data.error.to_string())
    assert "toy/below_checked" not in _materialized(result) and "toy/published" not in _materialized(result)


def test_a_run_of_some_assets_evaluates_only_their_checks(settings, tmp_path):
    step = check_step("toy_checks", [
        check("toy/checked", "adds_up", "Blocking, passes.", True, _result(True)),
        check("toy/other", "mapped", "A warning, passes.", False, _result(True)),
    ], "Two checks in one step.")
    result = _run(step, settings, tmp_path, selection=dg.AssetSelection.assets(["toy", "other"]))
    assert result.success
    assert [(e.asset_key.to_user_string(), e.check_name) for e in result.get_asset_check_evaluations()] == [
        ("toy/other", "mapped")]


def _descendants(graph, keys: Iterable[dg.AssetKey]) -> set[dg.AssetKey]:
    seen: set[dg.AssetKey] = set()
    todo = [c for k in keys for c in graph.get(k).child_keys]
    while todo:
        k = todo.pop()
        if k not in seen:
            seen.add(k)
            todo.extend(graph.get(k).child_keys)
    return seen


def test_every_check_step_stops_exactly_what_its_checks_stopped_each_in_a_step_of_its_own():
    """A step fails when any of its blocking checks fails, and is skipped when any of its assets' steps
    failed; either way every asset downstream of one of its blockingly checked assets waits for it. So the
    children of each such asset must already be downstream of every other asset the step checks
    blockingly, and of the step that builds each asset it only warns about: then a grouped step stops,
    and holds back, nothing that its checks, each in its own step, did not."""
    graph = defs.resolve_asset_graph()
    steps = [a for a in graph.assets_defs if a.check_specs and not a.keys]
    assert len([s for s in steps if len(list(s.check_specs)) > 1]) >= 3
    for step in steps:
        specs = list(step.check_specs)
        blocking = {s.asset_key for s in specs if s.blocking}
        for a in blocking:
            children = set(graph.get(a).child_keys)
            for s in specs:
                b = s.asset_key
                if b == a:
                    continue
                covered = _descendants(graph, [b] if b in blocking else graph.get(b).assets_def.keys)
                assert children <= covered, (step.node_def.name, a, b, children - covered)
    # one step per check definition: Dagster split none of them (it would, to break a dependency cycle)
    job = defs.resolve_job_def(REFRESH_JOB)
    check_nodes = {n.name for n in job.nodes} & {s.node_def.name for s in steps}
    assert len(check_nodes) == len(steps)
    assert len(job.nodes) == len([a for a in graph.assets_defs if a.is_executable])


def test_every_check_made_in_checks_is_in_a_step():
    """A ``Check`` is loaded only through a step: one made at module level but put in none would be lost."""
    import importlib
    import pkgutil

    import checks
    from checks.step import Check

    made = set()
    for info in pkgutil.iter_modules(checks.__path__):
        for value in vars(importlib.import_module(f"checks.{info.name}")).values():
            for c in value if isinstance(value, list) else [value]:
                if isinstance(c, Check):
                    made.add(c.spec.key)
    assert len(made) >= 20
    assert made <= set(defs.resolve_asset_graph().asset_check_keys)
