"""Accept, move or decline a makeup. Accepting and moving check the slot against the
rules of the day as it stands now (`rules`); a move of an accepted makeup bumps its
calendar SEQUENCE so subscribed calendars update the event."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from schoolot.district.settings import district_today, get_district
from schoolot.errors import SchoolotError
from schoolot.makeups.rules import MakeupRules, Slot
from schoolot.models import Makeup, User
from schoolot.models.users import utcnow
from schoolot.values import minutes_of

# How far ahead a makeup may be moved.
MOVE_HORIZON_DAYS = 120


class MakeupRefused(SchoolotError):
    """The makeup cannot be accepted or moved there: the message says which rule."""


def slot_problem(
    session: Session,
    makeup: Makeup,
    date: dt.date,
    start: dt.time,
    end: dt.time,
    *,
    with_proposed: bool = True,
) -> str | None:
    """Why `makeup` may not be on `date` from `start` to `end`, in words; None when it
    fits the schedule in force then, with the accepted makeups (and, `with_proposed`,
    the other proposals: a move keeps clear of them). Its own old slot is free."""
    district = get_district(session)
    assert district is not None
    today = district_today(district)
    if date < today:
        return f"{date:%a} {date.day} {date:%b %Y} is in the past"
    last = today + dt.timedelta(days=MOVE_HORIZON_DAYS)
    rules = MakeupRules(
        session,
        makeup.therapist,
        [makeup.service_line],
        today,
        max(last, date),
        skip_makeup_ids=[makeup.id],
        with_proposed=with_proposed,
    )
    return rules.check(Slot(makeup.service_line_id, date, minutes_of(start), minutes_of(end)))


def accept(session: Session, makeup: Makeup, user: User | None) -> None:
    """A proposed (or declined) makeup becomes accepted, if its slot still fits."""
    if makeup.state == "accepted":
        return
    problem = slot_problem(
        session, makeup, makeup.date, makeup.start, makeup.end, with_proposed=False
    )
    if problem:
        raise MakeupRefused(f"This makeup no longer fits: {problem}. Move it or decline it.")
    makeup.state = "accepted"
    _decided(makeup, user)
    session.flush()


def decline(session: Session, makeup: Makeup, user: User | None) -> None:
    """The makeup is declined: it leaves timetables and feeds, and is not proposed again."""
    if makeup.state == "accepted":
        makeup.sequence += 1
    makeup.state = "declined"
    _decided(makeup, user)
    session.flush()


def move(
    session: Session,
    makeup: Makeup,
    date: dt.date,
    start: dt.time,
    end: dt.time,
    user: User | None,
    note: str | None = None,
) -> None:
    """Move the makeup to `date` `start`-`end` and accept it there; MakeupRefused, with
    the rule it would break, when it does not fit (nothing changes then)."""
    if end <= start:
        raise MakeupRefused("The makeup must end after it starts.")
    problem = slot_problem(session, makeup, date, start, end)
    if problem:
        raise MakeupRefused(f"{_when(date, start, end)} does not fit: {problem}.")
    moved = (makeup.date, makeup.start, makeup.end) != (date, start, end)
    if moved and makeup.state == "accepted":
        makeup.sequence += 1
    makeup.date, makeup.start, makeup.end = date, start, end
    if note is not None:
        makeup.note = note.strip() or None
    makeup.state = "accepted"
    _decided(makeup, user)
    session.flush()


def _when(date: dt.date, start: dt.time, end: dt.time) -> str:
    return f"{date:%a} {date.day} {date:%b} {start:%H:%M}-{end:%H:%M}"


def _decided(makeup: Makeup, user: User | None) -> None:
    makeup.decided_by = user
    makeup.decided_at = utcnow()
