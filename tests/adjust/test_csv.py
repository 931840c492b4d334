"""The CSV of a schedule: its rows, the dates it stands, safe cells, and the command."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from flask import Flask

from schoolot.extensions import db
from schoolot.scheduling.export_csv import HEADER, schedule_csv
from tests.adjust.adjust_district import AdjustDistrict
from tests.factories import make_scheduled_session, make_version


@pytest.fixture
def d(app: Flask) -> AdjustDistrict:
    district = AdjustDistrict(db.session)
    db.session.commit()
    return district


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_one_row_a_session_in_week_order(d):
    rows = _rows(schedule_csv(db.session(), d.draft))
    assert rows[0] == list(HEADER)
    assert rows[1:] == [
        [
            "Olive Tan",
            "1",
            "",
            "Mon",
            "09:00",
            "09:30",
            "Oak Elementary",
            "pull_out",
            "Ana L.",
            "SV1",
            "",
            "",
        ],
        [
            "Olive Tan",
            "1",
            "",
            "Tue",
            "09:00",
            "09:30",
            "Oak Elementary",
            "pull_out",
            "Ben K.",
            "SV2",
            "",
            "",
        ],
        [
            "Olive Tan",
            "1",
            "",
            "Wed",
            "09:00",
            "09:30",
            "Oak Elementary",
            "pull_out",
            "Ana L.",
            "SV1",
            "",
            "",
        ],
    ]


def test_a_group_lists_its_students_and_lines(d):
    make_scheduled_session(db.session, d.draft, d.ot1, [d.ana_line, d.ben_line], weekday="Thu")
    rows = _rows(schedule_csv(db.session(), d.draft))
    assert rows[-1][8:10] == ["Ana L.; Ben K.", "SV1 SV2"]


def test_a_published_schedule_stands_from_its_date_until_the_next_one(d):
    first = make_version(
        db.session,
        "archived",
        published_at=dt.datetime(2026, 9, 1, 15),
        stands_from=dt.date(2026, 9, 1),
    )
    make_scheduled_session(db.session, first, d.ot1, [d.ben_line])
    second = make_version(
        db.session,
        "published",
        published_at=dt.datetime(2026, 10, 5, 15),
        stands_from=dt.date(2026, 10, 5),
    )
    make_scheduled_session(db.session, second, d.ot1, [d.ben_line])
    db.session.commit()
    assert _rows(schedule_csv(db.session(), first))[1][10:] == ["2026-09-01", "2026-10-04"]
    assert _rows(schedule_csv(db.session(), second))[1][10:] == ["2026-10-05", "2027-05-27"]


def test_a_name_a_spreadsheet_would_run_is_written_as_text(d):
    d.ana.first_name = "=HYPERLINK(1)"
    db.session.commit()
    rows = _rows(schedule_csv(db.session(), d.draft))
    assert rows[1][8] == "'=HYPERLINK(1) L."


def test_flask_export_schedule_csv(d, runner, tmp_path):
    out = tmp_path / "schedule.csv"
    result = runner.invoke(
        args=["export-schedule", str(out), "--csv", "--schedule", str(d.draft.id)]
    )
    assert result.exit_code == 0, result.output
    assert f"Exported schedule {d.draft.id} (draft)" in result.output
    assert out.read_text(encoding="utf-8") == schedule_csv(db.session(), d.draft)
    printed = runner.invoke(args=["export-schedule", "-", "--csv"])
    assert printed.output.splitlines()[0] == ",".join(HEADER)


def test_a_two_week_cycle_names_each_rows_week(d):
    """An A/B schedule: week A's rows first, then week B's, each with its label."""
    version = make_version(db.session, cycle_weeks=2)
    make_scheduled_session(db.session, version, d.ot1, [d.ana_line], weekday="Mon", cycle_week=2)
    make_scheduled_session(db.session, version, d.ot1, [d.ana_line], weekday="Fri")
    rows = _rows(schedule_csv(db.session(), version))
    assert [row[1:4] for row in rows[1:]] == [["1", "Week A", "Fri"], ["2", "Week B", "Mon"]]
