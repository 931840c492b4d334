"""What a makeup slot must keep, one rule at a time, on the small district of
tests/makeups/district.py (the therapist's Mon: Ana 09:00-09:30 at Oak, Ben
10:00-10:45 at Lincoln, 20 minutes' drive between them)."""

from __future__ import annotations

import datetime as dt

import pytest

from schoolot.extensions import db
from schoolot.makeups.rules import MakeupRules, Slot
from schoolot.models import TherapistHours
from tests.factories import make_block, make_calendar_day
from tests.makeups.district import FIRST, LAST, MakeupDistrict

MON, TUE, WED, THU, FRI = (dt.date(2026, 11, 16) + dt.timedelta(days=i) for i in range(5))


def hm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


@pytest.fixture
def district(app) -> MakeupDistrict:
    return MakeupDistrict(db.session)


def check(d: MakeupDistrict, line, date: dt.date, start: str, end: str) -> str | None:
    rules = MakeupRules(db.session, d.ward, [d.sv_ana, d.sv_maya, d.sv_ben], FIRST, LAST)
    return rules.check(Slot(line.id, date, hm(start), hm(end)))


def test_a_free_slot_fits(district):
    assert check(district, district.sv_ana, TUE, "09:00", "09:30") is None


def test_no_overlap_with_the_therapists_sessions_that_date(district):
    assert check(district, district.sv_maya, MON, "10:15", "10:45") == (
        "Zoe Ward has a session 10:00-10:45 at Lincoln Elementary that day"
    )
    assert check(district, district.sv_ana, MON, "09:15", "09:45") == (
        "Ana L. (gr 2) has another session 09:00-09:30 that day"
    )


def test_time_to_drive_between_schools(district):
    # Ben's session at Lincoln ends 10:45; Oak is 20 minutes away.
    assert check(district, district.sv_maya, MON, "10:50", "11:20") == (
        "Zoe Ward would not have time to drive between Oak Elementary and Lincoln Elementary"
    )
    assert check(district, district.sv_maya, MON, "11:05", "11:35") is None


def test_lunch_is_kept(district):
    district.district.lunch_window_start = dt.time(12, 0)
    district.district.lunch_window_end = dt.time(12, 45)
    db.session.flush()
    assert check(district, district.sv_ana, TUE, "12:00", "12:30") == (
        "Zoe Ward would have no 30-minute lunch inside 12:00-12:45 that day"
    )
    assert check(district, district.sv_ana, TUE, "11:30", "12:00") is None
    # Thu: Maya 13:00-13:30 at Oak already; a makeup 12:15-12:45 leaves 12:00-12:15 only.
    assert check(district, district.sv_ana, THU, "12:15", "12:45") is not None


def test_closed_days_and_early_releases(district):
    make_calendar_day(db.session, None, date=THU, kind="closed", note="Storm")
    make_calendar_day(
        db.session,
        district.oak,
        date=WED,
        kind="early_release",
        end_time=dt.time(12, 0),
        note="Staff PD",
    )
    assert check(district, district.sv_ana, THU, "10:00", "10:30") == (
        "Oak Elementary is closed on Thu 19 Nov 2026 (Storm)"
    )
    assert check(district, district.sv_ana, WED, "11:45", "12:15") == (
        "Oak Elementary releases early on Wed 18 Nov 2026: students leave at 12:00 (Staff PD)"
    )
    assert check(district, district.sv_ana, WED, "11:00", "11:30") is None
    assert check(district, district.sv_ana, FIRST, "10:00", "10:30") == (
        "Sat 14 Nov 2026 is not a school day"
    )


def test_busy_and_protected_blocks(district):
    make_block(
        db.session,
        district.oak,
        scope="grade",
        target_grade="2",
        start=dt.time(10, 0),
        end=dt.time(10, 30),
        label="Specials",
    )
    make_block(
        db.session,
        district.lin,
        start=dt.time(13, 0),
        end=dt.time(14, 0),
        kind="protected",
        label="Math",
    )
    make_block(
        db.session,
        district.oak,
        start=dt.time(13, 0),
        end=dt.time(14, 0),
        kind="protected",
        label="Math",
    )
    assert check(district, district.sv_ana, TUE, "10:00", "10:30") == (
        "Ana L. (gr 2) is not free for pull-out then (free 08:00-10:00, 10:30-13:00, 14:00-15:00)"
    )
    assert check(district, district.sv_ana, TUE, "13:00", "13:30") is not None
    # Push-in may go into protected instruction.
    assert check(district, district.sv_ben, TUE, "13:00", "13:45") is None


def test_the_therapists_days_hours_and_pinned_school(district):
    district.ward.hours.clear()
    db.session.flush()
    district.ward.hours.extend(
        [
            TherapistHours(weekdays="Mon Tue Wed Thu", start=dt.time(8, 0), end=dt.time(14, 0)),
        ]
    )
    district.ward.hours.append(
        TherapistHours(weekdays="Fri", start=dt.time(8, 0), end=dt.time(16, 0), school=district.lin)
    )
    db.session.flush()
    assert check(district, district.sv_ana, TUE, "14:00", "14:30") == (
        "14:00-14:30 is outside Zoe Ward's time at Oak Elementary on Tue 17 Nov 2026 (08:00-14:00)"
    )
    assert check(district, district.sv_ana, FRI, "09:00", "09:30") == (
        "Zoe Ward is at Lincoln Elementary on Fri 20 Nov 2026"
    )
    assert check(district, district.sv_ben, FRI, "09:00", "09:45") is None


def test_a_line_out_of_service_gets_no_makeup(district):
    district.sv_ana.end = dt.date(2026, 11, 17)
    db.session.flush()
    assert check(district, district.sv_ana, WED, "10:00", "10:30") == (
        "SV-ANA is not in service on Wed 18 Nov 2026 (from Sat 1 Aug 2026 to Tue 17 Nov 2026)"
    )
