"""Checks on the staging layer: keys, required fields, reconciliation (blocking), GX suites (warning)."""


from checks.gx_suites import gx_check
from checks.sqlcheck import sql_check

staff_in_post_reconciles = sql_check(
    "staging/staff_in_post",
    "rows_reconcile",
    "check_reconcile_staff_in_post.sql",
    "For every file: data rows read = rows staged + rows quarantined (nothing silently dropped).",
)
staff_in_post_required = sql_check(
    "staging/staff_in_post",
    "required_fields_present",
    "check_staff_in_post_required.sql",
    "Every staged row has a person id, a band, a WRES ethnic group and a clinical category.",
)
workforce_snapshot_unique = sql_check(
    "staging/workforce_snapshot",
    "one_row_per_person_per_snapshot",
    "check_workforce_snapshot_unique.sql",
    "Each person is counted once per snapshot (headcount, not assignments).",
)
action_plan_actions_reconcile = sql_check(
    "staging/action_plan_actions",
    "rows_reconcile",
    "check_reconcile_action_plan_actions.sql",
    "For every action-plan register file: data rows read = rows staged + rows quarantined.",
)
action_plan_targets_reconcile = sql_check(
    "staging/action_plan_targets",
    "rows_reconcile",
    "check_reconcile_action_plan_targets.sql",
    "For every action-plan targets file: data rows read = rows staged + rows quarantined.",
)
staff_in_post_gx = gx_check("staging/staff_in_post", "staff_in_post")
