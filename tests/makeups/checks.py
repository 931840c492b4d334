"""Check a therapist's date, makeups included, with the solver's own validator.

The week's `Problem` of the whole district is narrowed to the date (its school days cut
by the calendar: closed, released early), the date's planned sessions and the makeups
become a one-day `Solution` with the drives between schools, and `validate` reads it.
A makeup at the very place and times of a planned session joins its group (rule 7 reads
it). Rule 6 (each line's weekly sessions) does not apply to one date and is left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot.models import Makeup, Student
from schoolot.scheduling.problem_builder import build_problem
from schoolot.service_log.planned import planned_sessions
from schoolot.solver.rules import travel_legs
from schoolot.solver.solution import Session as Placed
from schoolot.solver.solution import Solution, TravelLeg
from schoolot.solver.validate import validate
from schoolot.timetable.school_year import SchoolYear
from schoolot.values import minutes_of


def date_violations(
    session: Session, therapist_id: int, date: dt.date, makeups: list[Makeup]
) -> list[str]:
    """What `validate` finds wrong with the therapist's `date`, `makeups` (any state)
    added to its planned sessions; [] when every rule but 6 holds."""
    problem, index = build_problem(session, as_of=date)
    day = problem.weekdays.index(f"{date:%a}")
    year = SchoolYear.load(session)
    assert year is not None
    schools = []
    for i, school in enumerate(problem.schools):
        today = year.day(index.school_ids[i], date)
        days = list(school.day)
        if not today.is_school_day:
            days[day] = None
        elif today.end_time is not None and days[day] is not None:
            days[day] = (days[day][0], min(days[day][1], minutes_of(today.end_time)))
        schools.append(replace(school, day=tuple(days)))
    problem = replace(problem, schools=tuple(schools))
    t = index.therapist_index[therapist_id]
    sessions = [
        Placed(
            t,
            index.school_index[p.school_id],
            day,
            minutes_of(p.start),
            minutes_of(p.end),
            p.delivery,
            tuple(index.service_index[line.line_id] for line in p.lines),
        )
        for p in planned_sessions(session, date, date, therapist_id=therapist_id)
        if p.happens and p.makeup_id not in {m.id for m in makeups}
    ]
    for m in makeups:
        if m.date != date:
            continue
        placed = Placed(
            t,
            index.school_index[m.school_id],
            day,
            minutes_of(m.start),
            minutes_of(m.end),
            m.service_line.delivery,
            (index.service_index[m.service_line_id],),
        )
        # A makeup at a session's very place and times joins its group: rule 7 reads it.
        where = (placed.school, placed.start, placed.end, placed.delivery)
        same = next(
            (k for k, s in enumerate(sessions) if (s.school, s.start, s.end, s.delivery) == where),
            None,
        )
        if same is None:
            sessions.append(placed)
        else:
            group = sessions[same]
            sessions[same] = replace(group, services=group.services + placed.services)
    bookings = [(s.start, s.end, s.school) for s in sessions]
    legs = tuple(TravelLeg(t, day, *leg) for leg in travel_legs(problem, bookings))
    pins = {s.id: s.therapist_id for s in session.scalars(select(Student))}
    assignments = tuple(
        index.therapist_index.get(pins.get(sid)) if pins.get(sid) else None
        for sid in index.student_ids
    )
    found = validate(problem, Solution(assignments, tuple(sessions), legs, ()))
    return [line for line in found if not line.startswith("rule 6")]
