"""Run the refresh job in-process: used by the CLI, the tests and the benchmark.

Every run names the quarters it rebuilds in its ``wres/quarters`` tag (wres_pipeline/partitions.py): by
default all of them (the full refresh, the same as a backfill of all history); ``quarter="2024-03"``
rebuilds one quarter's rows of the quarterly tables; ``quarters=("2023-03", "2024-03")`` a range.
"""

from __future__ import annotations

import dagster as dg

from .config import Settings
from .definitions import REFRESH_JOB, build_definitions
from .partitions import full_range_tags, range_tags


def execute_refresh(
    settings: Settings,
    instance: dg.DagsterInstance | None = None,
    concise_log: bool = True,
    quarter: str | None = None,
    quarters: tuple[str, str] | None = None,
) -> dg.ExecuteInProcessResult:
    job = build_definitions(settings).resolve_job_def(REFRESH_JOB)
    # Naming the logger in the run config selects it (otherwise Dagster uses its verbose default).
    run_config = {"loggers": {"console": {}}} if concise_log else {}
    if quarter:
        quarters = (quarter, quarter)
    tags = {**(range_tags(*quarters) if quarters else full_range_tags()), **settings.run_labels()}
    return job.execute_in_process(instance=instance, raise_on_error=False, run_config=run_config, tags=tags)

