"""Dagster resources: the project settings and the private build database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from functools import cached_property
from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource
from pydantic import PrivateAttr

from .config import Settings
from .faults import fault_point
from .warehouse import bootstrap, build_path, published_path


class WresSettings(dg.ConfigurableResource):
    """The whole validated settings object (wres_pipeline/config.py): paths and every method choice.

    It travels as its JSON so that what ``build_definitions`` was given is exactly what every asset sees
    (the settings are never read again from a file or the environment during a run); the UI shows it as
    the resource's configuration."""

    settings_json: str

    @classmethod
    def of(cls, settings: Settings) -> WresSettings:
        return cls(settings_json=settings.model_dump_json())

    @cached_property
    def settings(self) -> Settings:
        return Settings.model_validate_json(self.settings_json)

    @property
    def inbox_dir(self) -> Path:
        return self.settings.paths.inbox

    @property
    def warehouse_dir(self) -> Path:
        return self.settings.paths.warehouse

    @property
    def build_file(self) -> Path:
        return build_path(self.warehouse_dir)

    @property
    def published_file(self) -> Path:
        return published_path(self.warehouse_dir)

    def sql_params(self) -> dict[str, object]:
        return self.settings.sql_params()


class BuildDatabase(DuckDBResource):
    """The private build database, open once for the whole run.

    The connection opened when the run starts stays open until it ends, so DuckDB keeps one database
    instance for the run: every asset's ``get_connection`` reuses it (its own connection, ~0.5 ms)
    instead of opening the file and reading its catalogue (~20 ms), and closing an asset's connection
    no longer checkpoints the file (~15 ms). Writes are committed to the write-ahead log as before; the
    instance checkpoints when the log grows and when the run ends.
    """

    _open: ExitStack = PrivateAttr(default_factory=ExitStack)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        Path(self.database).parent.mkdir(parents=True, exist_ok=True)
        self._open.enter_context(self.get_connection())  # the same configuration as every asset's

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        self._open.close()


def build_resources(settings: Settings) -> dict[str, object]:
    build_file = build_path(settings.paths.warehouse)
    return {
        "wres": WresSettings.of(settings),
        "duckdb": BuildDatabase(database=str(build_file), connection_config=settings.engine.connection_config()),
    }


@contextmanager
def build_connection(duckdb_resource: DuckDBResource) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the build database with schemas, macros and audit tables in place.

    DuckDBResource.get_connection closes its connection only on normal exit; when an asset fails
    we close it here, or the leaked connection would keep the file open for the rest of the process.
    """
    Path(duckdb_resource.database).parent.mkdir(parents=True, exist_ok=True)
    with duckdb_resource.get_connection() as conn:
        try:
            bootstrap(conn)
            yield conn
            fault_point("asset")
        except BaseException:
            conn.close()
            raise
