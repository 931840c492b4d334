"""After the search: place every left-out line that still fits around the schedule.

A search stopped by its time limit can leave out a line that has room as the schedule
stands: its explanation would read "still fits around this schedule". `place_lines_that_fit`
adds each such line, one session a day on separate days, joining a group session where
the group rules allow or alone where the therapist's day and the student's day have
room (the explainer's own checks, `_Explainer.open_start`), and redraws the travel of
the days it changed. The schedule that comes out is checked by `validate`; should it
break a rule, the schedule that went in is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .day_options import OK, line_days
from .explain import _Explainer, explain_all_dropped
from .problem import CONSULT, Problem
from .proofs import therapists_for
from .rules import travel_legs
from .solution import Session, Solution, TravelLeg, Unscheduled
from .validate import validate

# Rounds over the left-out lines: a line placed can make room for none, but a group
# session made for one line can take another.
MOST_ROUNDS = 3


def place_lines_that_fit(
    problem: Problem,
    assignments: Sequence[int | None],
    solution: Solution,
    proofs: dict[int, str],
) -> Solution:
    """`solution` with every left-out line that still fits placed, and the reasons of
    the lines still left out written anew; `proofs` are the lines proven out before the
    search (never placed). Returns `solution` itself when nothing fits or the result
    would break a rule."""
    placer = _Placer(problem, assignments, solution)
    placed: set[int] = set()
    for _ in range(MOST_ROUNDS):
        found = [
            u.service
            for u in solution.unscheduled
            if u.service not in proofs and u.service not in placed and placer.place(u.service)
        ]
        if not found:
            break
        placed.update(found)
    if not placed:
        return solution
    repaired = placer.repaired(solution.unscheduled)
    if validate(problem, repaired):
        return solution
    left = [u.service for u in repaired.unscheduled if u.service not in proofs]
    reasons = explain_all_dropped(problem, assignments, repaired, left)
    return replace(
        repaired,
        unscheduled=tuple(
            Unscheduled(u.service, reasons.get(u.service, u.reason)) for u in repaired.unscheduled
        ),
    )


class _Placer(_Explainer):
    """The explainer's index of a schedule, growing as lines are placed."""

    def __init__(
        self, problem: Problem, assignments: Sequence[int | None], solution: Solution
    ) -> None:
        super().__init__(problem, assignments, solution)
        self.placed: set[int] = set()
        self.changed_days: set[tuple[int, int]] = set()

    def place(self, service: int) -> bool:
        """Place line `service` when it fits on enough separate days; False otherwise."""
        problem = self.problem
        line = problem.services[service]
        owners = therapists_for(problem, self.chosen, line.student)
        if len(owners) != 1 or line.sessions < 1:
            return False
        therapist = owners[0]
        if not problem.one_a_day(service, therapist):
            return False
        starts: dict[int, int] = {}
        for d in line_days(problem, service, therapist, self.locked):
            if d.status != OK or not problem.week_room(service, therapist, starts, d.day):
                continue
            start = self.open_start(service, therapist, d)
            if start is not None:
                starts[d.day] = start
            if len(starts) == line.sessions:
                break
        if len(starts) < line.sessions:
            return False
        for day, start in starts.items():
            self._add(service, therapist, day, start)
        self.placed.add(service)
        return True

    def _add(self, service: int, therapist: int, day: int, start: int) -> None:
        problem = self.problem
        line = problem.services[service]
        school = problem.students[line.student].school
        if start in self.joinable(service, therapist, day):
            session = next(s for s in self.sessions[therapist, day] if s.start == start)
            grown = replace(session, services=(*session.services, service))
            self._swap(session, grown)
            self._attend(grown, service)
            return
        session = Session(
            therapist, school, day, start, start + line.length, line.delivery, (service,)
        )
        self.sessions[therapist, day].append(session)
        self._attend(session, service)
        self.changed_days.add((therapist, day))

    def _swap(self, old: Session, new: Session) -> None:
        for sessions in (self.sessions, self.attending):
            for key, held in sessions.items():
                if old in held:
                    sessions[key] = [new if s is old else s for s in held]

    def _attend(self, session: Session, service: int) -> None:
        if session.delivery != CONSULT:
            student = self.problem.services[service].student
            self.attending[student, session.day].append(session)

    def repaired(self, unscheduled: Sequence[Unscheduled]) -> Solution:
        """The schedule as it now stands, with the travel of every changed day redrawn."""
        sessions = [s for held in self.sessions.values() for s in held]
        travel = [
            leg for leg in self.solution.travel if (leg.therapist, leg.day) not in self.changed_days
        ]
        for therapist, day in sorted(self.changed_days):
            bookings = self.bookings(therapist, day)
            travel.extend(
                TravelLeg(therapist, day, a, b, start, end)
                for a, b, start, end in travel_legs(self.problem, bookings)
            )
        return Solution(
            self.solution.assignments,
            tuple(sorted(sessions, key=lambda s: (s.therapist, s.day, s.start, s.school))),
            tuple(sorted(travel, key=lambda t: (t.therapist, t.day, t.start))),
            tuple(u for u in unscheduled if u.service not in self.placed),
        )
