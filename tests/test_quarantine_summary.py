"""Quarantined rows where people look: the refresh summary (values masked), the published
audit.quarantine_summary (no values), and `wres quarantine` (every row, values included, private)."""

from __future__ import annotations

import duckdb

from tests.conftest import esr_row, write_esr_file
from wres_pipeline.cli import main, refresh
from wres_pipeline.warehouse import published_path


def test_quarantine_in_the_summary_the_published_table_and_the_private_command(tmp_path, capsys):
    # 40 staff; person 7's ethnic origin is "Brit" (not an ESR code): 1 row quarantined (2.5 %, the file loads)
    rows = [esr_row(i, **({"Ethnic Origin": "Brit"} if i == 7 else {})) for i in range(1, 41)]
    write_esr_file(tmp_path / "inbox" / "esr_staff_in_post" / "sip_20240331.csv", rows)
    assert refresh(tmp_path / "inbox", tmp_path / "warehouse")
    out = capsys.readouterr().out
    # the preamble has 3 lines and a blank, the header is line 5: person 7 is on line 12
    assert ('sip_20240331.csv: 1 x REJECT_ROW ESR_SIP-015 column "Ethnic Origin" (row 12), e.g. value "B***": '
            'not a recognised ESR ethnic origin') in out
    assert "\"Brit\"" not in out

    with duckdb.connect(str(published_path(tmp_path / "warehouse")), read_only=True) as conn:
        summary = conn.execute("SELECT file_name, rule_id, column_name, rows, first_row, reason "
                               "FROM audit.quarantine_summary").fetchall()
    assert summary == [("sip_20240331.csv", "ESR_SIP-015", "Ethnic Origin", 1, 12,
                        'not a recognised ESR ethnic origin; expected a value such as "A White - British" or '
                        '"Z Not Stated"')]

    assert main(["quarantine", "--warehouse", str(tmp_path / "warehouse"), "--rule", "ESR_SIP-015"]) == 0
    out = capsys.readouterr().out
    assert 'REJECT_ROW ESR_SIP-015 sip_20240331.csv row 12 column "Ethnic Origin" value "Brit"' in out
    assert "1 quarantined row(s)" in out


def test_every_published_marts_column_has_its_lineage_in_a_table_and_the_dictionary(esr_refreshed):
    # open-source Dagster records column lineage but does not show it: audit.column_lineage and the dictionary do
    warehouse = esr_refreshed.settings.paths.warehouse
    with duckdb.connect(str(published_path(warehouse)), read_only=True) as conn:
        missing = conn.execute(
            "SELECT schema_name || '.' || table_name, column_name FROM duckdb_columns() WHERE schema_name = 'marts' "
            "AND (schema_name || '.' || table_name, column_name) NOT IN "
            "(SELECT (table_name, column_name) FROM audit.column_lineage)").fetchall()
        value = conn.execute(
            "SELECT upstream_table, upstream_column, sql_files FROM audit.column_lineage "
            "WHERE table_name = 'marts.wres_indicator_result' AND column_name = 'org_code' ORDER BY 1").fetchall()
    assert missing == []
    assert ("intermediate.wres_indicator_1", "org_code", "sql/create_marts_wres_indicator_result.sql") in value
    html = (warehouse / "data_dictionary.html").read_text(encoding="utf-8")
    assert "<th>computed from</th>" in html and "intermediate.wres_indicator_1.org_code" in html
    assert "Built by: <code>sql/create_marts_wres_indicator_result.sql</code>" in html
