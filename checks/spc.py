"""Blocking checks on the SPC marts (one step: checks/step.py)."""

from checks.sqlcheck import sql_check
from checks.step import check_step

spc_points_consistent = sql_check(
    "marts/spc_points",
    "limits_and_labels_consistent",
    "check_spc_points.sql",
    "Limits ordered around the centre line (2-sigma inside 3-sigma); special cause exactly when a rule fires; "
    "variation labels from the known set.",
)

spc_checks = check_step("spc_checks", [spc_points_consistent], "The checks of the SPC marts.")
