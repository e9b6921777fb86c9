"""Run the whole refresh job in-process: used by the CLI, the tests and the benchmark."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from .config import Settings
from .definitions import REFRESH_JOB, build_definitions


def execute_refresh(
    settings: Settings,
    instance: dg.DagsterInstance | None = None,
    config_file: Path | None = None,
    concise_log: bool = True,
) -> dg.ExecuteInProcessResult:
    job = build_definitions(settings, config_file).resolve_job_def(REFRESH_JOB)
    # Naming the logger in the run config selects it (otherwise Dagster uses its verbose default).
    run_config = {"loggers": {"console": {}}} if concise_log else {}
    return job.execute_in_process(instance=instance, raise_on_error=False, run_config=run_config)
