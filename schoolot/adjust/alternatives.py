"""Where else one session of a draft week could go, by the solver's own rules.

Candidate places are the prepared options of `week_data.prepare_week` (where the place
and time rules already hold for every line of the session); a quick day check
(`rules.fits_therapist_day`, one session a day, the student in one session at a time)
drops most of them, and every survivor is kept only when `validate` finds the whole
week after the move breaks no rule it did not break before. Joins come from
`rules.may_join`; swaps pair a place taken by another session with a place that
session could move to. A session moves inside its own week of the cycle: a week-B
session's alternatives are week-B days.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from schoolot.solver import rules
from schoolot.solver.problem import CONSULT
from schoolot.solver.solution import Session as Placed
from schoolot.solver.week_data import PlacedSession, prepare_week
from schoolot.solver.windows import overlaps

from .draft_week import DraftWeek

MAX_SWAPS = 8


@dataclass(frozen=True)
class Place:
    """A day, start and school for a session (problem indices; minutes)."""

    day: int
    start: int
    end: int
    school: int


@dataclass(frozen=True)
class Swap:
    """Move the session to `place`, and the session `other` (a position in the week) to
    `other_place`, which makes room."""

    place: Place
    other: int
    other_place: Place


@dataclass(frozen=True)
class Alternatives:
    places: tuple[Place, ...]
    # Positions in the week of the group sessions this session could join instead.
    joins: tuple[int, ...]


def new_errors(week: DraftWeek, sessions: tuple[Placed, ...]) -> list[str]:
    """The rules the week with `sessions` breaks that the draft's week did not."""
    before = set(week.errors())
    return [e for e in week.errors(sessions) if e not in before]


def moved(week: DraftWeek, k: int, place: Place) -> tuple[Placed, ...]:
    """The week's sessions with session `k` at `place`."""
    sessions = list(week.sessions)
    sessions[k] = replace(
        sessions[k], day=place.day, start=place.start, end=place.end, school=place.school
    )
    return tuple(sessions)


def joined(week: DraftWeek, k: int, group: int) -> tuple[Placed, ...]:
    """The week's sessions with session `k`'s lines in session `group` and `k` gone."""
    sessions = list(week.sessions)
    target = sessions[group]
    sessions[group] = replace(target, services=target.services + sessions[k].services)
    del sessions[k]
    return tuple(sessions)


def candidate_places(week: DraftWeek, k: int) -> list[Place]:
    """Every prepared option in session `k`'s cycle week that holds all of its lines,
    its own place aside."""
    session = week.sessions[k]
    problem = week.problem
    students = {problem.services[j].student for j in session.services}
    keep = [PlacedSession(s.therapist, s.school, s.day, s.start, s.services) for s in week.sessions]
    data = prepare_week(problem, week.therapist, students, keep=keep)
    per_line: dict[int, set[tuple[int, int, int, int]]] = {j: set() for j in session.services}
    for option in data.options:
        if option.delivery != session.delivery or option.length != session.end - session.start:
            continue
        for j in option.lines:
            if j in per_line:
                per_line[j].add((option.day, option.start, option.end, option.school))
    common = set.intersection(*per_line.values()) if per_line else set()
    here = (session.day, session.start, session.end, session.school)
    week_of = problem.week_of(session.day)
    return [
        Place(*spot)
        for spot in sorted(common)
        if spot != here and problem.week_of(spot[0]) == week_of
    ]


def day_allows(
    week: DraftWeek, k: int, place: Place, sessions: tuple[Placed, ...] | None = None
) -> bool:
    """The quick day check for session `k` at `place` in the week (or in `sessions`):
    one session a day per line, the student in one session at a time, and rules 2 and 3
    (`rules.fits_therapist_day`) around the day's other sessions."""
    problem = week.problem
    week_sessions = week.sessions if sessions is None else sessions
    session = week_sessions[k]
    that_day = [s for i, s in enumerate(week_sessions) if i != k and s.day == place.day]
    for j in session.services:
        line = problem.services[j]
        for other in that_day:
            if j in other.services and problem.one_a_day(j):
                return False
            if (
                line.delivery != CONSULT
                and overlaps((place.start, place.end), (other.start, other.end))
                and any(problem.services[o].student == line.student for o in other.services)
            ):
                return False
    bookings = [(s.start, s.end, s.school) for s in that_day]
    return rules.fits_therapist_day(problem, bookings, place.school, place.start, place.end)


def alternatives(week: DraftWeek, k: int) -> Alternatives:
    """Every place session `k` may move to, and every group session it may join, each
    leaving the whole week valid by `validate` (no rule broken that was not before;
    checked on the session's own cycle week, `DraftWeek.errors_in`)."""
    cycle_week = week.problem.week_of(week.sessions[k].day)
    before = set(week.errors_in(cycle_week))

    def valid(sessions: tuple[Placed, ...]) -> bool:
        return all(e in before for e in week.errors_in(cycle_week, sessions))

    places = tuple(
        place
        for place in candidate_places(week, k)
        if day_allows(week, k, place) and valid(moved(week, k, place))
    )
    joins = tuple(g for g in join_candidates(week, k) if valid(joined(week, k, g)))
    return Alternatives(places, joins)


def join_candidates(week: DraftWeek, k: int) -> list[int]:
    """Sessions of session `k`'s cycle week that its lines may join by rule 7
    (`rules.may_join`), one line after another."""
    problem = week.problem
    session = week.sessions[k]
    found = []
    for g, group in enumerate(week.sessions):
        if g == k or problem.week_of(group.day) != problem.week_of(session.day):
            continue
        members = list(group.services)
        for j in session.services:
            length = group.end - group.start
            if not rules.may_join(problem, j, members, group.school, group.delivery, length):
                break
            members.append(j)
        else:
            found.append(g)
    return found


def swaps(week: DraftWeek, k: int) -> list[Swap]:
    """Places of session `k` taken by one other session of the week that could itself
    move to a valid place: each pair leaves the whole week valid. At most MAX_SWAPS,
    an exchange of the two places first."""
    session = week.sessions[k]
    cycle_week = week.problem.week_of(session.day)
    before = set(week.errors_in(cycle_week))
    own = Place(session.day, session.start, session.end, session.school)
    found: list[Swap] = []
    for place in candidate_places(week, k):
        if day_allows(week, k, place):
            continue  # free already: an alternative, not a swap
        blockers = [
            i
            for i, s in enumerate(week.sessions)
            if i != k
            and s.day == place.day
            and overlaps((s.start, s.end), (place.start, place.end))
        ]
        if len(blockers) != 1:
            continue
        other = blockers[0]
        first_move = moved(week, k, place)
        for other_place in _exchange_first(candidate_places(week, other), own):
            if not day_allows(week, other, other_place, first_move):
                continue
            pair = list(first_move)
            pair[other] = replace(
                pair[other],
                day=other_place.day,
                start=other_place.start,
                end=other_place.end,
                school=other_place.school,
            )
            if all(e in before for e in week.errors_in(cycle_week, tuple(pair))):
                found.append(Swap(place, other, other_place))
                break
        if len(found) >= MAX_SWAPS:
            break
    return found


def _exchange_first(places: list[Place], own: Place) -> list[Place]:
    """`places` with those starting where the session itself starts first."""
    return sorted(places, key=lambda p: (p.day, p.start) != (own.day, own.start))


def held_by_lock_in_force(week: DraftWeek, k: int) -> bool:
    """Whether session `k` is one the schedule in force holds locked: every solve, and
    so every move of the draft, keeps it where it stands."""
    session = week.sessions[k]
    return any(
        placed.locked
        and placed.therapist == session.therapist
        and set(placed.services) == set(session.services)
        for placed in week.problem.in_force
    )
