"""The schedule a therapist builds by hand: the benchmark's baseline and a warm start.

The recipe, as therapists describe it: give each unpinned student to the candidate
therapist with the least load per FTE; spend each working day at ONE school (the
pinned one, else the school where most minutes are still owed); keep what is in
force where it still fits; then go through the lines, hardest first, and put each
session at the first free time of the first free day, joining an existing group
session when the line may be grouped and the group allows it. A line whose
sessions do not all fit is left out whole, with a short reason. The result always
passes `validate` (locked sessions of an inconsistent instance aside).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .baseline_days import plan_days
from .instance import free_windows, session_starts, therapist_at
from .problem import CONSULT, PlacedSession, Problem
from .proofs import analyse
from .rules import Booking, fits_therapist_day, may_join, travel_legs
from .solution import Session, Solution, SolveStats, TravelLeg, Unscheduled
from .validate import day_name
from .windows import contains, join_words, overlaps


@dataclass(eq=False)  # drafts are compared by identity when removed from lists
class _Draft:
    therapist: int
    school: int
    day: int
    start: int
    end: int
    delivery: str
    services: list[int]
    locked: bool = False


@dataclass
class _Book:
    """The schedule being built, indexed for the checks a therapist makes by hand."""

    problem: Problem
    drafts: list[_Draft] = field(default_factory=list)
    by_therapist_day: dict[tuple[int, int], list[_Draft]] = field(
        default_factory=lambda: defaultdict(list)
    )
    by_student_day: dict[tuple[int, int], list[_Draft]] = field(
        default_factory=lambda: defaultdict(list)
    )
    of_line: dict[int, list[_Draft]] = field(default_factory=lambda: defaultdict(list))
    _starts: dict[tuple[int, int, int], list[int]] = field(default_factory=dict)

    def starts(self, service: int, therapist: int, day: int) -> list[int]:
        """`session_starts`, computed once."""
        key = (service, therapist, day)
        if key not in self._starts:
            self._starts[key] = session_starts(self.problem, service, therapist, day)
        return self._starts[key]

    def bookings(self, therapist: int, day: int) -> list[Booking]:
        return sorted((d.start, d.end, d.school) for d in self.by_therapist_day[therapist, day])

    def student_free(self, service: int, day: int, start: int, end: int) -> bool:
        line = self.problem.services[service]
        if line.delivery == CONSULT:
            return True
        return not any(
            overlaps((start, end), (d.start, d.end)) for d in self.by_student_day[line.student, day]
        )

    def open(self, therapist: int, school: int, day: int, start: int, service: int) -> _Draft:
        line = self.problem.services[service]
        draft = _Draft(therapist, school, day, start, start + line.length, line.delivery, [])
        self.drafts.append(draft)
        self.by_therapist_day[therapist, day].append(draft)
        self.join(draft, service)
        return draft

    def join(self, draft: _Draft, service: int) -> None:
        line = self.problem.services[service]
        draft.services.append(service)
        self.of_line[service].append(draft)
        if line.delivery != CONSULT:
            self.by_student_day[line.student, draft.day].append(draft)

    def forget(self, service: int) -> None:
        """Take the line out of every session that is not locked (nothing half-placed)."""
        line = self.problem.services[service]
        for draft in list(self.of_line[service]):
            if draft.locked:
                continue
            draft.services.remove(service)
            self.of_line[service].remove(draft)
            if line.delivery != CONSULT:
                self.by_student_day[line.student, draft.day].remove(draft)
            if not draft.services:
                self.drafts.remove(draft)
                self.by_therapist_day[draft.therapist, draft.day].remove(draft)


def schedule_by_hand(
    problem: Problem,
    assignments: Sequence[int | None] | None = None,
    keep_in_force: bool = True,
    proofs: Mapping[int, str] | None = None,
) -> Solution:
    """A valid schedule made the way a therapist makes one by hand (see the module
    docstring). `assignments` fixes students' therapists (None entries are filled
    greedily); `keep_in_force` keeps the unlocked sessions of `problem.in_force`
    where they still fit (locked ones are always kept); `proofs`, when the caller
    already has `analyse(problem, assignments)`, saves computing it again."""
    clock = time.perf_counter()
    chosen = _assign(problem, assignments, keep_in_force)
    proofs = dict(proofs) if proofs is not None else analyse(problem, chosen)
    book = _Book(problem)
    _keep_in_force(problem, book, chosen, keep_in_force)
    plan = plan_days(problem, book, chosen, proofs)
    reasons = dict(proofs)
    for j in _order_lines(problem, book, chosen, plan, proofs):
        therapist = chosen[problem.services[j].student]
        assert therapist is not None
        reason = _place_line(problem, book, plan, j, therapist)
        if reason is not None:
            book.forget(j)
            reasons[j] = reason
    for j, reason in proofs.items():
        if book.of_line[j]:  # a locked session of a line that cannot be met
            reasons.pop(j)
            book.forget(j)
            if not book.of_line[j]:
                reasons[j] = reason
    return _solution(problem, book, chosen, reasons, time.perf_counter() - clock)


# --- who serves whom -------------------------------------------------------------


def _serves(problem: Problem, therapist: int, school: int) -> bool:
    return any(
        therapist_at(problem, therapist, school, d) is not None
        for d in range(len(problem.weekdays))
    )


def _owed_minutes(problem: Problem) -> list[int]:
    owed = [0] * len(problem.students)
    for line in problem.services:
        owed[line.student] += line.sessions * line.length
    return owed


def _assign(
    problem: Problem, given: Sequence[int | None] | None, keep_in_force: bool
) -> list[int | None]:
    """Given and pinned therapists first, then the therapist of the sessions in
    force, then the candidate with the least load per FTE, biggest caseloads first."""
    chosen: list[int | None] = [None] * len(problem.students)
    in_force: dict[int, int] = {}
    for placed in sorted(problem.in_force, key=lambda p: not p.locked):
        if placed.locked or keep_in_force:
            for j in placed.services:
                in_force.setdefault(problem.services[j].student, placed.therapist)
    for s, student in enumerate(problem.students):
        if given is not None and s < len(given) and given[s] is not None:
            chosen[s] = given[s]
        elif student.therapist is not None:
            chosen[s] = student.therapist
        elif s in in_force and in_force[s] in student.candidates:
            chosen[s] = in_force[s]
    owed = _owed_minutes(problem)
    load = [0.0] * len(problem.therapists)
    for s, therapist in enumerate(chosen):
        if therapist is not None:
            load[therapist] += owed[s]
    waiting = sorted((s for s in range(len(chosen)) if chosen[s] is None), key=lambda s: -owed[s])
    for s in waiting:
        student = problem.students[s]
        options = [t for t in sorted(student.candidates) if _serves(problem, t, student.school)]
        if not options:
            continue
        best = min(options, key=lambda t: load[t] / max(problem.therapists[t].fte, 0.05))
        chosen[s] = best
        load[best] += owed[s]
    return chosen


# --- the schedule in force ---------------------------------------------------------


def _keep_in_force(
    problem: Problem, book: _Book, chosen: Sequence[int | None], keep_in_force: bool
) -> None:
    """Locked sessions as they are; unlocked ones line by line where they still fit."""
    for placed in problem.in_force:
        if placed.locked and placed.services:
            first = problem.services[placed.services[0]]
            draft = _Draft(
                placed.therapist,
                placed.school,
                placed.day,
                placed.start,
                placed.start + first.length,
                first.delivery,
                [],
                locked=True,
            )
            book.drafts.append(draft)
            book.by_therapist_day[placed.therapist, placed.day].append(draft)
            for j in placed.services:
                book.join(draft, j)
    if not keep_in_force:
        return
    for placed in problem.in_force:
        if not placed.locked:
            _keep_unlocked(problem, book, chosen, placed)


def _keep_unlocked(
    problem: Problem, book: _Book, chosen: Sequence[int | None], placed: PlacedSession
) -> None:
    draft: _Draft | None = None
    for j in placed.services:
        line = problem.services[j]
        if chosen[line.student] != placed.therapist:
            continue
        if len(book.of_line[j]) >= line.sessions:
            continue
        days = [d.day for d in book.of_line[j]]
        if problem.one_a_day(j, placed.therapist) and placed.day in days:
            continue
        if not problem.week_room(j, placed.therapist, days, placed.day):
            continue
        if placed.start not in book.starts(j, placed.therapist, placed.day):
            continue
        if draft is None:
            bookings = book.bookings(placed.therapist, placed.day)
            end = placed.start + line.length
            if (
                problem.students[line.student].school == placed.school
                and book.student_free(j, placed.day, placed.start, end)
                and fits_therapist_day(problem, bookings, placed.school, placed.start, end)
            ):
                draft = book.open(placed.therapist, placed.school, placed.day, placed.start, j)
        elif _can_join(problem, book, draft, j):
            book.join(draft, j)


# --- first fit -------------------------------------------------------------------------


def _candidate_days(
    problem: Problem,
    book: _Book,
    plan: dict[tuple[int, int], frozenset[int]],
    service: int,
    therapist: int,
) -> list[int]:
    school = problem.students[problem.services[service].student].school
    return [
        d
        for d in range(len(problem.weekdays))
        if school in plan.get((therapist, d), frozenset()) and book.starts(service, therapist, d)
    ]


def _order_lines(
    problem: Problem,
    book: _Book,
    chosen: Sequence[int | None],
    plan: dict[tuple[int, int], frozenset[int]],
    proofs: dict[int, str],
) -> list[int]:
    """Lines still to place: those with a locked session first (they must be completed),
    then least slack first, then the longest."""
    keyed = []
    for j, line in enumerate(problem.services):
        therapist = chosen[line.student]
        need = line.sessions - len(book.of_line[j])
        if therapist is None or j in proofs or need <= 0:
            continue
        slack = len(_candidate_days(problem, book, plan, j, therapist)) - need
        keyed.append((not _has_locked(book, j), slack, -need * line.length, j))
    return [key[-1] for key in sorted(keyed)]


def _has_locked(book: _Book, service: int) -> bool:
    return any(draft.locked for draft in book.of_line[service])


def _can_join(problem: Problem, book: _Book, draft: _Draft, service: int) -> bool:
    """A session this line may join: not locked, the group rules allow it, and the
    student is free then."""
    if draft.locked or not may_join(
        problem, service, draft.services, draft.school, draft.delivery, draft.end - draft.start
    ):
        return False
    return contains(
        free_windows(problem, service, draft.day), (draft.start, draft.end)
    ) and book.student_free(service, draft.day, draft.start, draft.end)


def _place_line(
    problem: Problem,
    book: _Book,
    plan: dict[tuple[int, int], frozenset[int]],
    service: int,
    therapist: int,
) -> str | None:
    """Place the line's missing sessions, first fit; the reason when they do not all fit."""
    line = problem.services[service]
    school = problem.students[line.student].school
    days = _candidate_days(problem, book, plan, service, therapist)
    _fill(problem, book, service, therapist, school, days)
    if len(book.of_line[service]) < line.sessions and _has_locked(book, service):
        # A locked session cannot move, so its line must be completed: squeeze in a
        # visit on any day the therapist can reach the school, as a therapist would.
        every_day = [
            d
            for d in range(len(problem.weekdays))
            if therapist_at(problem, therapist, school, d) is not None
        ]
        _fill(problem, book, service, therapist, school, every_day)
    if len(book.of_line[service]) >= line.sessions:
        return None
    return _left_out_text(problem, plan, service, therapist, len(book.of_line[service]))


def _fill(
    problem: Problem, book: _Book, service: int, therapist: int, school: int, days: list[int]
) -> None:
    """First fit of the line's missing sessions on `days`, one a day where it must."""
    line = problem.services[service]
    distinct = problem.one_a_day(service, therapist)
    progress = True
    while len(book.of_line[service]) < line.sessions and progress:
        progress = False
        for d in days:
            if len(book.of_line[service]) >= line.sessions:
                break
            held = [x.day for x in book.of_line[service]]
            if distinct and d in held:
                continue
            if not problem.week_room(service, therapist, held, d):
                continue
            if _place_one(problem, book, service, therapist, school, d):
                progress = True
        if distinct:
            break


def _place_one(
    problem: Problem, book: _Book, service: int, therapist: int, school: int, day: int
) -> bool:
    for draft in sorted(book.by_therapist_day[therapist, day], key=lambda x: x.start):
        if _can_join(problem, book, draft, service):
            book.join(draft, service)
            return True
    length = problem.services[service].length
    bookings = book.bookings(therapist, day)
    for start in book.starts(service, therapist, day):
        if book.student_free(service, day, start, start + length) and fits_therapist_day(
            problem, bookings, school, start, start + length
        ):
            book.open(therapist, school, day, start, service)
            return True
    return False


def _left_out_text(
    problem: Problem,
    plan: dict[tuple[int, int], frozenset[int]],
    service: int,
    therapist: int,
    placed: int,
) -> str:
    line = problem.services[service]
    student = problem.students[line.student]
    t = problem.therapists[therapist]
    school = problem.schools[student.school].label
    there = [
        day_name(problem, d)
        for d in range(len(problem.weekdays))
        if student.school in plan.get((therapist, d), frozenset())
    ]
    head = f"needs {line.sessions} x {line.length} min"
    if problem.cycle_weeks > 1:
        head += f" in the {problem.cycle_weeks}-week cycle"
    if not there:
        return f"{head}; by hand, {t.label} spends no day at {school} (other schools owe more)"
    return (
        f"{head}; by hand, {t.label} is at {school} on {join_words(there)}, where room was "
        f"found for only {placed} session(s) after the lines placed first"
    )


# --- the result -------------------------------------------------------------------------


def _solution(
    problem: Problem,
    book: _Book,
    chosen: Sequence[int | None],
    reasons: dict[int, str],
    seconds: float,
) -> Solution:
    drafts = sorted(book.drafts, key=lambda d: (d.therapist, d.day, d.start))
    sessions = tuple(
        Session(d.therapist, d.school, d.day, d.start, d.end, d.delivery, tuple(d.services))
        for d in drafts
    )
    legs = []
    for t, day in sorted({(d.therapist, d.day) for d in drafts}):
        for a, b, start, end in travel_legs(problem, book.bookings(t, day)):
            legs.append(TravelLeg(t, day, a, b, start, end))
    unscheduled = tuple(Unscheduled(j, reasons[j]) for j in sorted(reasons))
    objective = float(problem.weights.unscheduled_line * len(unscheduled))
    return Solution(
        assignments=tuple(chosen),
        sessions=sessions,
        travel=tuple(legs),
        unscheduled=unscheduled,
        stats=SolveStats(
            status="FEASIBLE",
            objective=objective,
            bound=0.0,
            seconds=seconds,
            first_solution_seconds=seconds,
        ),
    )
