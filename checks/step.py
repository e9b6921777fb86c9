"""Check steps: several asset checks evaluated in one Dagster step (issue 22: the fixed cost per step).

Each check is a ``Check``: its ``AssetCheckSpec`` (asset, name, description, blocking; what the UI, the
asset graph and the auditors see, check by check and asset by asset) and a function that evaluates it.
``check_step`` puts checks into one ``@dg.multi_asset_check``: one step instead of one per check (a check
step costs ~0.05-0.1 s of Dagster bookkeeping for a query of a few milliseconds).

Blocking works as for ``@dg.asset_check(blocking=True)``, which is itself a multi-asset check of one spec
(dagster 1.13): the job gives every asset downstream of a checked asset an input from the output of each
blocking spec on that asset (``assets/job/asset_job.py``, ``build_node_deps``), and a step that yields a
failed ERROR result of a blocking spec fails after its other results (``execution/plan/execute_step.py``
raises ``DagsterAssetCheckFailedError``), so the steps downstream do not run, nor the publication.

The unit of blocking is the step. A group therefore holds only checks whose failure stops the same assets
as each check alone did: blocking checks of one asset, or of assets whose children are downstream of every
other asset of the group anyway (the marts read by the publication only), with warnings on assets built in
the same step. ``tests/test_check_steps.py`` proves this of every step, and that nothing waits longer
(the step runs when all its assets are built). A group that broke it would stop more than its failing
check's downstream: keep such a check in a step of its own (a group of one).

``can_subset``: a run of some assets (the UI, a one-quarter rebuild) evaluates only their checks.
A check that raises does not stop the others of its step: they are evaluated, then the step fails with
the first error (the run fails, as when the check had its own step).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import dagster as dg
from dagster_duckdb import DuckDBResource

from wres_pipeline.assetkit import key
from wres_pipeline.resources import WresSettings

Evaluate = Callable[[dg.AssetCheckExecutionContext, WresSettings, DuckDBResource], dg.AssetCheckResult]


@dataclass(frozen=True)
class Check:
    """One asset check: what it is (``spec``) and how it is evaluated (``evaluate``, without its key)."""

    spec: dg.AssetCheckSpec
    evaluate: Evaluate


def check(asset: str, name: str, description: str, blocking: bool, evaluate: Evaluate) -> Check:
    """A check on ``asset`` (a path such as ``staging/staff_in_post``)."""
    return Check(dg.AssetCheckSpec(name, asset=key(asset), description=description, blocking=blocking), evaluate)


def check_step(name: str, checks: Sequence[Check], description: str) -> dg.AssetChecksDefinition:
    """One Dagster step (op ``name``) evaluating ``checks`` in order; see the module docstring."""
    by_key = {c.spec.key: c for c in checks}
    if len(by_key) != len(checks):
        raise ValueError(f"check step {name}: two checks with the same asset and name")

    @dg.multi_asset_check(name=name, specs=[c.spec for c in checks], can_subset=True, description=description)
    def _step(context: dg.AssetCheckExecutionContext, wres: WresSettings, duckdb: DuckDBResource):
        errors: list[Exception] = []
        for check_key, c in by_key.items():
            if check_key not in context.selected_asset_check_keys:
                continue
            try:
                result = c.evaluate(context, wres, duckdb)
            except Exception as error:  # the others still run; the step then fails with the first error
                context.log.error(f"check {check_key.to_user_string()} raised {type(error).__name__}: {error}")
                errors.append(error)
                continue
            yield dg.AssetCheckResult(passed=result.passed, asset_key=c.spec.asset_key, check_name=c.spec.name,
                                      metadata=result.metadata, severity=result.severity,
                                      description=result.description)
        if errors:
            raise errors[0]

    return _step
