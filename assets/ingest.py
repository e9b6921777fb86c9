"""Raw layer: every inbox source folder read into ``raw.<source>``, with a file-level audit trail.

The data version of a raw asset is the hash of the files it read (not its code version), so the UI
shows downstream assets as stale exactly when an extract changes.
"""


import hashlib

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from wres_pipeline.assetkit import OWNERS, code_version, key, quarter_scope, table_metadata
from wres_pipeline.ingest import load_source, rejected_files_table, rejection_failure
from wres_pipeline.partitions import QUARTERLY_TABLES, partition_args, run_scope
from wres_pipeline.readers.contracts import CONTRACTS, Contract
from wres_pipeline.resources import WresSettings, build_connection
from wres_pipeline.warehouse import run_sql

GROUP = "ingest"
AUDIT_COLUMNS_SCHEMA = dict.fromkeys(
    ["source", "source_file_id", "sheet", "column_name", "header_found", "column_letter"], pl.String
)


def _files_table(files: list[dict]) -> dg.MetadataValue:
    lines = ["| file | status | period | rows read | dropped | sha256 |", "|---|---|---|---|---|---|"]
    for f in files:
        period = f["snapshot_date"] or f["period_start"] or ""
        lines.append(
            f"| {f['file_name']}{'!' + f['sheet'] if f['sheet'] else ''} | {f['status']} | {period} | "
            f"{f['rows_read']} | {f['rows_dropped']} | {(f['sha256'] or '')[:16]} |"
        )
    return dg.MetadataValue.md("\n".join(lines))


def raw_extract_asset(contract: Contract) -> dg.AssetsDefinition:
    path = f"raw/{contract.source}"
    sql_file = f"create_raw_{contract.source}.sql"

    @dg.asset(
        key=key(path),
        group_name=GROUP,
        owners=OWNERS,
        kinds={"duckdb", "polars", "csv", "xlsx"},
        code_version=code_version([sql_file, "insert_audit_source_files.sql"]),
        description=f"Every row read from inbox/{contract.folder}/: {contract.description}. "
        "Strings under the contract's column names, plus organisation, period, file id, sheet, "
        "physical row number and drop reason. Personal data and unknown columns are never stored.",
        **partition_args(path),
    )
    def _raw(context: dg.AssetExecutionContext, wres: WresSettings, duckdb: DuckDBResource) -> dg.MaterializeResult:
        load = load_source(wres.inbox_dir, contract, wres.settings)
        # judged on every file of the folder, before a quarter's run narrows the load to its quarter
        failure = rejection_failure(contract.source, load.rejected, len(load.loaded_files),
                                    wres.settings.ingest.rejected_file_policy)
        quarterly = [path] if path in QUARTERLY_TABLES else []
        if quarterly and (scope := run_scope(context)):
            load = load.between(scope.first_day, scope.last_day)  # files of other quarters: left as loaded
        with build_connection(duckdb) as conn:
            conn.register("incoming_rows", load.frame)
            with quarter_scope(conn, context, quarterly):
                run_sql(conn, sql_file)
            if load.files:
                conn.register("incoming_files", pl.DataFrame(load.files, infer_schema_length=None))
                conn.register("incoming_columns", pl.DataFrame(load.columns, schema=AUDIT_COLUMNS_SCHEMA))
                run_sql(conn, "insert_audit_source_files.sql", run_id=context.run_id, source=contract.source)
            if failure:
                raise dg.Failure(
                    description=failure + "\n" + "\n".join(str(r) for r in load.rejected),
                    metadata={"rejected_files": [r.file_name for r in load.rejected]},
                )
            dropped = load.frame.filter(pl.col("drop_reason").is_not_null()).height
            meta = table_metadata(
                conn,
                f"raw.{contract.source}",
                files=_files_table(load.files),
                rows_read=load.frame.height,
                rows_dropped_totals_blanks_headers=dropped,
                file_hashes=", ".join(sorted(f["sha256"] for f in load.loaded_files)),
                files_rejected=len(load.rejected),
                rejected_files=dg.MetadataValue.md(rejected_files_table(load.files)),
            )
        for rejection in load.rejected:
            context.log.warning(f"{path}: file left out (ingest.rejected_file_policy = 'skip'): {rejection}")
        if not load.files:
            context.log.info(f"{path}: no {contract.label} file in inbox/{contract.folder}/; nothing to load")
        else:
            context.log.info(
                f"{path}: {load.frame.height:,} rows read from {len(load.loaded_files)} file(s)"
                f" ({dropped:,} total/blank/header rows marked)"
            )
        version = hashlib.sha256("".join(sorted(f["sha256"] for f in load.loaded_files)).encode()).hexdigest()
        return dg.MaterializeResult(metadata=meta, data_version=dg.DataVersion(version[:16]))

    return _raw


raw_esr_staff_in_post = raw_extract_asset(CONTRACTS["esr_staff_in_post"])
raw_esr_leavers = raw_extract_asset(CONTRACTS["esr_leavers"])
raw_trac_applications = raw_extract_asset(CONTRACTS["trac_applications"])
raw_olm_training = raw_extract_asset(CONTRACTS["olm_training"])
raw_er_cases = raw_extract_asset(CONTRACTS["er_cases"])
raw_board_register = raw_extract_asset(CONTRACTS["board_register"])
raw_staff_survey_responses = raw_extract_asset(CONTRACTS["staff_survey_responses"])
raw_staff_survey_published = raw_extract_asset(CONTRACTS["staff_survey_published"])
raw_staff_survey_wres = raw_extract_asset(CONTRACTS["staff_survey_wres"])
raw_action_plan_actions = raw_extract_asset(CONTRACTS["action_plan_actions"])
raw_action_plan_targets = raw_extract_asset(CONTRACTS["action_plan_targets"])
