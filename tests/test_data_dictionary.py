"""The published warehouse is a documented contract (issue 8): every table, view and column of the
published schemas (marts, audit, ref) carries a COMMENT, and the data dictionary written beside the
published file (data_dictionary.md / .html, built from those comments) lists every one of them.
Runs on the session's generated trust, so a table or column added later without a comment fails here."""

from __future__ import annotations

import html

import duckdb

from wres_pipeline.warehouse import PUBLISHED_SCHEMAS


def _published(generated_trust) -> tuple[list[tuple], list[tuple]]:
    """(schema, table, comment) of every published table and view; (schema, table, column, type, comment)."""
    with duckdb.connect(str(generated_trust.published_file), read_only=True) as conn:
        relations = conn.execute(
            "SELECT schema_name, table_name, comment FROM duckdb_tables() "
            "WHERE database_name = current_database() AND schema_name IN ? "
            "UNION ALL SELECT schema_name, view_name, comment FROM duckdb_views() "
            "WHERE database_name = current_database() AND schema_name IN ? AND NOT internal ORDER BY ALL",
            [list(PUBLISHED_SCHEMAS), list(PUBLISHED_SCHEMAS)]).fetchall()
        columns = conn.execute(
            "SELECT schema_name, table_name, column_name, data_type, comment FROM duckdb_columns() "
            "WHERE database_name = current_database() AND schema_name IN ? ORDER BY ALL",
            [list(PUBLISHED_SCHEMAS)]).fetchall()
    return relations, columns


def test_every_published_table_and_column_has_a_comment(generated_trust):
    relations, columns = _published(generated_trust)
    assert {s for s, _, _ in relations} == set(PUBLISHED_SCHEMAS)
    assert len(relations) >= 40 and len(columns) >= 600  # the whole warehouse, not a stub
    bare_tables = [f"{s}.{t}" for s, t, c in relations if not (c or "").strip()]
    bare_columns = [f"{s}.{t}.{c}" for s, t, c, _, text in columns if not (text or "").strip()]
    assert not bare_tables, f"published tables without a COMMENT ON TABLE (add it in the sql/ file that creates them): {bare_tables}"
    assert not bare_columns, f"published columns without a COMMENT ON COLUMN (in the sql/ file that creates or adds them): {bare_columns}"


def test_the_data_dictionary_lists_every_published_table_and_column(generated_trust):
    relations, columns = _published(generated_trust)
    folder = generated_trust.settings.paths.warehouse
    md = (folder / "data_dictionary.md").read_text(encoding="utf-8")
    page = (folder / "data_dictionary.html").read_text(encoding="utf-8")
    md_sections = {part.split("\n", 1)[0]: part for part in md.split("\n## ")[1:]}
    page_sections = {part.split("'", 1)[0]: part for part in page.split("<h2 id='")[1:]}
    for title, anchor in (("Method choices", "method-choices"), ("Codes and their words", "codes")):
        md_sections.pop(title), page_sections.pop(anchor)  # tests below
    assert "_(no description)_" not in md
    assert set(md_sections) == set(page_sections) == {f"{s}.{t}" for s, t, _ in relations}
    for schema, table, comment in relations:
        assert md_sections[f"{schema}.{table}"].startswith(f"{schema}.{table}\n\n{comment}\n")
        assert f"<p>{html.escape(comment)}</p>" in page_sections[f"{schema}.{table}"]
    for schema, table, column, dtype, comment in columns:
        line = f"| `{column}` | {dtype} | {comment.replace('|', '/')} | "
        (found,) = [x for x in md_sections[f"{schema}.{table}"].splitlines() if x.startswith(line)] or [None]
        assert found, f"{schema}.{table}.{column} not in data_dictionary.md"
        # every marts column names what it is computed from (audit.column_lineage)
        if schema == "marts":
            assert found.removeprefix(line).strip(" |"), f"{schema}.{table}.{column}: no lineage in data_dictionary.md"
        cell = f"<tr><td><code>{column}</code></td><td>{dtype}</td><td>{html.escape(comment)}</td><td>"
        assert cell in page_sections[f"{schema}.{table}"], f"{schema}.{table}.{column} not in data_dictionary.html"


def test_every_token_of_method_version_is_explained_in_the_data_dictionary(generated_trust):
    """Each token=value of every published method_version (survey rows' own tokens included) has a row in the
    dictionary's method-choices table naming its setting and meaning, and ref.method_choice holds the same."""
    with duckdb.connect(str(generated_trust.published_file), read_only=True) as conn:
        versions = [v for (v,) in conn.execute("SELECT DISTINCT method_version FROM marts.wres_indicator_result").fetchall()]
        choices = {t: (v, st, m) for t, v, st, m in conn.execute("SELECT token, value, setting, meaning FROM ref.method_choice").fetchall()}
    md = (generated_trust.settings.paths.warehouse / "data_dictionary.md").read_text(encoding="utf-8")
    section = md.split("\n## Method choices\n", 1)[1].split("\n## ", 1)[0]
    tokens = {part.split("=", 1)[0] for v in versions for part in v.split(";")[1:]}
    assert {"smm", "executives_vsm", "ind34_events", "ind3", "survey_source", "survey_map"} <= tokens
    for token in tokens:
        assert token in choices, f"method_version token {token} not in ref.method_choice"
        value, setting, meaning = choices[token]
        assert f"| `{token}` | `{value}` | `{setting}` | " in section and len(meaning) > 30
    assert generated_trust.settings.method_version() in {v.split(";survey_source")[0] for v in versions}
