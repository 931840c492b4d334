"""Workload in minutes a week with the cycle of weeks (docs/cycle.md): a monthly line
counts a month as four weeks, and a schedule of several weeks counts its sessions,
drives and idle time over the cycle / its weeks. Figures worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from schoolot.caseload.snapshot import load_snapshot
from schoolot.caseload.workload import workloads
from schoolot.extensions import db
from schoolot.models import ScheduleAssignment, ScheduledTravel
from tests.factories import SmallDistrict, make_scheduled_session, make_service, make_version

T = dt.time
AS_OF = dt.date(2026, 10, 1)


@pytest.fixture
def d(app) -> SmallDistrict:
    """ot1's caseload is Ana: SV1 (2 x 30 min a week, pull-out) and a consult of 30 min
    a month. The schedule in force is an A/B cycle:
      week A: Mon 10:00-10:30, Tue 09:00-09:30 (SV1);
      week B: Mon 09:00-09:30 and 11:00-11:30 (SV1), a drive Mon 09:30-09:50.
    By hand, a week: sessions 4 x 30 / 2 = 60; consult 30 / 4 = 7.5 -> 8; drive 20 / 2
    = 10; documentation 10; workload 60 + 8 + 10 + 10 = 88. Idle: week B's Monday
    09:50-11:00 = 70 (no lunch run of 30 inside 11:00-13:30 in that gap), the other
    days none: 70 / 2 = 35. Read week A's and B's Mondays as one day and the idle time
    would be 09:50-10:00 and 10:30-11:00, 40."""
    district = SmallDistrict(db.session)
    district.consult = make_service(
        db.session, district.ana, "SV1-C", delivery="consult", per="month", minutes=30
    )
    version = make_version(db.session, "published", cycle_weeks=2)
    line = district.ana.services[0]
    days = [(1, "Mon", T(10)), (1, "Tue", T(9)), (2, "Mon", T(9)), (2, "Mon", T(11))]
    for week, weekday, start in days:
        end = T(start.hour, 30)
        make_scheduled_session(
            db.session, version, district.ot1, [line], weekday, start, end, cycle_week=week
        )
    db.session.add(
        ScheduledTravel(
            schedule_id=version.id,
            therapist_id=district.ot1.id,
            from_school_id=district.oak.id,
            to_school_id=district.lin.id,
            weekday="Mon",
            start=T(9, 30),
            end=T(9, 50),
            cycle_week=2,
        )
    )
    db.session.add(
        ScheduleAssignment(
            schedule_id=version.id, student_id=district.ana.id, therapist_id=district.ot1.id
        )
    )
    db.session.commit()
    return district


def test_a_monthly_consult_counts_a_quarter_of_its_minutes_a_week(d):
    snapshot = load_snapshot(db.session, AS_OF)
    [ana] = [s for s in snapshot.students if s.id == d.ana.id]
    by_code = {line.code: line.weekly_minutes for line in ana.lines}
    assert by_code == {"SV1": 60, "SV1-C": 7.5}


def test_a_two_week_schedule_counts_its_weeks_average(d):
    [load] = [w for w in workloads(load_snapshot(db.session, AS_OF)) if w.therapist_id == d.ot1.id]
    assert (load.session_minutes, load.consult_minutes, load.travel_minutes) == (60, 8, 10)
    assert (load.documentation_minutes, load.workload_minutes) == (10, 88)
    assert load.idle_minutes == 35
