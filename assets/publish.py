"""Publication: the read-only copy of the warehouse BI tools and analysts open (README "Querying")."""


from collections.abc import Sequence

import dagster as dg
from dagster_duckdb import DuckDBResource

from wres_pipeline.assetkit import OWNERS, code_version, key
from wres_pipeline.resources import WresSettings
from wres_pipeline.warehouse import PUBLISHED_SCHEMAS, publish

GROUP = "publish"


def publish_asset(deps: Sequence[dg.AssetKey]) -> dg.AssetsDefinition:
    """Depends on every published table, so a failed blocking check upstream means no publication."""

    @dg.asset(
        key=key("publish/wres_duckdb"),
        deps=list(deps),
        group_name=GROUP,
        owners=OWNERS,
        kinds={"duckdb"},
        code_version=code_version(),
        description=f"WAREHOUSE/wres.duckdb: the schemas {', '.join(PUBLISHED_SCHEMAS)} copied from the private "
        "build database, checkpointed and renamed into place atomically, read-only. Person-level layers "
        "(raw, staging, intermediate) are never published.",
    )
    def _publish(context: dg.AssetExecutionContext, wres: WresSettings, duckdb: DuckDBResource) -> dg.MaterializeResult:
        with duckdb.get_connection() as conn:
            conn.execute("CHECKPOINT")
        counts = publish(wres.build_file, wres.published_file)
        context.log.info(f"published {wres.published_file} ({len(counts)} tables)")
        return dg.MaterializeResult(
            metadata={
                "path": dg.MetadataValue.path(str(wres.published_file)),
                "tables": dg.MetadataValue.json(counts),
            }
        )

    return _publish
