"""A published version's quarterly sessions on their dates in the feed (read with
icalendar and libical), the planned sessions and the therapist's week, on
tests/dated/district.py; their dates are those of test_place.py, worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from schoolot.dated.place import place_dated_lines
from schoolot.extensions import db
from schoolot.feeds.ical import build_feed
from schoolot.service_log.planned import planned_sessions
from schoolot.timetable.in_force import InForce
from tests.dated.district import DatedDistrict
from tests.feed_readers import READERS

START = dt.date(2026, 8, 19)
D = dt.date
QUARTERLY = [
    D(2026, 8, 27), D(2026, 9, 15), D(2026, 10, 2), D(2026, 10, 20),
    D(2026, 11, 6), D(2026, 11, 24), D(2026, 12, 14), D(2026, 12, 30),
    D(2027, 1, 18), D(2027, 2, 3), D(2027, 2, 22), D(2027, 3, 10),
    D(2027, 3, 29), D(2027, 4, 14), D(2027, 5, 3), D(2027, 5, 19),
]  # fmt: skip


@pytest.fixture
def published(app) -> DatedDistrict:
    district = DatedDistrict(db.session, "published", stands_from=START)
    place_dated_lines(db.session, district.version, START)
    db.session.commit()
    return district


def is_weekly(start: dt.datetime) -> bool:
    """Ana's weekly session: Thursdays 08:00."""
    return start.weekday() == 3 and start.time() == dt.time(8, 0)


@pytest.mark.parametrize("reader", ["icalendar", "libical"])
def test_the_feed_holds_each_quarterly_session_on_its_date(published, reader):
    found = READERS[reader](build_feed(db.session(), "therapist", published.ward.id))
    assert len({o.uid for o in found}) == len(found)
    dated = [o for o in found if not is_weekly(o.start)]
    assert sorted(o.start.date() for o in dated) == QUARTERLY
    # Named for what they are, not as makeups.
    assert all(o.uid.startswith("dated-") for o in dated)
    first = min(dated, key=lambda o: o.start)
    assert (first.start.time(), first.end.time()) == (dt.time(8, 30), dt.time(9, 0))


def test_planned_sessions_hold_them_for_the_therapist_and_the_student(published):
    for who in ({"therapist_id": published.ward.id}, {"student_id": published.ana.id}):
        planned = planned_sessions(db.session, START, D(2027, 5, 27), **who)
        dated = [p for p in planned if p.lines[0].line_id == published.quarterly.id]
        assert [p.date for p in dated] == QUARTERLY
        assert all(p.happens and p.minutes == 30 and p.makeup_id is None for p in dated)


def test_the_therapists_week_shows_the_session(published):
    in_force = InForce.load(db.session)
    assert in_force is not None
    week = in_force.week("therapist", published.ward, D(2026, 9, 14))
    tuesday = next(day for day in week.days if day.date == D(2026, 9, 15))
    assert [(b.start, b.end) for b in tuesday.sessions] == [(dt.time(8, 0), dt.time(8, 30))]
    assert [b.note for b in tuesday.sessions] == ["Quarterly session"]


def test_the_therapist_logs_a_quarterly_session_as_planned(published):
    from schoolot.service_log import logging as service
    from schoolot.service_log.day import day_to_log
    from tests.factories import make_user

    day = D(2026, 9, 15)
    cards = day_to_log(db.session, published.ward.id, day, D(2026, 9, 16)).sessions
    assert [(c.planned.start, c.planned.lines[0].line_id) for c in cards] == [
        (dt.time(8, 0), published.quarterly.id)
    ]
    zoe = make_user(db.session, "therapist", therapist=published.ward)
    outcome = service.Outcome(published.quarterly.id, "delivered")
    logs = service.record_session(
        db.session, zoe, published.ward.id, day, cards[0].key, [outcome], D(2026, 9, 16)
    )
    assert [(log.kind, log.minutes, log.service_line_id) for log in logs] == [
        ("planned", 30, published.quarterly.id)
    ]
