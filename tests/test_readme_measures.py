"""Every query of the README's "QI measures" and history sections runs on a published warehouse (the small
generated trust of tests/conftest.py) and answers: at least one row, no error."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from wres_pipeline import disclosure

README = Path(__file__).resolve().parents[1] / "README.md"


def _queries(*sections: str) -> list[str]:
    text = README.read_text(encoding="utf-8")
    found = []
    for title in sections:
        body = text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]
        found += re.findall(r"```sql\n(.*?)```", body, flags=re.S)
    return found


QUERIES = _queries("The report, SPC and the action plan", "Benchmarks across organisations",
                   "WRES history and the national comparison", "QI measures")


def test_the_readme_has_one_query_per_measure_table():
    tables = {t for q in QUERIES for t in re.findall(r"from (marts\.\w+)", q)}
    measure_sql = Path(__file__).resolve().parents[1] / "sql"
    marts = {f"marts.{p.stem.removeprefix('create_marts_')}" for p in measure_sql.glob("create_marts_*.sql")}
    assert marts - {"marts.wres_indicator_result", *disclosure.PRIVATE_TABLES} <= tables


@pytest.mark.parametrize("query", QUERIES, ids=[q.splitlines()[0][3:60] for q in QUERIES])
def test_readme_query_answers_on_the_published_warehouse(generated_trust, query):
    with duckdb.connect(str(generated_trust.published_file), read_only=True) as conn:
        rows = conn.execute(query).fetchall()
    assert rows, query
