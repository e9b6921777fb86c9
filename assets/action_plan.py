"""WRES action-plan tracking (issue 9, seed 004): the register's actions with overdue flags, and every
measurable target against the published indicator values with a computed RAG (rules in config.ActionPlan)."""

from wres_pipeline.assetkit import sql_asset

GROUP = "action_plan"

marts_action_plan_actions = sql_asset(
    "marts/action_plan_actions",
    sql_files=["create_marts_action_plan_actions.sql"],
    deps=["staging/action_plan_actions", "marts/wres_indicator_result"],
    group=GROUP,
    description="Every action of the WRES action plans: metric, lead, timeline and due date, progress, the register's "
    "RAG, complete, and overdue at the as-of date (action_plan.as_of, else the latest quarter end).",
)

marts_action_plan_status = sql_asset(
    "marts/action_plan_status",
    sql_files=["create_marts_action_plan_status.sql"],
    deps=["staging/action_plan_targets", "marts/action_plan_actions", "intermediate/wres_indicator_result_publishable",
          "marts/wres_indicator_result"],
    group=GROUP,
    description="Every action-plan target: baseline, latest published value, trajectory needed vs actual, projected "
    "value at the due date from the quarterly trend, computed RAG (and why) beside the register's RAG, and the "
    "metric's overdue actions.",
)
