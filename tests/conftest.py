"""Shared fixtures: an in-memory DuckDB with the warehouse macros and reference tables, and tiny
hand-built extracts of every source (so tests know every expected number by construction)."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path
from typing import NamedTuple

import duckdb
import polars as pl
import pytest
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings

from assets.reference import REFERENCE_TABLES
from wres_pipeline.config import Settings
from wres_pipeline.warehouse import bootstrap, run_sql

# Hypothesis profiles (tests/test_fuzz_readers.py): 'ci' is the suite's bounded, derandomised run;
# 'long' is the separate fuzzing run: uv run pytest -m fuzz --hypothesis-profile=long
_NO_SHRINK = [Phase.explicit, Phase.reuse, Phase.generate]
_FUZZ_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
hypothesis_settings.register_profile("ci", max_examples=10, deadline=None, derandomize=True, phases=_NO_SHRINK,
                                     suppress_health_check=_FUZZ_HEALTH)
hypothesis_settings.register_profile("long", max_examples=400, deadline=None, suppress_health_check=_FUZZ_HEALTH)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REF_SQL = [name for table in REFERENCE_TABLES for name in table.sql_files]  # every reference table, in build order

ESR_HEADER = [
    "Employee Number", "Assignment Number", "Org L3", "Org L4", "Staff Group", "Occupation Code", "Job Role",
    "Grade", "Assignment Category", "Assignment Status", "Primary Assignment", "FTE", "Ethnic Origin",
    "Gender", "Hire Date", "Termination Date",
]


# pytest-xdist (pyproject addopts: -n 2 --dist loadgroup --no-loadscope-reorder) hands each group of tests to
# one worker as a whole. A group is a test module (its module-scoped fixtures are built once), except that every
# module using a session fixture named in SHARED_FIXTURES joins that fixture's group, so it is built once, not
# once per worker. The groups in SLOWEST_FIRST (the slowest by --durations: refreshes) are handed out first and
# the many quick ones fill in behind them, so no worker is left running a slow group alone at the end.
SHARED_FIXTURES = ("generated_trust",)
SLOWEST_FIRST = ("test_faults", "test_partitions", "generated_trust", "test_publication", "test_pipeline",
                 "test_ingest_rejection", "test_benchmark", "test_dirt_catalogue", "test_indicator_result")


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which reads the xdist_group marks
def pytest_collection_modifyitems(config, items):
    by_module: dict[str, list] = {}
    for item in items:
        by_module.setdefault(item.path.stem, []).append(item)
    group_of = {}
    for module, module_items in by_module.items():
        used = {name for item in module_items for name in getattr(item, "fixturenames", ())}
        group_of[module] = next((name for name in SHARED_FIXTURES if name in used), module)
        for item in module_items:
            item.add_marker(pytest.mark.xdist_group(group_of[module]))
    if hasattr(config, "workerinput"):  # an xdist worker: the scheduler takes the groups in this order
        rank = {group: i for i, group in enumerate(SLOWEST_FIRST)}
        order = {id(item): (rank.get(group_of[item.path.stem], len(rank)), i) for i, item in enumerate(items)}
        items.sort(key=lambda item: order[id(item)])


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def sql_conn():
    conn = duckdb.connect()
    bootstrap(conn)
    for name in REF_SQL:
        run_sql(conn, name, **Settings().sql_params())
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


def write_csv_extract(path: Path, header: list[str], rows: list[dict[str, str]], preamble: list[str] = (),
                      trailer: list[str] | None = None) -> Path:
    """A BI-style CSV: preamble lines and a blank line (when given), the header, rows (by header), a trailer."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        if preamble:
            fh.write("\n".join(preamble) + "\n\n")
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(h, "") for h in header])
        if trailer:
            writer.writerow(trailer)
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]],
               merges: dict[str, list[tuple[int, int, int, int, str]]] | None = None) -> Path:
    """A workbook with one sheet per entry; each sheet is a list of rows of cells (None = empty cell).

    ``merges``: per sheet, merged ranges (first row, first col, last row, last col, label), 0-based.
    """
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
        for first_row, first_col, last_row, last_col, label in (merges or {}).get(name, []):
            sheet.merge_range(first_row, first_col, last_row, last_col, label)
    workbook.close()
    return path


def write_esr_file(path: Path, rows: list[dict[str, str]], as_at: str = "31/03/2024", header=ESR_HEADER,
                   grand_total: bool = True) -> Path:
    """An ESR-BI-style CSV: preamble with the as-at date, header, rows, Grand Total trailer."""
    preamble = ["Staff In Post - Assignment Level", "Organisation: 638 Synthetic Test NHS Trust", f"As at: {as_at}"]
    return write_csv_extract(path, header, rows, preamble, ["Grand Total", str(len(rows))] if grand_total else None)


LEAVER_HEADER = [*ESR_HEADER, "Leaving Reason"]


def leaver_row(n: int, **overrides: str) -> dict[str, str]:
    """One valid leaver row for person n (left in 2023-24); override any column by its export header."""
    row = esr_row(n, **{"Assignment Status": "Terminate Assignment", "Termination Date": "30/09/2023",
                        "Leaving Reason": "Voluntary Resignation - Relocation"})
    row.update(overrides)
    return row


def write_leavers_file(path: Path, rows: list[dict[str, str]], period: str = "01/04/2023 - 31/03/2024",
                       header=LEAVER_HEADER) -> Path:
    preamble = ["Leavers - Assignment Level", "Organisation: 638 Synthetic Test NHS Trust"]
    if period:
        preamble.append(f"Period: {period}")
    return write_csv_extract(path, header, rows, preamble, ["Grand Total", str(len(rows))])


TRAC_HEADER = [
    "Vacancy Reference", "Job Title", "Band", "Staff Group", "Directorate", "Recruitment Route", "Applicant ID",
    "Application ID", "Application Date", "Internal Applicant", "Employee Number", "Ethnic Origin", "Gender",
    "Stage Reached", "Shortlisted", "Shortlisted Date", "Interview Date", "Offer Date", "Offer Accepted",
    "Appointed", "Start Date", "Withdrawn",
]


def trac_row(n: int, **overrides: str) -> dict[str, str]:
    """One valid application (applicant n on vacancy V1, shortlisted, not appointed); override by header."""
    row = {
        "Vacancy Reference": "V1", "Job Title": "Staff Nurse", "Band": "Band 5",
        "Staff Group": "Nursing and Midwifery Registered", "Directorate": "Community", "Recruitment Route": "External",
        "Applicant ID": f"APP{n:05d}", "Application ID": f"A{n:05d}", "Application Date": "01/05/2023",
        "Internal Applicant": "No", "Employee Number": "", "Ethnic Origin": "White: English / Welsh / Scottish / Northern Irish / British",
        "Gender": "Female", "Stage Reached": "Rejected after Interview", "Shortlisted": "Yes",
        "Shortlisted Date": "10/05/2023", "Interview Date": "20/05/2023", "Offer Date": "", "Offer Accepted": "",
        "Appointed": "No", "Start Date": "", "Withdrawn": "No",
    }
    row.update(overrides)
    return row


def write_trac_file(path: Path, rows: list[dict[str, str]], header=TRAC_HEADER,
                    period: str = "01/04/2023 - 31/03/2024") -> Path:
    preamble = ["Trac - Applications report", f"Period: {period}"] if period else []
    return write_csv_extract(path, header, rows, preamble)


OLM_HEADER = [
    "Employee Number", "Assignment Number", "Course Name", "Class Name", "Delivery Mode", "Class Start Date",
    "Class End Date", "Enrolment Status", "Completion Date", "Competence Name", "Mandatory Flag", "Training Category",
]


def olm_row(n: int, **overrides: str) -> dict[str, str]:
    """One valid, attended, non-mandatory enrolment of ESR person n (esr_row numbering)."""
    row = {
        "Employee Number": f"{10000000 + n}", "Assignment Number": f"{20000000 + n}",
        "Course Name": "638 Leadership Essentials", "Class Name": "Cohort 3", "Delivery Mode": "Classroom",
        "Class Start Date": "12/06/2023", "Class End Date": "13/06/2023", "Enrolment Status": "Attended",
        "Completion Date": "13/06/2023", "Competence Name": "", "Mandatory Flag": "", "Training Category": "",
    }
    row.update(overrides)
    return row


ER_HEADER = [
    "Case Reference", "Parent Case Reference", "Employee Number", "Case Type", "Allegation Category", "Stage",
    "Case Opened Date", "Formal Investigation Start Date", "Suspended", "Hearing Date", "Case Closed Date",
    "Outcome", "Appeal Outcome",
]


def er_row(n: int, **overrides: str) -> dict[str, str]:
    """One valid open disciplinary case at formal investigation, about ESR person n."""
    row = {
        "Case Reference": f"ER{n:04d}", "Parent Case Reference": "", "Employee Number": f"{10000000 + n}",
        "Case Type": "Disciplinary", "Allegation Category": "Conduct", "Stage": "Formal Investigation",
        "Case Opened Date": "01/06/2023", "Formal Investigation Start Date": "15/06/2023", "Suspended": "No",
        "Hearing Date": "", "Case Closed Date": "", "Outcome": "", "Appeal Outcome": "",
    }
    row.update(overrides)
    return row


BOARD_HEADER = [
    "Member ID", "Role Title", "Executive", "Voting", "Employee Number", "Ethnic Origin", "Gender",
    "Appointment Start Date", "Appointment End Date",
]


def board_row(n: int, **overrides: str) -> dict[str, str]:
    """One valid voting non-executive member, appointed in 2021."""
    row = {
        "Member ID": f"BM{n:02d}", "Role Title": "Non-Executive Director", "Executive": "Non-Executive",
        "Voting": "Yes", "Employee Number": "", "Ethnic Origin": "A White - British", "Gender": "Female",
        "Appointment Start Date": "01/04/2021", "Appointment End Date": "",
    }
    row.update(overrides)
    return row


SURVEY_HEADER = ["Respondent ID", "Survey Year", "Organisation Code", "Breakdown 1", "Mode",
                 "q14a", "q14b", "q14c", "q15", "q16a", "q16b", "q28"]


def survey_row(n: int, **overrides: str) -> dict[str, str]:
    """One valid 2023 respondent (White British, no harassment, equal opportunities Yes, no discrimination)."""
    row = {"Respondent ID": f"R{n:06d}", "Survey Year": "2023", "Organisation Code": "SY001",
           "Breakdown 1": "Directorate A", "Mode": "Online", "q14a": "1", "q14b": "1", "q14c": "1", "q15": "1",
           "q16a": "2", "q16b": "2", "q28": "01"}
    row.update(overrides)
    return row


def period_preamble(title: str, period: str = "01/04/2023 - 31/03/2024") -> list[str]:
    return [title, f"Period: {period}"]


def load_raw(conn: duckdb.DuckDBPyConnection, frame: pl.DataFrame, source: str = "esr_staff_in_post") -> None:
    conn.register("incoming_rows", frame)
    run_sql(conn, "create_raw_table.sql", {"raw_table": f"raw.{source}"})


def stage_source(conn: duckdb.DuckDBPyConnection, inbox: Path, source: str, settings: Settings):
    """Run the real ingest + staging path of one raw table (its StagingSource SQL) on an inbox, into ``conn``."""
    from assets.staging import STAGING_SOURCES
    from wres_pipeline.ingest import load_source

    spec = STAGING_SOURCES[source]
    load = load_source(inbox, spec.contract, settings)
    assert not load.rejected, load.rejected
    load_raw(conn, load.frame, source)
    if load.columns:
        conn.register("incoming_columns", pl.DataFrame(load.columns))
        conn.execute("INSERT INTO audit.source_file_columns BY NAME SELECT * FROM incoming_columns")
    spec.run(conn, settings.sql_params())
    spec.run(conn, settings.sql_params(), post=True)
    return load


def stage_esr(conn: duckdb.DuckDBPyConnection, inbox: Path, settings: Settings) -> None:
    """Staff in post through staging, and the workforce snapshot."""
    stage_source(conn, inbox, "esr_staff_in_post", settings)
    run_sql(conn, "create_staging_workforce_snapshot.sql", **settings.sql_params())


class GeneratedTrust(NamedTuple):
    result: object  # dagster ExecuteInProcessResult of the refresh
    truth: dict  # _truth/truth.json
    settings: Settings

    @property
    def build_file(self) -> Path:
        from wres_pipeline.warehouse import build_path

        return build_path(self.settings.paths.warehouse)

    @property
    def published_file(self) -> Path:
        from wres_pipeline.warehouse import published_path

        return published_path(self.settings.paths.warehouse)


@pytest.fixture(scope="session")
def generated_trust(tmp_path_factory) -> GeneratedTrust:
    """The generator's small trust (seed 3, every source) refreshed and published once per test session.

    Report years 2024-2025 (end_year 2025): their staff surveys (2023, 2024) have a verified question
    map; a 2025 survey is rejected until its map is added (ref.survey_ethnicity_item).
    Every file carries personal-data columns (dirt D35, values never change): tests/test_personal_data.py
    proves none of them is stored or published."""
    import json

    from wres_pipeline.config import load_settings
    from wres_pipeline.runner import execute_refresh
    from wres_synth import generate

    root = tmp_path_factory.mktemp("generated_trust")
    generate(root / "inbox", profile="small", seed=3, end_year=2025, dirt={"D35": 1.0})
    settings = load_settings(inbox=root / "inbox", warehouse=root / "warehouse")
    result = execute_refresh(settings)
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    truth = json.loads((root / "inbox" / "_truth" / "truth.json").read_text())
    return GeneratedTrust(result, truth, settings)


def esr_years_inbox(root: Path, years=(2023, 2024)) -> Path:
    """Staff-in-post snapshots at 31 March of each year: people 1..(40 + year % 10), every 4th Black African.

    2023: 43 staff, 10 BME; 2024: 44 staff, 11 BME (25 %); 2022: 42 staff, 10 BME."""
    for year in years:
        rows = [esr_row(i, **{"Ethnic Origin": "N Black or Black British - African" if i % 4 == 0 else "A White - British"})
                for i in range(1, 41 + year % 10)]
        write_esr_file(root / "esr_staff_in_post" / f"ESR_Staff_In_Post_SY001_{year}0331.csv", rows, as_at=f"31/03/{year}")
    return root


class Refreshed(NamedTuple):
    result: object  # dagster ExecuteInProcessResult of the refresh
    settings: Settings


def _tree_state(*roots: Path) -> dict[str, tuple[int, int, int]]:
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns, p.stat().st_mode)
            for root in roots for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def esr_refreshed(tmp_path_factory):
    """The two-year staff-in-post inbox (esr_years_inbox) refreshed and published once per session (per
    pytest-xdist worker). Shared: read it, never change it; a test that changes the inbox or the warehouse
    works on ``copy_refreshed(esr_refreshed, tmp_path)``. The teardown fails if any file of either changed."""
    from wres_pipeline.config import load_settings
    from wres_pipeline.runner import execute_refresh

    root = tmp_path_factory.mktemp("esr_refreshed")
    settings = load_settings(inbox=esr_years_inbox(root / "inbox"), warehouse=root / "warehouse")
    result = execute_refresh(settings)
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    state = _tree_state(settings.paths.inbox, settings.paths.warehouse)
    yield Refreshed(result, settings)
    changed = _tree_state(settings.paths.inbox, settings.paths.warehouse)
    assert changed == state, ("a test changed the shared esr_refreshed inbox or warehouse (use copy_refreshed): "
                              f"{sorted(set(changed.items()) ^ set(state.items()))[:5]}")


def copy_refreshed(refreshed: Refreshed, root: Path) -> Settings:
    """A private copy of a refreshed inbox and warehouse under ``root`` (as if that refresh had run there)."""
    from wres_pipeline.config import load_settings

    shutil.copytree(refreshed.settings.paths.inbox, root / "inbox")
    shutil.copytree(refreshed.settings.paths.warehouse, root / "warehouse")
    return load_settings(inbox=root / "inbox", warehouse=root / "warehouse")
