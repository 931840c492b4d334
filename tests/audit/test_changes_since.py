"""changes_since counts the changes that bear on the schedule: students' schools, pins
and IEP dates, service lines, therapists' FTE, hours and schools, blocks, the calendar,
travel and the district's scheduling settings; not names, goals, equipment or accounts."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from schoolot.audit import changes_since, changes_since_solved, recording
from schoolot.extensions import db
from schoolot.models import Change, SolveJob
from schoolot.models.users import utcnow
from tests.factories import (
    SmallDistrict,
    make_block,
    make_equipment,
    make_goal,
    make_travel,
    make_version,
)


@pytest.fixture
def small(app) -> SmallDistrict:
    district = SmallDistrict(db.session)
    db.session.commit()
    return district


def _moment_passes() -> dt.datetime:
    """A moment strictly between what was recorded so far and what comes next."""
    for change in db.session.scalars(select(Change)):
        change.at -= dt.timedelta(hours=1)
    db.session.commit()
    return utcnow() - dt.timedelta(minutes=30)


def test_only_changes_bearing_on_the_schedule_count(small):
    since = _moment_passes()
    assert changes_since(db.session, since) == 0
    # None of these bear on the schedule.
    small.ana.first_name = "Anna"
    make_goal(db.session, small.ana, "G9")
    make_equipment(db.session, small.ana)
    small.therapist_user.active = False
    small.oak.address = "1 Oak Road"
    small.ot1.name = "Renamed"
    db.session.commit()
    assert changes_since(db.session, since) == 0
    # Each of these does, once per field changed or record added.
    small.ana.services[0].minutes = 90  # 1
    small.cy.therapist = small.ot2  # 2: a pin
    small.ben.iep_end = dt.date(2027, 1, 31)  # 3
    small.ot2.fte = 0.5  # 4
    small.ot2.hours[0].start = dt.time(9, 0)  # 5
    small.district.lunch_minutes = 45  # 6
    db.session.commit()
    make_block(db.session, small.oak)  # 7
    make_travel(db.session, small.oak, small.lin)  # 8
    small.ot2.schools = [small.lin, small.oak]  # 9
    db.session.commit()
    assert changes_since(db.session, since) == 9
    assert changes_since(db.session, utcnow() + dt.timedelta(seconds=1)) == 0


def test_district_settings_off_the_schedule_do_not_count(small):
    since = _moment_passes()
    small.district.name = "Another name"
    small.district.feed_names = "initials"
    db.session.commit()
    assert changes_since(db.session, since) == 0


def test_changes_since_solved_counts_from_the_solve_job_s_start(small):
    version = make_version(db.session, "published")
    db.session.commit()
    job_started = _moment_passes()
    db.session.add(
        SolveJob(
            state="done",
            active_slot=None,
            time_limit=10.0,
            started_at=job_started,
            schedule_id=version.id,
        )
    )
    db.session.commit()
    with recording(actor="flask test"):
        small.ana.services[0].minutes = 120
        db.session.commit()
    assert changes_since_solved(db.session, version) == 1


def test_changes_since_solved_without_a_job_counts_from_before_the_solver_ran(small):
    _moment_passes()
    # Solved by `flask solve` in 30 s: a change 10 s before it was stored came after
    # its data was read.
    version = make_version(db.session, "published", seconds=30.0)
    version.created_at = utcnow() + dt.timedelta(seconds=20)
    small.ana.services[0].minutes = 120
    db.session.commit()
    assert changes_since_solved(db.session, version) == 1
    version.seconds = 0.0
    db.session.commit()
    assert changes_since_solved(db.session, version) == 0
