"""Blocking checks on the action-plan marts (one step: checks/step.py)."""

from checks.sqlcheck import sql_check
from checks.step import check_step

action_plan_status_complete = sql_check(
    "marts/action_plan_status",
    "one_rated_row_per_target",
    "check_action_plan_status.sql",
    "Every staged target has exactly one status row per as-of date (one the latest) with a computed RAG "
    "(GREEN / AMBER / RED / NO_DATA).",
)

action_plan_checks = check_step("action_plan_checks", [action_plan_status_complete],
                                "The checks of the action-plan marts.")
