"""Operations: quarterly partitions, the quarterly schedule and the inbox sensor."""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from wres_pipeline.config import load_settings
from wres_pipeline.definitions import build_definitions
from wres_pipeline.partitions import QUARTERS_TAG, all_keys, last_closed_quarter, quarter_end, quarter_key


def test_partition_keys_are_quarter_ends():
    keys = all_keys(datetime(2025, 7, 7, tzinfo=ZoneInfo("Europe/London")))
    assert keys[:4] == ["2015-06", "2015-09", "2015-12", "2016-03"]
    assert keys[-2:] == ["2025-03", "2025-06"]
    assert [quarter_end(k) for k in ("2024-03", "2024-06", "2024-09", "2024-12")] == [
        date(2024, 3, 31), date(2024, 6, 30), date(2024, 9, 30), date(2024, 12, 31)]
    assert quarter_key(date(2024, 7, 7)) == "2024-09" and quarter_key(date(2024, 3, 31)) == "2024-03"
    with pytest.raises(ValueError, match="not a quarter-end"):
        quarter_end("2024-05")


@pytest.mark.parametrize(
    ("now", "expected"),
    [(date(2025, 4, 7), "2025-03"), (date(2025, 7, 7), "2025-06"), (date(2025, 1, 7), "2024-12"), (date(2025, 3, 31), "2024-12")],
)
def test_last_closed_quarter(now, expected):
    assert last_closed_quarter(now) == expected


def _defs(tmp_path):
    return build_definitions(load_settings(inbox=tmp_path / "inbox", warehouse=tmp_path / "wh"))


def test_schedule_requests_the_quarter_that_just_closed(tmp_path):
    defs = _defs(tmp_path)
    schedule = defs.resolve_schedule_def("quarterly_refresh")
    assert schedule.cron_schedule == "0 6 7 1,4,7,10 *" and schedule.execution_timezone == "Europe/London"
    when = datetime(2025, 4, 7, 6, 0, tzinfo=ZoneInfo("Europe/London"))
    context = dg.build_schedule_context(scheduled_execution_time=when, repository_def=defs.get_repository_def())
    (request,) = schedule.evaluate_tick(context).run_requests
    assert request.partition_key is None and request.tags[QUARTERS_TAG] == "2025-03"  # the quarter that closed on 31 March
    assert request.tags["wres/quarter"] == "2025-03" and request.tags["wres/quarter_end"] == "2025-03-31"
    when = datetime(2025, 1, 7, 6, 0, tzinfo=ZoneInfo("Europe/London"))
    context = dg.build_schedule_context(scheduled_execution_time=when, repository_def=defs.get_repository_def())
    assert schedule.evaluate_tick(context).run_requests[0].tags[QUARTERS_TAG] == "2024-12"


def test_sensor_fires_once_per_new_content_and_not_for_unchanged_or_copied_files(tmp_path):
    defs = _defs(tmp_path)
    sensor = defs.resolve_sensor_def("inbox_sensor")
    folder = tmp_path / "inbox" / "esr_staff_in_post"
    folder.mkdir(parents=True)

    def tick(cursor):
        result = sensor.evaluate_tick(dg.build_sensor_context(cursor=cursor, repository_def=defs.get_repository_def()))
        return result.run_requests, result.cursor

    requests, cursor = tick(None)
    assert requests == []
    (folder / "a.csv").write_text("one")
    requests, cursor = tick(cursor)
    assert len(requests) == 1 and "esr_staff_in_post/a.csv" in requests[0].tags["wres/new_files"]
    assert requests[0].tags[QUARTERS_TAG] == "all"  # every quarter, one run
    requests, cursor = tick(cursor)
    assert requests == []  # unchanged
    os.utime(folder / "a.csv", ns=(1, 1))
    (folder / "copy_of_a.csv").write_text("one")
    requests, cursor = tick(cursor)
    assert requests == []  # touched, or the same bytes under another name
    (folder / "a.csv").write_text("two")
    requests, cursor = tick(cursor)
    assert len(requests) == 1  # changed content
    assert len(json.loads(cursor)["hashes"]) == 2


def test_invalid_configuration_names_the_key_the_value_and_what_is_allowed(tmp_path, capsys):
    from wres_pipeline.cli import main
    from wres_pipeline.config import ConfigError

    bad = tmp_path / "wres.toml"
    bad.write_text('[methods]\nind2_unit = "people"\nind2_units = "x"\n[thresholds]\nsuppress_below = "five"\n')
    with pytest.raises(ConfigError) as info:
        load_settings(bad)
    message = str(info.value)
    assert str(bad) in message and "3 problem(s)" in message
    assert "methods.ind2_unit = 'people' is not allowed; allowed values: 'applications' or 'applicants'" in message
    assert "methods.ind2_units is not a setting; the keys of [methods] are:" in message and "ind2_unit," in message
    assert "thresholds.suppress_below = 'five'" in message
    assert main(["config", "show", "--config", str(bad)]) == 2  # the CLI prints it, no traceback
    assert "allowed values" in capsys.readouterr().err
    (tmp_path / "broken.toml").write_text("[methods\n")
    with pytest.raises(ConfigError, match="cannot read the configuration file .*broken.toml"):
        load_settings(tmp_path / "broken.toml")
    assert main(["config", "show"]) == 0 and '"ind2_unit": "applications"' in capsys.readouterr().out
