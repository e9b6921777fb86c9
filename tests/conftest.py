"""Shared fixtures: an in-memory DuckDB with the warehouse macros and reference tables, and tiny
hand-built ESR extracts (so tests know every expected number by construction)."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import polars as pl
import pytest

from wres_pipeline.config import Settings
from wres_pipeline.warehouse import bootstrap, run_sql

REF_SQL = [
    "create_ref_ethnic_category.sql",
    "create_ref_staff_group.sql",
    "create_ref_medical_grade.sql",
    "create_ref_indicator_1_row.sql",
]

ESR_HEADER = [
    "Employee Number", "Assignment Number", "Org L3", "Org L4", "Staff Group", "Occupation Code", "Job Role",
    "Grade", "Assignment Category", "Assignment Status", "Primary Assignment", "FTE", "Ethnic Origin",
    "Gender", "Hire Date", "Termination Date",
]


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def sql_conn():
    conn = duckdb.connect()
    bootstrap(conn)
    for name in REF_SQL:
        run_sql(conn, name)
    yield conn
    conn.close()


def esr_row(n: int, **overrides: str) -> dict[str, str]:
    """One valid staff-in-post row for person n; override any column by its export header."""
    row = {
        "Employee Number": f"{10000000 + n}",
        "Assignment Number": f"{20000000 + n}",
        "Org L3": "638 Community Directorate",
        "Org L4": "638 Team North",
        "Staff Group": "Nursing and Midwifery Registered",
        "Occupation Code": "N6H",
        "Job Role": "Staff Nurse",
        "Grade": "Band 5",
        "Assignment Category": "Permanent",
        "Assignment Status": "Active Assignment",
        "Primary Assignment": "Yes",
        "FTE": "1",
        "Ethnic Origin": "A White - British",
        "Gender": "Female",
        "Hire Date": "01/04/2015",
        "Termination Date": "",
    }
    row.update(overrides)
    return row


def write_esr_file(path: Path, rows: list[dict[str, str]], as_at: str = "31/03/2024", header=ESR_HEADER,
                   grand_total: bool = True) -> Path:
    """An ESR-BI-style CSV: preamble with the as-at date, header, rows, Grand Total trailer."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        fh.write("Staff In Post - Assignment Level\nOrganisation: 638 Synthetic Test NHS Trust\n")
        fh.write(f"As at: {as_at}\n\n")
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(h, "") for h in header])
        if grand_total:
            writer.writerow(["Grand Total", len(rows)])
    return path


def load_raw(conn: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> None:
    conn.register("incoming_rows", frame)
    run_sql(conn, "create_raw_esr_staff_in_post.sql")


STAGING_SQL = [
    "create_typed_staff_in_post.sql",
    "create_staging_staff_in_post.sql",
    "create_staging_quarantine_esr_staff_in_post.sql",
    "create_staging_workforce_snapshot.sql",
]


def stage_esr(conn: duckdb.DuckDBPyConnection, inbox: Path, settings: Settings) -> None:
    """Run the real ingest + staging path on an inbox folder, into ``conn``."""
    from wres_pipeline.ingest import load_source
    from wres_pipeline.readers.contracts import ESR_STAFF_IN_POST

    load = load_source(inbox, ESR_STAFF_IN_POST, settings)
    assert not load.rejected, load.rejected
    load_raw(conn, load.frame)
    conn.register("incoming_columns", pl.DataFrame(load.columns))
    conn.execute("INSERT INTO audit.source_file_columns BY NAME SELECT * FROM incoming_columns")
    for name in STAGING_SQL:
        run_sql(conn, name, **settings.sql_params())
