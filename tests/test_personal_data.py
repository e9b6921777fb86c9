"""No personal data is stored or published, and no small cell is published (issue 11).

The generated trust of tests/conftest.py (``generated_trust``) carries dirt case D35 in every file: 2-4
columns of obviously fake personal data (full name, NI-style number, email address, date of birth). The
values planted are read back from the inbox files named in ``_truth/dirt.csv``; every table of BOTH
warehouses (the private build database and the published copy), every Parquet export and the data
dictionary are searched for them.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

# A leaked date-of-birth column: most of one file's dates of birth found in one stored column (a few
# dates may coincide with hire or start dates; a leaked column holds nearly all of them).
DOB_COLUMN_SHARE = 0.5
# A stored column named for personal data.
PERSONAL_COLUMN = (r"(^|_)(full_name|surname|forename|first_name|last_name|ni_number|national_insurance\w*|"
                   r"e_?mail(_address)?|date_of_birth|birth_date|dob|address|postcode|phone\w*)$")


def _rows_of(path: Path, sheet: str | None) -> list[list[str]]:
    if path.suffix.lower() in (".xlsx", ".xls"):
        import fastexcel

        grid = fastexcel.read_excel(path).load_sheet(sheet or 0, header_row=None, dtypes="string").to_polars()
        return [["" if v is None else str(v) for v in row] for row in grid.iter_rows()]
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "utf-16", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    delimiter = max(",\t;|", key=lambda d: text[:4096].count(d))
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def planted_values(inbox: Path) -> dict[str, set[str]]:
    """{'text': names, NI numbers, emails} and {'dob:<file>': dates of birth as ISO and dd/mm/yyyy}."""
    manifest = pl.read_csv(inbox / "_truth" / "dirt.csv", infer_schema=False).filter(pl.col("case") == "D35")
    assert manifest.height > 0, "the generated trust carries no personal-data columns (D35)"
    planted: dict[str, set[str]] = defaultdict(set)
    for (file, sheet), columns in manifest.group_by(["file", "sheet"]):
        rows = _rows_of(inbox / file, sheet or None)
        for header in columns["column"].to_list():
            h, j = next((i, r.index(header)) for i, r in enumerate(rows[:60]) if header in r)
            values = [r[j].strip() for r in rows[h + 1:] if len(r) > j and r[j].strip()]
            if "birth" in header.lower():
                for v in values:
                    day = next((datetime.strptime(v[:19], f).date() for f in ("%d/%m/%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S")
                                if _parses(v[:19], f)), None)
                    if day is not None:
                        planted[f"dob:{file}"] |= {day.isoformat(), f"{day:%d/%m/%Y}"}
            else:  # (a trailer row's count can sit under the column: not a planted value)
                planted["text"].update(v for v in values if not v.replace(",", "").isdigit())
    return planted


def _parses(text: str, fmt: str) -> bool:
    try:
        datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True


def _text_columns(conn: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, str]]:
    return conn.execute(
        "SELECT schema_name, table_name, column_name, data_type FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name NOT IN ('information_schema', 'pg_catalog') "
        "AND (data_type IN ('VARCHAR', 'DATE', 'TIMESTAMP') OR data_type LIKE '%[]' OR data_type LIKE 'STRUCT%') "
        "ORDER BY ALL"
    ).fetchall()


def leaks(conn: duckdb.DuckDBPyConnection, planted: dict[str, set[str]], relation=None) -> list[str]:
    """Where planted values appear in the tables of ``conn`` (or in one relation, e.g. a Parquet file)."""
    conn.execute("CREATE OR REPLACE TEMP TABLE planted_text AS SELECT unnest(?::VARCHAR[]) AS v", [sorted(planted["text"])])
    dobs = [(key, v) for key, values in planted.items() if key.startswith("dob:") for v in sorted(values)]
    conn.execute("CREATE OR REPLACE TEMP TABLE planted_dob AS SELECT unnest(?::VARCHAR[]) AS k, unnest(?::VARCHAR[]) AS v",
                 [[k for k, _ in dobs], [v for _, v in dobs]])
    dates_per_file = {key: len(values) // 2 for key, values in planted.items() if key.startswith("dob:")}
    if relation:
        targets = [(None, relation, name, dtype)
                   for name, dtype, *_ in conn.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()]
    else:
        targets = _text_columns(conn)
    found = []
    for schema, table, column, _ in targets:
        source = relation if relation else f'{schema}."{table}"'
        value = f'CAST("{column}" AS VARCHAR)'
        hits = conn.execute(
            f"SELECT count(*) FROM {source} WHERE {value} IN (SELECT v FROM planted_text) "
            f"OR regexp_matches({value}, '@example\\.invalid|\\bQQ[0-9]{{6}}[A-D]\\b|Testname|Dummyname|Samplename')"
        ).fetchone()[0]
        if hits:
            found.append(f"{source}.{column}: {hits} personal value(s)")
        for key, n in conn.execute(
            f"SELECT d.k, count(DISTINCT d.v) FROM (SELECT DISTINCT {value} AS v FROM {source}) AS t "
            "JOIN planted_dob AS d USING (v) GROUP BY 1"
        ).fetchall():
            if n / max(1, dates_per_file[key]) > DOB_COLUMN_SHARE:
                found.append(f"{source}.{column}: {n / dates_per_file[key]:.0%} of the dates of birth of {key[4:]}")
    return found


@pytest.fixture(scope="module")
def planted(generated_trust):
    return planted_values(generated_trust.settings.paths.inbox)


def test_planted_personal_data_is_found_by_the_scan(planted, tmp_path):
    """The scan can fail: a table holding the planted values is reported."""
    assert len(planted["text"]) > 50 and any(k.startswith("dob:") for k in planted)
    dob_key = next(k for k in planted if k.startswith("dob:"))
    with duckdb.connect() as conn:
        conn.execute("CREATE TABLE leaked AS SELECT unnest(?::VARCHAR[]) AS who, unnest(?::VARCHAR[]) AS born",
                     [sorted(planted["text"])[:5], sorted(d for d in planted[dob_key] if "-" in d)])
        conn.execute("CREATE TABLE fine AS SELECT 'Band 5' AS grade, DATE '2015-04-01' AS hired")
        assert {f.split(":")[0] for f in leaks(conn, planted)} == {'main."leaked".who', 'main."leaked".born'}


def test_no_personal_data_in_either_warehouse(generated_trust, planted):
    assert generated_trust.result.success
    for database in (generated_trust.build_file, generated_trust.published_file):
        with duckdb.connect(str(database), read_only=True) as conn:
            assert leaks(conn, planted) == [], database
            stored = [c for _, _, c, _ in _text_columns(conn)]
            assert not [c for c in stored if re.search(PERSONAL_COLUMN, c)]


def test_no_personal_data_in_the_exports_or_the_reports(generated_trust, planted):
    warehouse = generated_trust.settings.paths.warehouse
    parquet = sorted((warehouse / "parquet").rglob("*.parquet"))
    assert parquet
    with duckdb.connect() as conn:
        for path in parquet:
            assert leaks(conn, planted, f"read_parquet('{path}')") == [], path
    returns = sorted((generated_trust.settings.private_path() / "exports").glob("*.csv"))  # the NHS England return
    reports = sorted((warehouse / "reports").glob("*.html"))  # the board report, one per reporting year
    assert returns and reports
    for path in [warehouse / "data_dictionary.md", warehouse / "data_dictionary.html", *returns, *reports]:
        text = path.read_text(encoding="utf-8")
        assert not [v for v in planted["text"] if v in text], path


def test_published_files_are_read_only(generated_trust):
    warehouse = generated_trust.settings.paths.warehouse
    published = [generated_trust.published_file, warehouse / "data_dictionary.md", warehouse / "data_dictionary.html",
                 *(warehouse / "parquet").rglob("*.parquet"), *(warehouse / "reports").glob("*.html")]
    assert [p.name for p in published if p.stat().st_mode & 0o222] == []
    # the folder BI tools are pointed at holds the published copy and what is derived from it only: the
    # unsuppressed NHS England return lives in the private outputs folder (publication.private_dir)
    assert {p.name for p in warehouse.iterdir()} == {"wres.duckdb", "data_dictionary.md", "data_dictionary.html",
                                                     "parquet", "reports", ".build"}
    assert sorted(p.name for p in (generated_trust.settings.private_path() / "exports").iterdir())
