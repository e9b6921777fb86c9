"""Builders for the measures tests (issue 7): tiny hand-made staging tables whose every expected number
is known by construction, and a runner for the sql/create_marts_*.sql files of the measures marts."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from wres_pipeline.config import Settings
from wres_pipeline.warehouse import run_sql

ORG = "SY001"
MARCH_24 = date(2024, 3, 31)

# Staging tables the ESR staging transforms build (the others come from sql/create_staging_contracts.sql);
# the columns the measures read, with their staging types.
ESR_TABLES: dict[str, dict[str, str]] = {
    "workforce_snapshot": {
        "org_code": "VARCHAR", "snapshot_date": "DATE", "person_id": "VARCHAR", "assignment_number": "VARCHAR",
        "directorate": "VARCHAR", "service_team": "VARCHAR", "staff_group": "VARCHAR",
        "clinical_category": "VARCHAR", "band": "VARCHAR", "medical_cluster": "VARCHAR",
        "is_senior_medical_manager": "BOOLEAN", "ethnic_group": "VARCHAR", "gender": "VARCHAR",
        "hire_date": "DATE", "fte": "DECIMAL(18,4)", "source_file_id": "VARCHAR",
    },
    "staff_in_post": {
        "org_code": "VARCHAR", "snapshot_date": "DATE", "person_id": "VARCHAR", "assignment_number": "VARCHAR",
        "directorate": "VARCHAR", "service_team": "VARCHAR", "staff_group": "VARCHAR",
        "clinical_category": "VARCHAR", "band": "VARCHAR", "assignment_status": "VARCHAR", "is_primary": "BOOLEAN",
        "is_counted": "BOOLEAN", "fte": "DECIMAL(18,4)", "contracted_hours": "DECIMAL(18,4)",
        "ethnic_group": "VARCHAR", "gender": "VARCHAR", "hire_date": "DATE", "annual_salary": "DECIMAL(18,4)",
        "hourly_rate": "DECIMAL(18,4)", "source_file_id": "VARCHAR",
    },
    "leavers": {
        "org_code": "VARCHAR", "period_start": "DATE", "period_end": "DATE", "person_id": "VARCHAR",
        "assignment_number": "VARCHAR", "directorate": "VARCHAR", "service_team": "VARCHAR",
        "staff_group": "VARCHAR", "band": "VARCHAR", "ethnic_group": "VARCHAR", "gender": "VARCHAR",
        "hire_date": "DATE", "termination_date": "DATE", "leaving_reason": "VARCHAR",
        "is_low_information_reason": "BOOLEAN", "is_counted": "BOOLEAN", "is_primary": "BOOLEAN",
        "source_file_id": "VARCHAR",
    },
}


def staff(n: int, group: str, prefix: str, **attrs) -> list[dict]:
    """n people of one ethnic group ('WHITE' / 'BME' / 'UNKNOWN'), ids prefix0 .. prefix{n-1}."""
    return [{"person_id": f"{prefix}{i}", "ethnic_group": group, **attrs} for i in range(n)]


def mix(prefix: str, white: int = 0, bme: int = 0, unknown: int = 0, **attrs) -> list[dict]:
    """White, BME and Unknown people with the same attributes (ids prefixW0.., prefixB0.., prefixU0..)."""
    return (staff(white, "WHITE", f"{prefix}W", **attrs) + staff(bme, "BME", f"{prefix}B", **attrs)
            + staff(unknown, "UNKNOWN", f"{prefix}U", **attrs))


class MeasureWarehouse:
    """An in-memory warehouse (the `sql_conn` fixture, bootstrapped) with hand-made staging rows."""

    def __init__(self, conn, settings: Settings):
        self.conn = conn
        self.settings = settings
        for name in ESR_TABLES:  # empty until a test fills them, as after a load without that source
            self.table(name, [])

    def with_settings(self, **sections: dict) -> MeasureWarehouse:
        """Override config fields per section, e.g. with_settings(targets={'team_target_basis': 'fixed'})."""
        updates = {name: getattr(self.settings, name).model_copy(update=fields) for name, fields in sections.items()}
        self.settings = self.settings.model_copy(update=updates)
        return self

    def table(self, name: str, rows: list[dict], **defaults) -> MeasureWarehouse:
        """Replace staging.<name> with these rows (defaults fill missing keys; absent columns are NULL).
        ESR tables get the staging columns above; contract tables keep their DDL."""
        rows = [{"org_code": ORG, **defaults, **r} for r in rows]
        if name in ESR_TABLES:
            columns = ESR_TABLES[name]
            self.conn.execute(f"CREATE OR REPLACE TABLE staging.{name} ("
                              + ", ".join(f"{c} {t}" for c, t in columns.items()) + ")")
        else:
            self.conn.execute(f"DELETE FROM staging.{name}")
            columns = dict(self.conn.execute(
                f"SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'staging' "
                f"AND table_name = '{name}'").fetchall())
        unknown = {c for r in rows for c in r} - set(columns)
        assert not unknown, f"staging.{name} has no column(s) {unknown}"
        if rows:
            self.conn.register("incoming_rows", pl.DataFrame(rows, infer_schema_length=None))
            self.conn.execute(f"INSERT INTO staging.{name} BY NAME SELECT * FROM incoming_rows")
            self.conn.unregister("incoming_rows")
        return self

    def workforce(self, rows: list[dict], snapshot: date = MARCH_24, **defaults) -> MeasureWarehouse:
        """Add people to staging.workforce_snapshot at one snapshot (clinical band 5 unless told)."""
        base = {"snapshot_date": snapshot, "clinical_category": "clinical", "band": "BAND_5",
                "staff_group": "Nursing and Midwifery Registered", "directorate": "Community",
                "service_team": "Team North", "gender": "Female", "hire_date": date(2015, 4, 1)}
        existing = self.query("SELECT * FROM staging.workforce_snapshot")
        new = [{"org_code": ORG, **base, **defaults, **r} for r in rows]
        for r in new:
            r.setdefault("assignment_number", f"A-{r['person_id']}")
        return self.table("workforce_snapshot", existing + new)

    def run(self, *sql_files: str) -> MeasureWarehouse:
        params = self.settings.sql_params()
        for name in sql_files:
            run_sql(self.conn, name, **params)
        return self

    def query(self, sql: str, params: list | None = None) -> list[dict]:
        cur = self.conn.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def rows(self, table: str, where: str = "TRUE") -> list[dict]:
        return self.query(f"SELECT * FROM {table} WHERE {where}")

    def one(self, table: str, **keys) -> dict:
        """The single row of a mart matching keys (column = value)."""
        where = " AND ".join(f"{k} IS NOT DISTINCT FROM ?" for k in keys)
        found = self.query(f"SELECT * FROM {table} WHERE {where or 'TRUE'}", list(keys.values()))
        assert len(found) == 1, f"{table} {keys}: {len(found)} rows"
        return found[0]

    def check(self, sql_file: str) -> list[dict]:
        """The offending rows of a blocking check query (sql/check_measures_*.sql); [] = passes."""
        from wres_pipeline.warehouse import sql_text

        return self.query(sql_text(sql_file))


@pytest.fixture
def mw(sql_conn, settings) -> MeasureWarehouse:
    return MeasureWarehouse(sql_conn, settings)
