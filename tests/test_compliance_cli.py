"""`flask compliance [--as-of DATE] [--json]`: the ledger per line, as JSON and as a table."""

from __future__ import annotations

import datetime as dt
import json

from schoolot.extensions import db
from tests.carryover_district import small_district
from tests.compliance_district import log

D = dt.date


def _district_with_logs():
    small = small_district(db.session)
    log(db.session, small.mia_line, D(2026, 9, 2), small.wednesday)
    log(db.session, small.mia_line, D(2026, 9, 7), small.monday, reason="therapist_absent")
    log(db.session, small.noah_line, D(2026, 9, 7), small.monday, reason="student_absent")
    db.session.commit()
    return small


def test_json_gives_each_line_owed_delivered_and_missed_by_reason(app, runner):
    _district_with_logs()

    result = runner.invoke(args=["compliance", "--as-of", "2026-09-11", "--json"])

    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    # Tue 1 - Fri 11 Sep: 9 school days; Mia owed 12 a day, Noah 6.
    assert rows == [
        {
            "service": "SV-MIA",
            "student": "Mia Lopez",
            "student_code": "MIA1",
            "school": "Alder Elementary",
            "therapist": "Ann Otter",
            "minutes": 60,
            "per": "week",
            "first": "2026-09-01",
            "last": "2026-09-11",
            "owed_minutes": 108,
            "planned_minutes": 90,
            "delivered_minutes": 30,
            "missed_minutes": {"therapist_absent": 30},
            "unlogged_minutes": 30,
            "makeup_owed_minutes": 30,
            "makeup_planned_minutes": 0,
            "makeup_delivered_minutes": 0,
            "balance_minutes": -78,
        },
        {
            "service": "SV-NOAH",
            "student": "Noah Kim",
            "student_code": "NOAH1",
            "school": "Alder Elementary",
            "therapist": "Ann Otter",
            "minutes": 30,
            "per": "week",
            "first": "2026-09-01",
            "last": "2026-09-11",
            "owed_minutes": 54,
            "planned_minutes": 30,
            "delivered_minutes": 0,
            "missed_minutes": {"student_absent": 30},
            "unlogged_minutes": 0,
            "makeup_owed_minutes": 0,
            "makeup_planned_minutes": 0,
            "makeup_delivered_minutes": 0,
            "balance_minutes": -54,
        },
    ]


def test_the_table_lists_the_lines_furthest_behind_first(app, runner):
    _district_with_logs()

    result = runner.invoke(args=["compliance", "--as-of", "2026-09-11"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        "Owed vs delivered by 2026-09-11: 2 lines, 2 behind; owed 162, delivered 30,"
        " makeup owed 30 minutes."
    )
    assert lines[1].split() == [
        *("Service", "Student", "Owed", "Planned", "Deliv.", "Unlogged"),
        *("Makeup", "owed", "Balance", "Missed"),
    ]
    assert lines[2].split() == [
        *("SV-MIA", "Mia", "Lopez", "108", "90", "30", "30", "30", "-78", "therapist_absent=30")
    ]
    assert lines[3].split()[0] == "SV-NOAH"


def test_before_the_first_schedule_stands_nothing_is_counted(app, runner):
    small_district(db.session)
    db.session.commit()

    table = runner.invoke(args=["compliance", "--as-of", "2026-08-31"])
    as_json = runner.invoke(args=["compliance", "--as-of", "2026-08-31", "--json"])

    assert table.output == (
        "Nothing counted by 2026-08-31: no schedule stands yet, or no line is in service.\n"
    )
    assert json.loads(as_json.output) == []


def test_a_bad_date_is_refused(app, runner):
    small_district(db.session)
    db.session.commit()

    result = runner.invoke(args=["compliance", "--as-of", "11 Sep"])

    assert result.exit_code == 2
    assert "'11 Sep' does not match the format '%Y-%m-%d'" in result.output
