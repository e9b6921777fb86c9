"""SQL asset checks: a query in sql/check_*.sql that returns the offending rows (none = pass).

Blocking ERROR checks by default; ``blocking=False`` makes a WARN check that never stops the run.
``sql_check`` makes a ``Check``; the modules of ``checks/`` put their checks into steps with
``checks.step.check_step`` (several checks in one Dagster step; see there)."""


from collections.abc import Mapping

import dagster as dg
from dagster_duckdb import DuckDBResource

from checks.step import Check, check
from wres_pipeline.resources import WresSettings, build_connection
from wres_pipeline.warehouse import query_sql


def sql_check(
    asset: str,
    name: str,
    sql_file: str,
    description: str,
    params: Mapping[str, object] | None = None,
    blocking: bool = True,
) -> Check:
    """A blocking ERROR check (the run stops: nothing downstream, no publication) or a WARN one.

    The query gets ``params`` and every setting of ``Settings.sql_params()`` as named parameters ($name).
    """
    severity = dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN

    def evaluate(context: dg.AssetCheckExecutionContext, wres: WresSettings,
                 duckdb: DuckDBResource) -> dg.AssetCheckResult:
        with build_connection(duckdb) as conn:
            cur = query_sql(conn, sql_file, **{**wres.sql_params(), **(params or {})})
            columns = [d[0] for d in cur.description]
            rows = cur.fetchall()
        sample = [dict(zip(columns, map(str, r), strict=True)) for r in rows[:10]]
        return dg.AssetCheckResult(
            passed=not rows,
            severity=severity,
            description=description if not rows else f"{len(rows)} offending row(s): {sample[:3]}",
            metadata={"offending_rows": len(rows), "sample": dg.MetadataValue.json(sample), "query": f"sql/{sql_file}"},
        )

    return check(asset, name, description, blocking, evaluate)
