"""The HTML report (issue 9): rendered from the PUBLISHED warehouse after every publication, so
disclosure control applies to everything in it (wres_pipeline/report.py)."""

import dagster as dg

from wres_pipeline.assetkit import OWNERS, code_version, key
from wres_pipeline.config import SQL_DIR
from wres_pipeline.resources import WresSettings

GROUP = "report"


@dg.asset(
    key=key("publish/wres_report"),
    deps=[key("publish/wres_duckdb")],
    group_name=GROUP,
    owners=OWNERS,
    kinds={"html", "altair"},
    # the report's queries (sql/select_report_*.sql), the SPC SQL it charts a past year with, and its Python
    code_version=code_version([*sorted(p.name for p in SQL_DIR.glob("select_report_*.sql")), "create_marts_spc_points.sql"],
                              ["wres_pipeline/report.py", "wres_pipeline/indicators.py"]),
    description="Self-contained HTML WRES report of the latest report year(s) (report.years_in_refresh) for the "
    "organisation (organisation.default_code, else the first) from WAREHOUSE/wres.duckdb: the nine indicators, "
    "charts over the years, band pyramid, RL charts, SPC, team flags, RDR, Model Employer gap, pay gap and "
    "action-plan RAG. Written to WAREHOUSE/<report.directory>/wres_report_<year>.html.",
)
def wres_report(context: dg.AssetExecutionContext, wres: WresSettings) -> dg.MaterializeResult:
    # Imported here: Altair costs ~0.3 s (more under load) and the code location should load fast.
    from wres_pipeline.report import default_report_path, latest_years, organisations, write_report

    settings = wres.settings
    orgs = organisations(wres.published_file)
    if not orgs:
        context.log.info("no organisation in the published warehouse: no report")
        return dg.MaterializeResult(metadata={"reports": dg.MetadataValue.json([])})
    org = settings.organisation.default_code if settings.organisation.default_code in orgs else orgs[0]
    written = [
        str(write_report(wres.published_file, year, default_report_path(settings, year), settings, org))
        for year in latest_years(wres.published_file, org, settings.report.years_in_refresh)
    ]
    context.log.info(f"report(s) written: {', '.join(written)}")
    return dg.MaterializeResult(metadata={"reports": dg.MetadataValue.json(written), "organisation": org})
