"""Timetables of a schedule in an A/B cycle: each week shows its own cycle week's
sessions, drives and lunch, and the pages say which week of the cycle a date is in."""

from __future__ import annotations

import datetime as dt

import pytest

from schoolot.extensions import db
from schoolot.models import ScheduledTravel
from schoolot.timetable.in_force import InForce
from tests.factories import SmallDistrict, make_scheduled_session, make_version

T = dt.time
# The year starts Wed 2026-08-19 (the cycle's anchor): the weeks of 08-17, 08-31, ...
# are week A; 08-24, 09-07, ... week B.
WEEK_A = dt.date(2026, 9, 14)
WEEK_B = dt.date(2026, 9, 21)


class CycleDistrict(SmallDistrict):
    """ot1 in an A/B schedule: week A Monday, Ana at Oak 09:00-09:30 only; week B
    Monday, Ana at Oak 09:00-09:30 then a drive 09:30-09:50 to Lincoln, and at Lincoln
    10:00-10:30 and 11:00-12:00 (Ana's line again: a made-up day, for the drive and
    lunch). ot2's Tuesday at Lincoln is a week-A session (cycle_week 1)."""

    def __init__(self, session) -> None:
        super().__init__(session)
        self.version = make_version(session, "published", cycle_weeks=2)
        ana = self.ana.services
        make_scheduled_session(session, self.version, self.ot1, ana, "Mon", T(9), T(9, 30))
        make_scheduled_session(
            session, self.version, self.ot1, ana, "Mon", T(9), T(9, 30), cycle_week=2
        )
        for start, end in ((T(10), T(10, 30)), (T(11), T(12))):
            make_scheduled_session(
                session,
                self.version,
                self.ot1,
                ana,
                "Mon",
                start,
                end,
                school=self.lin,
                cycle_week=2,
            )
        session.add(
            ScheduledTravel(
                schedule_id=self.version.id,
                therapist_id=self.ot1.id,
                from_school_id=self.oak.id,
                to_school_id=self.lin.id,
                weekday="Mon",
                start=T(9, 30),
                end=T(9, 50),
                cycle_week=2,
            )
        )
        make_scheduled_session(
            session, self.version, self.ot2, self.ben.services, "Tue", T(10), T(10, 30)
        )
        session.flush()


@pytest.fixture
def d(app) -> CycleDistrict:
    district = CycleDistrict(db.session)
    db.session.commit()
    return district


def _monday(week):
    return week.days[0]


def test_each_week_of_the_cycle_shows_its_own_sessions_drives_and_lunch(d):
    timetables = InForce.load(db.session())
    assert timetables is not None
    week_a = timetables.week("therapist", d.ot1, WEEK_A, today=WEEK_A)
    week_b = timetables.week("therapist", d.ot1, WEEK_B, today=WEEK_A)
    assert (week_a.cycle_label, week_b.cycle_label) == ("Week A", "Week B")

    monday_a, monday_b = _monday(week_a), _monday(week_b)
    assert [(b.start, b.end) for b in monday_a.sessions] == [(T(9), T(9, 30))]
    assert monday_a.drives == []
    assert [(b.start, b.end) for b in monday_b.sessions] == [
        (T(9), T(9, 30)),
        (T(10), T(10, 30)),
        (T(11), T(12)),
    ]
    assert [(b.start, b.end) for b in monday_b.drives] == [(T(9, 30), T(9, 50))]
    # Lunch (30 minutes in the window 11:00-13:30 by default): week A's Monday is free
    # from 11:00; week B's is busy until 12:00.
    assert monday_a.lunch is not None and monday_a.lunch.start == T(11)
    assert monday_b.lunch is not None and monday_b.lunch.start == T(12)
    # ot2's Tuesday session is week A's: nothing in week B.
    assert len(timetables.week("therapist", d.ot2, WEEK_A, today=WEEK_A).days[1].sessions) == 1
    assert timetables.week("therapist", d.ot2, WEEK_B, today=WEEK_A).days[1].sessions == []
    # The coordinators' overview names the week too.
    assert timetables.overview(WEEK_B, today=WEEK_A).cycle_label == "Week B"


def test_pages_say_which_week_of_the_cycle_a_date_is_in(client, login, d):
    login(d.coordinator)
    page = client.get(f"/timetable/therapists/{d.ot1.id}?week=2026-09-23").text
    assert "Week B of the cycle" in page
    page = client.get(f"/timetable/therapists/{d.ot1.id}?week=2026-09-16").text
    assert "Week A of the cycle" in page
    page = client.get("/timetable/overview?week=2026-09-23").text
    assert "Week B of the cycle" in page
    login(d.therapist_user)
    page = client.get(f"/timetable/therapists/{d.ot1.id}/today?date=2026-09-21").text
    assert "Week B" in page and "Lincoln" in page


def test_a_one_week_schedule_names_no_cycle_week(app):
    district = SmallDistrict(db.session)
    version = make_version(db.session, "published")
    make_scheduled_session(
        db.session, version, district.ot1, district.ana.services, "Mon", T(9), T(9, 30)
    )
    db.session.commit()
    timetables = InForce.load(db.session())
    week = timetables.week("therapist", district.ot1, WEEK_B, today=WEEK_B)
    assert week.cycle_label == "" and len(week.days[0].sessions) == 1
