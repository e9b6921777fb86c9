"""The Dagster code location: every asset, check, job and resource of the WRES warehouse.

``dagster dev -w workspace.yaml``, ``dg check defs`` and ``wres ui`` load ``defs`` from here; the
``wres`` CLI builds its own with the paths given on the command line (``build_definitions``).
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg

import assets
import checks
from assets.publish import provenance_asset, publish_asset
from wres_pipeline.config import Settings, load_settings
from wres_pipeline.console import concise_console_logger
from wres_pipeline.resources import build_resources
from wres_pipeline.schedules import quarterly_schedule
from wres_pipeline.sensors import inbox_sensor

REFRESH_JOB = "wres_refresh"


def build_definitions(settings: Settings | None = None, config_file: Path | None = None) -> dg.Definitions:
    settings = settings or load_settings(config_file)
    asset_defs = list(dg.load_assets_from_package_module(assets))
    asset_defs.append(provenance_asset(asset_defs))
    asset_defs.append(publish_asset(asset_defs))
    refresh = dg.define_asset_job(
        REFRESH_JOB,
        selection=dg.AssetSelection.all(),
        description="Refresh the whole warehouse from the inbox and publish the read-only copy.",
    )
    return dg.Definitions(
        assets=asset_defs,
        asset_checks=list(dg.load_asset_checks_from_package_module(checks)),
        jobs=[refresh],
        schedules=[quarterly_schedule(refresh, settings)],
        sensors=[inbox_sensor(refresh, settings)],
        resources=build_resources(settings),
        loggers={"console": concise_console_logger},
        executor=dg.in_process_executor,  # one DuckDB writer; ~2.7x faster than multiprocess on 2 cores
    )


defs = build_definitions()
