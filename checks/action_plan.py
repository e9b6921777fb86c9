"""Blocking checks on the action-plan marts."""

from checks.sqlcheck import sql_check

action_plan_status_complete = sql_check(
    "marts/action_plan_status",
    "one_rated_row_per_target",
    "check_action_plan_status.sql",
    "Every staged target has exactly one status row per as-of date (one the latest) with a computed RAG "
    "(GREEN / AMBER / RED / NO_DATA).",
)
