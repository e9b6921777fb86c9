"""Blocking checks on the SPC marts."""

from checks.sqlcheck import sql_check

spc_points_consistent = sql_check(
    "marts/spc_points",
    "limits_and_labels_consistent",
    "check_spc_points.sql",
    "Limits ordered around the centre line (2-sigma inside 3-sigma); special cause exactly when a rule fires; "
    "variation labels from the known set.",
)
