"""A concise console logger for refresh runs: one plain line per asset, check and failure.

Dagster's own structured event log (the UI) is unaffected; this only shapes what a person running
``wres refresh`` (or reading a run's stdout) sees.
"""

from __future__ import annotations

import logging
import sys
import time

import dagster as dg
from dagster._core.log_manager import LOG_RECORD_METADATA_ATTR


def failure_text(error) -> str:
    """The readable part of a step failure: a Failure's own description without the class prefix; for an
    unexpected exception, the exception itself rather than Dagster's "Error occurred while executing op"."""
    if error is None:
        return ""
    while error.cls_name == "DagsterExecutionStepExecutionError" and error.cause is not None:
        error = error.cause
    text = (error.message or "").strip()
    return text.split(": ", 1)[1] if error.cls_name == "Failure" and ": " in text else text


class ConciseFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        meta = getattr(record, LOG_RECORD_METADATA_ATTR, None) or {}
        event = meta.get("dagster_event")
        stamp = time.strftime("%H:%M:%S", time.localtime(record.created))
        if event is None:
            return f"{stamp}  {meta.get('orig_message', record.getMessage())}"
        if event.event_type_value == "STEP_FAILURE":
            return f"{stamp}  FAILED {event.step_key}: {failure_text(event.step_failure_data.error)}"
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            data = event.event_specific_data
            status = "passed" if data.passed else ("FAILED" if data.severity.value == "ERROR" else "warning")
            return f"{stamp}  check {data.asset_key.to_user_string()}:{data.check_name} {status}"
        return f"{stamp}  {meta.get('orig_message', '')}"


class _Filter(logging.Filter):
    SHOWN_EVENTS = {"STEP_FAILURE", "ASSET_CHECK_EVALUATION"}

    def filter(self, record: logging.LogRecord) -> bool:
        meta = getattr(record, LOG_RECORD_METADATA_ATTR, None) or {}
        event = meta.get("dagster_event")
        if event is None:  # Dagster's "Dependencies for step ... were not executed" after a failure: one per
            # later step, dozens of lines burying the cause; the refresh summary counts them instead
            return record.levelno >= logging.INFO and not str(meta.get("orig_message", "")).startswith("Dependencies for step")
        return event.event_type_value in self.SHOWN_EVENTS


@dg.logger(description="One plain line per asset, check result and failure.")
def concise_console_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    logger = logging.getLogger("wres.console")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    logger.handlers.clear()
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(ConciseFormatter())
    handler.addFilter(_Filter())
    logger.addHandler(handler)
    return logger
