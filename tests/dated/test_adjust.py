"""Moving a weekly session of a draft by hand places the draft's quarterly sessions
again, so that none of them is left under the moved session (tests/dated/district.py:
Ana's first quarterly session is Thu 27 Aug 08:30-09:00, her weekly one Thu 08:00)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from schoolot.adjust.apply import move_session, parse_place
from schoolot.adjust.draft_week import load_draft_week
from schoolot.dated.place import place_dated_lines
from schoolot.extensions import db
from schoolot.models import DatedLineSession
from tests.dated.district import DatedDistrict

START = dt.date(2026, 8, 19)


def _dated(district: DatedDistrict) -> list[DatedLineSession]:
    return list(
        db.session.scalars(
            select(DatedLineSession)
            .where(DatedLineSession.schedule_id == district.version.id)
            .order_by(DatedLineSession.date, DatedLineSession.start)
        )
    )


def test_a_move_onto_a_quarterly_sessions_time_places_it_again_clear_of_the_move(app):
    district = DatedDistrict(db.session, "draft")
    place_dated_lines(db.session, district.version, START)
    db.session.commit()
    before = _dated(district)
    first = before[0]
    assert (first.date, first.start, first.end) == (
        dt.date(2026, 8, 27),
        dt.time(8, 30),
        dt.time(9, 0),
    )

    week = load_draft_week(db.session, district.version, district.ward.id)
    (k,) = range(len(week.rows))
    row = move_session(db.session, week, k, parse_place(week, k, "Thu", "08:30"))
    db.session.commit()
    assert (row.weekday, row.start, row.end) == ("Thu", dt.time(8, 30), dt.time(9, 0))

    after = _dated(district)
    assert len(after) == len(before) == 16  # Ana's 4 a quarter (Ben's block leaves no room)
    thursdays = [d for d in after if d.date.weekday() == 3 and d.therapist_id == row.therapist_id]
    assert thursdays
    assert all(d.end <= row.start or d.start >= row.end for d in thursdays)
