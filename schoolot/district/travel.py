"""Driving times between schools; a pair given one way holds both ways."""

from __future__ import annotations

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from schoolot.district.schools import find_school
from schoolot.models import School, TravelTime
from schoolot.problems import Problems


def find_travel(session: Session, a: School, b: School) -> TravelTime | None:
    """The travel time between two schools, whichever way it was given."""
    return session.scalar(
        select(TravelTime).where(
            or_(
                and_(TravelTime.from_school_id == a.id, TravelTime.to_school_id == b.id),
                and_(TravelTime.from_school_id == b.id, TravelTime.to_school_id == a.id),
            )
        )
    )


def set_travel_time(
    session: Session, school: School, to_school_code: str, minutes: int
) -> TravelTime:
    """Set the driving minutes between `school` and another, replacing any earlier value."""
    problems = Problems()
    other = find_school(session, to_school_code)
    if other is None:
        problems.add("to_school", f"no school with id '{to_school_code}'")
    elif other.id == school.id:
        problems.add("to_school", "choose another school: there is no travel within one school")
    if minutes < 0:
        problems.add("minutes", "driving minutes cannot be negative")
    problems.raise_if_any()
    assert other is not None
    travel = find_travel(session, school, other)
    if travel is None:
        travel = TravelTime(from_school=school, to_school=other, minutes=minutes)
        session.add(travel)
    travel.minutes = minutes
    session.flush()
    return travel


def delete_travel_time(session: Session, travel: TravelTime) -> None:
    """Forget a route: the two schools can no longer be served on the same day."""
    session.delete(travel)
    session.flush()
