"""Why a line that is feasible alone was left out of a solution: where it fits and
what holds those times (`explain_dropped`, `explain_all_dropped`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from .capacity import Shortfall, therapist_shortfall
from .day_options import OK, LineDay, days_text, line_days, locked_sessions
from .instance import therapist_at
from .problem import CONSULT, Problem
from .proofs import line_reason, no_therapist_text, therapists_for
from .rules import Booking, fits_therapist_day, may_join
from .solution import Session, Solution
from .validate import day_name, line_text
from .windows import (
    Span,
    Spans,
    hhmm,
    join_words,
    merge,
    overlaps,
    span_text,
    spans_text,
    subtract,
    total,
)


def explain_dropped(
    problem: Problem, assignments: Sequence[int | None], solution: Solution, service: int
) -> str:
    """Why a line was left out of `solution`: the proof when it cannot be met alone;
    otherwise where it fits and what holds those times (the therapist's other
    sessions, the student's other sessions, lunch, travel), the therapist's free
    minutes at the school, and the therapist's shortfall when there is one. For many
    lines of one solution, `explain_all_dropped` indexes the solution once."""
    return _Explainer(problem, assignments, solution).explain(service)


def explain_all_dropped(
    problem: Problem,
    assignments: Sequence[int | None],
    solution: Solution,
    services: Iterable[int],
) -> dict[int, str]:
    """`explain_dropped` for each of `services`, sharing the work."""
    explainer = _Explainer(problem, assignments, solution)
    return {j: explainer.explain(j) for j in services}


class _Explainer:
    """A solution indexed by therapist-day and student-day, with each therapist's
    shortfall computed at most once."""

    def __init__(
        self, problem: Problem, assignments: Sequence[int | None], solution: Solution
    ) -> None:
        self.problem = problem
        self.solution = solution
        self.chosen = [
            mine if mine is not None else (assignments[i] if i < len(assignments) else None)
            for i, mine in enumerate(solution.assignments)
        ]
        self.locked = locked_sessions(problem)
        self.sessions: dict[tuple[int, int], list[Session]] = defaultdict(list)
        self.attending: dict[tuple[int, int], list[Session]] = defaultdict(list)
        self.travel: dict[tuple[int, int], list[Span]] = defaultdict(list)
        for session in solution.sessions:
            self.sessions[session.therapist, session.day].append(session)
            if session.delivery != CONSULT:
                for j in session.services:
                    self.attending[problem.services[j].student, session.day].append(session)
        for leg in solution.travel:
            self.travel[leg.therapist, leg.day].append((leg.start, leg.end))
        self._shortfalls: dict[int, Shortfall | None] = {}
        self.lines_of: dict[int, list[int]] = defaultdict(list)
        for j, line in enumerate(problem.services):
            owners = therapists_for(problem, self.chosen, line.student)
            if line.sessions > 0 and len(owners) == 1:
                self.lines_of[owners[0]].append(j)

    def bookings(self, therapist: int, day: int) -> list[Booking]:
        return sorted((s.start, s.end, s.school) for s in self.sessions[therapist, day])

    def shortfall(self, therapist: int) -> Shortfall | None:
        if therapist not in self._shortfalls:
            problem = self.problem
            lines = [
                j
                for j in self.lines_of[therapist]
                if line_reason(problem, j, therapist, self.locked) is None
            ]
            self._shortfalls[therapist] = therapist_shortfall(
                problem, therapist, lines, self.locked
            )
        return self._shortfalls[therapist]

    def explain(self, service: int) -> str:
        problem = self.problem
        line = problem.services[service]
        student = problem.students[line.student]
        therapists = therapists_for(problem, self.chosen, line.student)
        if not therapists:
            return no_therapist_text(problem, line.student)
        therapist = therapists[0]
        proof = line_reason(problem, service, therapist, self.locked)
        if proof is not None:
            return proof
        t = problem.therapists[therapist]
        school = problem.schools[student.school]
        n, length = line.sessions, line.length
        open_at: dict[int, int] = {}
        blocked: list[str] = []
        fits: list[tuple[int, Spans]] = []
        for d in line_days(problem, service, therapist, self.locked):
            if d.status != OK:
                continue
            spans = merge((s, s + length) for s in d.starts)
            fits.append((d.day, spans))
            start = self.open_start(service, therapist, d)
            if start is not None:
                open_at[d.day] = start
            else:
                blocked.append(self.blocked_text(service, therapist, d.day, spans))
        one_a_day = problem.one_a_day(service, therapist)
        if problem.room_in_weeks(service, therapist, open_at) >= n or (not one_a_day and open_at):
            where = ", ".join(
                f"{day_name(problem, d)} {hhmm(s)}" for d, s in sorted(open_at.items())
            )
            return (
                f"still fits around this schedule ({t.label} at {school.label}: {where}); the "
                f"solver stopped before placing it: a longer time limit should place it"
            )
        head = f"needs {n} x {length} min" + (" on separate days" if n > 1 and one_a_day else "")
        if problem.cycle_weeks > 1:
            head = head.replace(" min", f" min in the {problem.cycle_weeks}-week cycle", 1)
        if line.fixed is not None:
            fixed_at = f"{day_name(problem, line.fixed.day)} {hhmm(line.fixed.start)}"
            head = f"{line.code} is fixed to {fixed_at}"
        if sum(len(spans) for _, spans in fits) <= 3:
            fit_text = "it fits only " + "; ".join(
                f"{day_name(problem, d)} {spans_text(spans)}" for d, spans in fits
            )
        else:
            fit_text = f"it fits on {days_text(problem, [d for d, _ in fits])}"
        room = (
            "none of those days has"
            if not open_at
            else f"only {days_text(problem, open_at)} {'has' if len(open_at) == 1 else 'have'}"
        )
        free = self.free_minutes(therapist, student.school)
        text = (
            f"{head}; {fit_text} at {school.label}, and {room} room left: "
            f"{'; '.join(blocked)}; {t.label} has {free} free minutes at {school.label} this week"
        )
        shortfall = self.shortfall(therapist)
        if shortfall is not None and service in shortfall.services:
            text += f". {shortfall.reason}"
        return text

    def open_start(self, service: int, therapist: int, d: LineDay) -> int | None:
        """A start on day `d` where the line could still be added (joining a group
        session or alone), or None."""
        problem = self.problem
        line = problem.services[service]
        school = problem.students[line.student].school
        allowed = set(d.starts)
        groups = [s for s in self.joinable(service, therapist, d.day) if s in allowed]
        bookings = self.bookings(therapist, d.day)
        theirs = [(s.start, s.end) for s in self.attending[line.student, d.day]]
        for start in [*groups, *d.starts]:
            end = start + line.length
            student_free = line.delivery == CONSULT or not any(
                overlaps((start, end), b) for b in theirs
            )
            if student_free and (
                start in groups or fits_therapist_day(problem, bookings, school, start, end)
            ):
                return start
        return None

    def joinable(self, service: int, therapist: int, day: int) -> list[int]:
        """Starts of the therapist's sessions that day the group rules let the line
        join. (A locked session is never offered: `_day_options` already takes its
        time out of the line's starts.)"""
        problem = self.problem
        return [
            s.start
            for s in self.sessions[therapist, day]
            if may_join(problem, service, s.services, s.school, s.delivery, s.end - s.start)
        ]

    def blocked_text(self, service: int, therapist: int, day: int, spans: Spans) -> str:
        problem = self.problem
        line = problem.services[service]
        t = problem.therapists[therapist]
        school = problem.students[line.student].school
        name = day_name(problem, day)
        visited = sorted({s.school for s in self.sessions[therapist, day]})
        cut_off = [k for k in visited if problem.travel[k][school] is None]
        if cut_off:
            where = join_words([problem.schools[k].label for k in cut_off])
            there = problem.schools[school].label
            return f"{name}: {t.label} is at {where}, with no travel to {there}"
        holders = [
            s
            for s in self.sessions[therapist, day]
            if any(overlaps((s.start, s.end), w) for w in spans)
        ]
        parts = []
        if holders:
            served = sorted({j for s in holders for j in s.services})
            codes = ", ".join(line_text(problem, j) for j in served[:4])
            more = f" and {len(served) - 4} more" if len(served) > 4 else ""
            parts.append(
                f"{t.label} already serves {len(served)} other line(s) then: {codes}{more}"
            )
        if line.delivery != CONSULT:
            for s in self.attending[line.student, day]:
                if any(overlaps((s.start, s.end), w) for w in spans):
                    parts.append(
                        f"{problem.students[line.student].label} is with "
                        f"{problem.therapists[s.therapist].label} {span_text((s.start, s.end))}"
                    )
        if not parts:
            parts.append(f"{t.label}'s lunch or travel that day")
        return f"{name}: " + ", ".join(parts)

    def free_minutes(self, therapist: int, school: int) -> int:
        """The therapist's minutes at the school this week not taken by sessions or
        travel, on days they are not at a school with no travel to it."""
        problem = self.problem
        minutes = 0
        for d in range(len(problem.weekdays)):
            at = therapist_at(problem, therapist, school, d)
            if at is None:
                continue
            sessions = self.sessions[therapist, d]
            if any(problem.travel[s.school][school] is None for s in sessions):
                continue
            busy = [(s.start, s.end) for s in sessions] + self.travel[therapist, d]
            minutes += total(subtract((at,), busy))
        return minutes
