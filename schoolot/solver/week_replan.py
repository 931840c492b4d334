"""Re-planning against the schedule in force: locked sessions stay, the others are
hints whose moves cost; any earlier schedule (or the baseline) warm-starts the search."""

from __future__ import annotations

from collections.abc import Iterable

from schoolot.solver.problem import PlacedSession
from schoolot.solver.week_model import Literal, Penalty, WeekModel


def keeping_literals(wm: WeekModel, placed: PlacedSession) -> list[Literal] | None:
    """The membership literals that keep `placed` where it is (one per line of it in
    this week), or None when it can no longer be held there."""
    if placed.therapist != wm.data.therapist:
        return None
    literals = []
    for service in placed.services:
        for index in wm.uses.get(service, ()):
            option = wm.data.options[index]
            if (option.day, option.start, option.school) == (
                placed.day,
                placed.start,
                placed.school,
            ):
                literals.append(wm.member[index, service])
                break
        else:
            return None
    return literals or None


def add_locked(wm: WeekModel, in_force: Iterable[PlacedSession]) -> list[PlacedSession]:
    """Fix every locked session of this therapist in place, with exactly its students.

    Returns the locked sessions that break a hard rule now (their student's free time
    or the therapist's hours changed): those cannot stay and are re-placed like any
    other session of the schedule in force.
    """
    broken = []
    for placed in in_force:
        if not placed.locked or placed.therapist != wm.data.therapist:
            continue
        literals = keeping_literals(wm, placed)
        if literals is None:
            broken.append(placed)
            continue
        for literal in literals:
            wm.model.add(literal == 1)
        for service in placed.services:
            wm.model.add(wm.met[service] == 1)
        option = _option_of(wm, placed)
        if option is not None:
            for service in wm.data.options[option].lines:
                if service not in placed.services:
                    wm.model.add(wm.member[option, service] == 0)
    return broken


def _option_of(wm: WeekModel, placed: PlacedSession) -> int | None:
    service = placed.services[0]
    for index in wm.uses.get(service, ()):
        option = wm.data.options[index]
        if (option.day, option.start, option.school) == (placed.day, placed.start, placed.school):
            return index
    return None


def moved_penalties(wm: WeekModel, in_force: Iterable[PlacedSession]) -> list[Penalty]:
    """Sessions of the schedule in force not kept where they were (a session is kept
    when each of its lines is still in a session at that day, time and school), and
    students with a moved session."""
    model = wm.model
    # Per session of this therapist in force: the literal saying it is kept, or None
    # when it cannot be kept.
    kept_flags: list[Literal | None] = []
    affected: dict[int, list[Literal | None]] = {}
    students = {line.service: line.student for line in wm.data.lines}
    for number, placed in enumerate(in_force):
        if placed.therapist != wm.data.therapist:
            continue
        literals = keeping_literals(wm, placed)
        kept: Literal | None
        if literals is None:
            kept = None
        elif len(literals) == 1:
            kept = literals[0]
        else:
            kept = model.new_bool_var(f"kept_{number}")
            model.add_bool_and(literals).only_enforce_if(kept)
            model.add_bool_or([kept, *(literal.Not() for literal in literals)])
        kept_flags.append(kept)
        for service in placed.services:
            if service in students:
                affected.setdefault(students[service], []).append(kept)
    if not kept_flags:
        return []
    student_moved = []
    for student, flags in affected.items():
        moved = model.new_bool_var(f"student_moved_{student}")
        for kept in flags:
            model.add_bool_or([moved] if kept is None else [kept, moved])
        student_moved.append(moved)
    weights = wm.problem.weights
    moved_sessions = sum(1 if kept is None else 1 - kept for kept in kept_flags)
    return [
        Penalty("moved sessions", weights.moved_session, moved_sessions),
        Penalty("moved students", weights.moved_student, sum(student_moved)),
    ]


def add_hints(wm: WeekModel, sessions: Iterable[PlacedSession]) -> int:
    """Hint a complete week from earlier sessions (the schedule in force, the baseline
    or a previous solve): these held, every other option not; a line with the wrong
    number of hinted sessions is hinted unmet. Returns how many sessions were hinted."""
    members_of: dict[int, list[int]] = {}
    for placed in sessions:
        option = _option_of(wm, placed) if keeping_literals(wm, placed) is not None else None
        if option is not None and option not in members_of:
            members_of[option] = list(placed.services)
    if not members_of:
        return 0
    count: dict[int, int] = {}
    for services in members_of.values():
        for service in services:
            count[service] = count.get(service, 0) + 1
    met = {line.service for line in wm.data.lines if count.get(line.service) == line.sessions}
    values: dict[int, tuple[Literal, int]] = {}
    for held in wm.held:
        values[held.Index()] = (held, 0)
    for literal in wm.member.values():
        values[literal.Index()] = (literal, 0)
    hinted = 0
    for option, services in members_of.items():
        kept = [service for service in services if service in met]
        if not kept:
            continue
        hinted += 1
        values[wm.held[option].Index()] = (wm.held[option], 1)
        for service in kept:
            literal = wm.member[option, service]
            values[literal.Index()] = (literal, 1)
    for line in wm.data.lines:
        literal = wm.met[line.service]
        values[literal.Index()] = (literal, int(line.service in met))
    for literal, value in values.values():
        wm.model.add_hint(literal, value)
        wm.hint[literal.Index()] = value
    return hinted
