"""Staging layer: typed, normalised, conformed rows; rejected rows quarantined with a message.

Every source follows one pattern (``staging_assets``): its SQL files build a TEMP typed table whose
``reject`` column holds the first row rule each row breaks; the staging table(s) take the valid rows,
``staging.quarantine_<raw table>`` the rest, each with a full message (source-extracts.md §1.11).
A file with more than ``thresholds.max_rejected_row_share`` (and more than
``thresholds.rejected_rows_allowed``) of its data rows rejected is rejected as a whole, with a message
naming it (rule <prefix>-F07). Under ``ingest.rejected_file_policy = 'skip'`` its rows are marked
``file_rejected`` in raw (kept and counted, like totals) and staging is rebuilt without them, so nothing
from it reaches staging while the source's other files load; under 'fail', or when no file of the source
is left, the run fails and nothing downstream is built or published.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from wres_pipeline.assetkit import OWNERS, code_version, key, quarter_scope, sql_asset, table_metadata
from wres_pipeline.incremental import fingerprints, remember, reopen_rejected_files, reusable_run
from wres_pipeline.ingest import rejection_failure
from wres_pipeline.partitions import QUARTERLY_TABLES, rebuild_tags, run_scope
from wres_pipeline.readers.contracts import CONTRACTS, Contract
from wres_pipeline.readers.errors import FileRejected
from wres_pipeline.resources import WresSettings, build_connection
from wres_pipeline.warehouse import query_sql, run_sql

GROUP = "staging"


@dataclass(frozen=True)
class StagingSource:
    """One raw table's staging transform: which SQL runs, what it builds, what it reads."""

    contract: Contract
    tables: Mapping[str, str]  # staging asset path -> description
    sql_files: tuple[str, ...]
    deps: tuple[str, ...] = ()  # besides the raw table (reference tables, staging.staff_in_post)
    params: Mapping[str, object] = field(default_factory=dict)  # extra SQL parameters
    # Run once the rejected files are settled (they change raw, e.g. erase survey answers, §4.4).
    post_sql_files: tuple[str, ...] = ()
    typed_table: str = ""  # the connection-local typed table its SQL builds (rows with their first broken rule)

    @property
    def identifiers(self) -> dict[str, str]:
        """The tables the shared SQL files (create_staging_quarantine_source.sql) are run with."""
        return {"source": self.contract.source, "typed_table": self.typed_table,
                "quarantine_table": self.quarantine.replace("/", ".")}

    def run(self, conn: duckdb.DuckDBPyConnection, params: Mapping[str, object], post: bool = False,
            **overrides: object) -> None:
        """Run the transform's SQL files (or, ``post``, its post files) with its identifiers and parameters
        (``overrides`` last, e.g. the raw table a run over some quarters reads)."""
        for name in self.post_sql_files if post else self.sql_files:
            run_sql(conn, name, self.identifiers, **{**params, **self.params, **overrides})

    @property
    def upstream_contracts(self) -> tuple[Contract, ...]:
        """The sources whose staging tables this transform reads (``deps``), e.g. ESR staff in post."""
        return tuple(s.contract for s in STAGING_SOURCES.values() if set(s.tables) & set(self.deps))

    @property
    def rewrites_raw(self) -> bool:
        """Its post SQL rewrites raw rows (survey answers erased once aggregated): it can only be staged again
        from freshly read rows (wres_pipeline/incremental.py)."""
        return bool(self.post_sql_files)

    @property
    def raw_table(self) -> str:
        return f"raw.{self.contract.source}"

    @property
    def quarantine(self) -> str:
        return f"staging/quarantine_{self.contract.source}"


def _esr(source: str, rule_prefix: str, is_leavers: bool) -> dict[str, object]:
    """Parameters of the typed SQL shared by the two ESR extracts (sql/create_typed_esr.sql)."""
    return {"raw_table": f"raw.{source}", "rule_prefix": rule_prefix, "is_leavers": is_leavers}


ESR_REFS = ("ref/ethnic_category", "ref/ethnic_census_category", "ref/staff_group", "ref/medical_grade",
            "ref/leaving_reason")

STAFF_IN_POST = StagingSource(
    contract=CONTRACTS["esr_staff_in_post"],
    typed_table="typed_esr",
    tables={
        "staging/staff_in_post": "ESR staff in post, one row per valid assignment per snapshot: band (§2.3.2), "
        "WRES ethnic group (§1.8, raw value kept), clinical / non-clinical / medical (§2.4), "
        "and whether the assignment counts in the workforce (§8).",
    },
    sql_files=("create_typed_esr.sql", "create_staging_staff_in_post.sql",
               "create_staging_quarantine_source.sql"),
    deps=ESR_REFS,
    params=_esr("esr_staff_in_post", "ESR_SIP", False),
)

LEAVERS = StagingSource(
    contract=CONTRACTS["esr_leavers"],
    typed_table="typed_esr",
    tables={
        "staging/leavers": "ESR leavers, one row per valid leaver assignment per period: the staff-in-post "
        "normalisation plus the leaving reason (en dashes matched as hyphens, D26; raw kept), a "
        "low-information flag (D27) and whether the contract type counts (§8).",
    },
    sql_files=("create_typed_esr.sql", "create_staging_leavers.sql", "create_staging_quarantine_source.sql"),
    deps=ESR_REFS,
    params=_esr("esr_leavers", "ESR_LEA", True),
)

APPLICATIONS = StagingSource(
    contract=CONTRACTS["trac_applications"],
    typed_table="typed_applications",
    tables={
        "staging/applications": "Trac / NHS Jobs applications, one row per valid application: canonical stage "
        "(§3.1), shortlisted / appointed (offer made and accepted) / withdrawn flags and dates, WRES ethnic "
        "group from ESR or census-style wording, internal applicants matched to ESR (D30 rejected, D31 "
        "latest stage kept).",
    },
    sql_files=("create_typed_applications.sql", "create_staging_applications.sql",
               "create_staging_quarantine_source.sql"),
    deps=("ref/ethnic_census_category", "ref/trac_stage", "ref/recruitment_route", "ref/staff_group",
          "ref/medical_grade", "staging/staff_in_post"),
)

TRAINING = StagingSource(
    contract=CONTRACTS["olm_training"],
    typed_table="typed_training",
    tables={
        "staging/training": "OLM learning history / CPD, one row per valid enrolment (D32: indicator 4 counts "
        "people): attended (Attended / Completed), mandatory and the rule that decided it (§5.1), "
        "matched to an ESR person or flagged.",
    },
    sql_files=("create_typed_training.sql", "create_staging_training.sql", "create_staging_quarantine_source.sql"),
    deps=("staging/staff_in_post",),
)

ER_CASES = StagingSource(
    contract=CONTRACTS["er_cases"],
    typed_table="typed_er_cases",
    tables={
        "staging/er_cases": "Employee-relations cases, one row per valid case and employee: canonical case type, "
        "stage and outcome (§6.1), misconduct level, investigation decision, and whether the employee "
        "matched an ESR person (D33: unmatched cases kept and flagged).",
    },
    sql_files=("create_typed_er_cases.sql", "create_staging_er_cases.sql", "create_staging_quarantine_source.sql"),
    deps=("ref/er_code", "staging/staff_in_post"),
)

BOARD_MEMBERS = StagingSource(
    contract=CONTRACTS["board_register"],
    typed_table="typed_board_members",
    tables={
        "staging/board_members": "Board register, one row per valid member per 31 March snapshot: executive / "
        "voting flags, WRES ethnic group (ESR or census wording), in post on the date, ESR person and the "
        "ethnic group ESR holds for executives (§7).",
    },
    sql_files=("create_typed_board_members.sql", "create_staging_board_members.sql",
               "create_staging_quarantine_source.sql"),
    deps=("ref/ethnic_census_category", "staging/staff_in_post"),
)

SURVEY_REFS = ("ref/survey_question_map", "ref/survey_ethnicity_item", "ref/survey_response_label")

SURVEY_RESPONSES = StagingSource(
    contract=CONTRACTS["staff_survey_responses"],
    typed_table="typed_survey_responses",
    tables={
        "staging/survey_aggregate": "NHS Staff Survey respondent rows as counts only (§4.4): per organisation, "
        "survey year, breakdown ('all' and each Breakdown column), WRES ethnic group and item (year-keyed "
        "question map, D29): respondents, answered, positive, don't know; cells under "
        "thresholds.survey_min_responses suppressed. Respondent rows are never joined to ESR.",
        "staging/survey_responses": "Respondent-level answers: EMPTY unless survey.store_respondent_rows is on "
        "(§4.4). When it is off, the answers in raw.staff_survey_responses are erased after aggregation.",
    },
    sql_files=("create_typed_survey_responses.sql", "create_staging_survey_aggregate.sql",
               "create_staging_survey_responses.sql", "create_staging_quarantine_source.sql"),
    post_sql_files=("update_raw_staff_survey_responses.sql",),
    deps=(*SURVEY_REFS, "ref/ethnic_census_category", "staging/staff_in_post"),
)

SURVEY_PUBLISHED_RESULTS = StagingSource(
    contract=CONTRACTS["staff_survey_published"],
    typed_table="typed_survey_published",
    tables={
        "staging/survey_published_results": "Published NHS Staff Survey organisation results (§4.1), one row per "
        "organisation, weighting, question and response column ('Q14a % Never', D06): percent 0-100, '-' "
        "suppressed not zero (D28), the WRES item / indicator and whether the response counts as positive.",
    },
    sql_files=("create_typed_survey_published.sql", "create_staging_survey_published_results.sql",
               "create_staging_quarantine_source.sql"),
    deps=SURVEY_REFS,
)

SURVEY_PUBLISHED = StagingSource(
    contract=CONTRACTS["staff_survey_wres"],
    typed_table="typed_survey_wres",
    tables={
        "staging/survey_published": "Published WRES indicator 5-8 percentages by WRES ethnic group (White, BME) "
        "from the survey workbook's 'WRES' sheet, with response counts; '-' suppressed (D28).",
    },
    sql_files=("create_typed_survey_wres.sql", "create_staging_survey_published.sql",
               "create_staging_quarantine_source.sql"),
    deps=("ref/survey_question_map",),
)

ACTION_PLAN_ACTIONS = StagingSource(
    contract=CONTRACTS["action_plan_actions"],
    typed_table="typed_action_plan_actions",
    tables={
        "staging/action_plan_actions": "WRES action-plan register (seed 004), one row per valid action: plan year, "
        "WRES metric (from the Metric cell, the action number or the row above), due date from the Timeline "
        "('Dec 2024' -> 31/12/2024; 'Ongoing' none), RAG as RED / AMBER / GREEN / BLUE (raw kept), complete or not.",
    },
    sql_files=("create_typed_action_plan_actions.sql", "create_staging_action_plan_actions.sql",
               "create_staging_quarantine_source.sql"),
)

ACTION_PLAN_TARGETS = StagingSource(
    contract=CONTRACTS["action_plan_targets"],
    typed_table="typed_action_plan_targets",
    tables={
        "staging/action_plan_targets": "WRES action-plan targets, one row per valid target: indicator, breakdown "
        "resolved to the marts.wres_indicator_result subgroup / measure / value it is measured on, target value "
        "and unit (ratio / percent / headcount), direction (at least / at most), due date and baseline date.",
    },
    sql_files=("create_typed_action_plan_targets.sql", "create_staging_action_plan_targets.sql",
               "create_staging_quarantine_source.sql"),
)

STAGING_SOURCES: dict[str, StagingSource] = {
    s.contract.source: s
    for s in (STAFF_IN_POST, LEAVERS, APPLICATIONS, TRAINING, ER_CASES, BOARD_MEMBERS, SURVEY_RESPONSES,
              SURVEY_PUBLISHED_RESULTS, SURVEY_PUBLISHED, ACTION_PLAN_ACTIONS, ACTION_PLAN_TARGETS)
}


def rejected_files(conn, source: StagingSource, max_share: float, rows_allowed: int = 0) -> list[tuple[str, FileRejected]]:
    """§1.11: (file id, rejection) for each file with more than ``max_share`` (and more than
    ``rows_allowed``) of its data rows rejected."""
    rows = conn.execute(
        "SELECT * FROM wres_rejected_files(?, ?, ?, ?)",
        [source.raw_table, source.quarantine.replace("/", "."), max_share, rows_allowed],
    ).fetchall()
    prefix = source.contract.rule_prefix
    return [
        (source_file_id, FileRejected(
            source.contract.source,
            file_name,
            f"{prefix}-F07",
            f"{n_rejected} of {n_rows} data rows ({100 * n_rejected / n_rows:.1f} %) were rejected, more than the "
            f"{100 * max_share:g} % allowed (thresholds.max_rejected_row_share), so the whole file is rejected and "
            "none of its rows is staged. "
            f"Most frequent rule: {top_rule}; first rejected row: {first_message}",
        ))
        for source_file_id, file_name, n_rows, n_rejected, top_rule, first_message in rows
    ]


def _build(
    context: dg.AssetExecutionContext, conn: duckdb.DuckDBPyConnection, source: StagingSource, wres: WresSettings
) -> list[tuple[str, FileRejected]]:
    """Run the source's SQL (in a run over some quarters, only their rows change) and settle the files with too
    many rejected rows (§1.11): (file id, rejection) of each."""
    settings, params = wres.settings, wres.sql_params()
    quarterly = [p for p in (*source.tables, source.quarantine) if p in QUARTERLY_TABLES]
    scope = run_scope(context) if quarterly and "raw_table" in source.params else None

    def stage() -> None:
        """The SQL files; in a run over some quarters, on those quarters' raw rows only (a snapshot's rows are
        staged on their own: duplicates and parts are judged within an extract)."""
        if scope is None:
            source.run(conn, params)
            return
        run_sql(conn, "create_raw_in_scope.sql",
                {"raw_table": source.raw_table, "date_column": QUARTERLY_TABLES[f"raw/{source.contract.source}"]},
                first_day=scope.first_day, last_day=scope.last_day)
        source.run(conn, params, raw_table="raw_in_scope")

    with quarter_scope(conn, context, quarterly):
        stage()
        failed = rejected_files(conn, source, settings.thresholds.max_rejected_row_share,
                                settings.thresholds.rejected_rows_allowed)
        for source_file_id, rejection in failed:
            run_sql(conn, "update_audit_source_files_rejected.sql", run_id=context.run_id,
                    source=source.contract.source, source_file_id=source_file_id, rule_id=rejection.rule_id,
                    message=str(rejection))
            context.log.warning(f"{source.contract.source}: file left out: {rejection}")
        remaining = conn.execute(
            f"SELECT count(DISTINCT source_file_id) FILTER (WHERE source_file_id NOT IN ?) FROM {source.raw_table}",
            [[i for i, _ in failed] or [""]],
        ).fetchone()[0]
        failure = rejection_failure(source.contract.source, [r for _, r in failed], remaining,
                                    settings.ingest.rejected_file_policy)
        if failure:
            raise dg.Failure(
                description=failure + "\n" + "\n".join(str(r) for _, r in failed),
                metadata={"rejected_files": [r.file_name for _, r in failed]},
            )
        if failed:  # 'skip': rebuild staging without the rejected files (their raw rows kept, marked)
            conn.execute(
                f"UPDATE {source.raw_table} SET drop_reason = 'file_rejected' "
                "WHERE source_file_id IN ? AND drop_reason IS NULL",
                [[i for i, _ in failed]],
            )
            stage()
        source.run(conn, params, post=True)
    return failed


def staging_assets(source: StagingSource) -> dg.AssetsDefinition:
    """The staging table(s) and quarantine of one raw table, built by its SQL files in one connection."""
    versions = code_version((*source.sql_files, *source.post_sql_files))
    raw = f"raw/{source.contract.source}"
    paths = (*source.tables, source.quarantine)
    specs = [
        dg.AssetSpec(
            key(path), deps=[key(raw), *map(key, source.deps)], group_name=GROUP, owners=OWNERS,
            kinds={"duckdb", "sql"}, code_version=versions, description=description, tags=rebuild_tags(*paths),
        )
        for path, description in source.tables.items()
    ]
    specs.append(
        dg.AssetSpec(
            key(source.quarantine), deps=[key(raw)], group_name=GROUP, owners=OWNERS, kinds={"duckdb", "sql"},
            code_version=versions, tags=rebuild_tags(*paths),
            description=f"{source.contract.label} rows that did not load, each with file, sheet, row, column, "
            "value, rule id and a plain-English message.",
        )
    )
    quarantine_table = source.quarantine.replace("/", ".")
    quarterly = [p for p in paths if p in QUARTERLY_TABLES]

    @dg.multi_asset(name=f"staging_{source.contract.source}", specs=specs)
    def _staging(context: dg.AssetExecutionContext, wres: WresSettings, duckdb: DuckDBResource) -> Iterator:
        settings = wres.settings
        built_from = fingerprints(settings, source.contract, source.upstream_contracts, source.rewrites_raw)
        reuse = settings.ingest.reuse_unchanged_sources
        with build_connection(duckdb) as conn:
            reused = reusable_run(conn, source.contract.source, *built_from) if reuse else None
            if reused is None:
                if reuse and reusable_run(conn, source.contract.source, built_from.raw):  # raw reused, staging not
                    reopen_rejected_files(conn, source.contract.source, source.raw_table, context.run_id)
                failed = _build(context, conn, source, wres)
                if not (quarterly and run_scope(context)):  # a run over some quarters rebuilt only their rows
                    remember(conn, source.contract.source, built_from, context.run_id)
            else:  # its raw rows were reused (wres_pipeline/incremental.py): so are its tables
                context.log.info(f"{source.contract.source}: files, code and settings unchanged since run {reused}: "
                                 "staging and quarantine tables reused")
                failed = [(None, message) for (message,) in query_sql(
                    conn, "select_audit_source_files_rejected.sql", run_id=context.run_id,
                    source=source.contract.source, rule_suffix="-F07").fetchall()]
            by_rule = dict(
                conn.execute(f"SELECT rule_id, count(*) FROM {quarantine_table} GROUP BY 1 ORDER BY 1").fetchall()
            )
            top = conn.execute(f"SELECT message FROM {quarantine_table} ORDER BY file_name, row_number LIMIT 5").fetchall()
            upstream = [key(raw), *map(key, source.deps)]
            staged = {path: table_metadata(conn, path.replace("/", "."), deps=upstream, sql_files=source.sql_files)
                      for path in source.tables}
            quarantined = table_metadata(
                conn,
                quarantine_table,
                deps=[key(raw)],
                rows_per_rule=dg.MetadataValue.json(by_rule),
                first_messages=dg.MetadataValue.md("\n".join(f"- {m}" for (m,) in top) or "none"),
                files_rejected=len(failed),
                rejected_files=dg.MetadataValue.md("\n".join(f"- {r}" for _, r in failed) or "none"),
            )
        counts = ", ".join(f"{p}: {m['dagster/row_count'].value:,}" for p, m in staged.items())
        context.log.info(f"{counts}; {quarantined['dagster/row_count'].value:,} quarantined {by_rule or ''}")
        for path, metadata in staged.items():
            yield dg.MaterializeResult(asset_key=key(path), metadata=metadata)
        yield dg.MaterializeResult(asset_key=key(source.quarantine), metadata=quarantined)

    return _staging


staff_in_post = staging_assets(STAFF_IN_POST)
leavers = staging_assets(LEAVERS)
applications = staging_assets(APPLICATIONS)
training = staging_assets(TRAINING)
er_cases = staging_assets(ER_CASES)
board_members = staging_assets(BOARD_MEMBERS)
survey_aggregate = staging_assets(SURVEY_RESPONSES)
survey_published_results = staging_assets(SURVEY_PUBLISHED_RESULTS)
survey_published = staging_assets(SURVEY_PUBLISHED)
action_plan_actions = staging_assets(ACTION_PLAN_ACTIONS)
action_plan_targets = staging_assets(ACTION_PLAN_TARGETS)

staging_workforce_snapshot = sql_asset(
    "staging/workforce_snapshot",
    sql_files=["create_staging_workforce_snapshot.sql"],
    deps=["staging/staff_in_post", "staging/board_members"],
    group=GROUP,
    description="One row per person per snapshot: the person's counted primary assignment supplies band, "
    "staff group and clinical category; senior medical managers come from any of the person's assignments "
    "or the board register, executive board members off Agenda for Change are VSM. Bank-only people are absent.",
)

staging_quarantine = sql_asset(
    "staging/quarantine",
    sql_files=["create_staging_quarantine.sql"],
    deps=[s.quarantine for s in STAGING_SOURCES.values()],
    group=GROUP,
    description="Every row that did not load, from every source (a view: UNION ALL BY NAME of the "
    "per-source quarantine tables).",
)

audit_quarantine_summary = sql_asset(
    "audit/quarantine_summary",
    sql_files=["create_audit_quarantine_summary.sql"],
    deps=["staging/quarantine"],
    group="audit",
    description="Quarantined rows counted per file, rule and column with the rule's reason and no value from the "
    "files: data quality for BI users without the private database.",
)
