"""Lines that provably cannot be met, each alone, with the reason in words a
coordinator can act on (`analyse`): no therapist for the school; no free window of
the session length on a day the therapist can be there; fewer distinct feasible days
than sessions; no teacher time for a consult; locked sessions in the way."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from .day_options import (
    HOURS,
    LOCKED,
    LUNCH,
    NO_WINDOW,
    LineDay,
    LockedSessions,
    day_note,
    days_text,
    line_days,
    locked_sessions,
    sessions_possible,
)
from .instance import free_windows, therapist_at
from .problem import CONSULT, PUSH_IN, Problem
from .windows import (
    hhmm,
    longest,
    spans_text,
    starts_within,
)


def line_reason(
    problem: Problem, service: int, therapist: int, locked: LockedSessions
) -> str | None:
    """Why the line cannot be met with `therapist`, or None when it can (taken alone)."""
    line = problem.services[service]
    student = problem.students[line.student]
    t = problem.therapists[therapist]
    school = problem.schools[student.school]
    if student.school not in t.schools:
        return (
            f"{t.label} does not serve {school.label}, {student.label}'s school: assign a "
            f"therapist who does, or add {school.label} to {t.label}'s schools"
        )
    done = len(locked.line_days.get(service, []))
    need = line.sessions - done
    if need <= 0:
        return None
    days = line_days(problem, service, therapist, locked)
    if sessions_possible(problem, service, days, therapist) >= need:
        return None
    if line.fixed is not None:
        return fixed_reason(problem, service, therapist, days)
    return _reason_text(problem, service, therapist, days, done)


def fixed_reason(problem: Problem, service: int, therapist: int, days: Sequence[LineDay]) -> str:
    """Why a line fixed to a day and time cannot be held then, e.g. `SV1042 is fixed
    to Mon 10:00, but Maya's class has Reading (protected 10:00-11:00) then`."""
    line = problem.services[service]
    fixed = line.fixed
    assert fixed is not None
    if not 0 <= fixed.day < len(problem.weekdays):
        return f"{line.code} is fixed to {fixed.held_by}: change its fixed day"
    head = f"{line.code} is fixed to {problem.weekdays[fixed.day]} {hhmm(fixed.start)}, but"
    fix = "move its fixed time or clear it"
    per_week = max(problem.week_caps(service, therapist) or (line.sessions,))
    if per_week > 1:
        return f"{head} it needs {per_week} sessions in a week: {fix}"
    d = days[fixed.day]
    if d.status == NO_WINDOW:
        if fixed.held_by:
            return f"{head} {fixed.held_by} then: {fix}"
        student = problem.students[line.student]
        if line.delivery == CONSULT:
            who = f"teacher {problem.teachers[student.teacher].label}"
            free = problem.teachers[student.teacher].free[fixed.day]
        else:
            who = student.label
            by_delivery = (
                student.free_push_in if line.delivery == PUSH_IN else student.free_pull_out
            )
            free = by_delivery[fixed.day]
        return f"{head} {who} is not free then (free {spans_text(free)}): {fix}"
    note = day_note(problem, service, therapist, d).removeprefix(f"{problem.weekdays[d.day]}: ")
    return f"{head} {note}: {fix}"


def _reason_text(
    problem: Problem, service: int, therapist: int, days: Sequence[LineDay], done: int
) -> str:
    line = problem.services[service]
    student = problem.students[line.student]
    t = problem.therapists[therapist]
    k = problem.schools[student.school]
    n, length, n_days = line.sessions, line.length, len(problem.weekdays)
    distinct = problem.one_a_day(service, therapist)
    head = f"needs {n} x {length} min" + (" on separate days" if distinct and n > 1 else "")
    if problem.cycle_weeks > 1:
        head = head.replace(" min", f" min in the {problem.cycle_weeks}-week cycle", 1)
    at_days = [
        d.day for d in days if therapist_at(problem, therapist, student.school, d.day) is not None
    ]
    fit_days = [
        d
        for d in range(n_days)
        if starts_within(free_windows(problem, service, d), length, problem.grid)
    ]
    if line.delivery == CONSULT:
        teacher = problem.teachers[student.teacher].label
        windows = f"teacher {teacher}'s free time at {k.label} (consult for {student.label})"
    else:
        kind = "push-in" if line.delivery == PUSH_IN else "pull-out"
        windows = f"free {kind} windows at {k.label} for {student.label}"
    if not at_days:
        absent = _absence_text(problem, therapist, student.school)
        return f"{head}; {t.label} is never at {k.label}: {absent}"
    if not fit_days:
        most = max(longest(free_windows(problem, service, d)) for d in range(n_days))
        if line.delivery == CONSULT:
            teacher = problem.teachers[student.teacher].label
            return (
                f"{head}; teacher {teacher} ({student.label}'s teacher) has no free "
                f"{length}-min window at {k.label} on any day for a consult (longest {most} "
                f"min): free the teacher for {length} min"
            )
        blocks = "busy blocks" if line.delivery == PUSH_IN else "busy and protected blocks"
        kind = "push-in" if line.delivery == PUSH_IN else "pull-out"
        return (
            f"{head}; {student.label} has no free {kind} window of {length} min on any day "
            f"({blocks} leave at most {most} min): free the student for {length} min"
        )
    every = len(fit_days) == n_days
    fit = "on every day" if every else f"only on {days_text(problem, fit_days)}"
    where = (
        f"{t.label} is at {k.label} every day"
        if len(at_days) == n_days
        else f"{t.label} is at {k.label} only on {days_text(problem, at_days)}"
    )
    text = f"{head}; {windows} fit a {length}-min session {fit}, and {where}"
    both = set(fit_days) & set(at_days)
    notes = [
        day_note(problem, service, therapist, d)
        for d in days
        if d.day in both and d.status in (HOURS, LUNCH, LOCKED)
    ]
    if notes:
        text += "; " + "; ".join(notes)
    if done:
        text += f" ({done} session(s) already locked)"
    if not distinct:
        room = sessions_possible(problem, service, days, therapist) + done
        text += f": room for only {room} sessions"
    return text


def _absence_text(problem: Problem, therapist: int, school: int) -> str:
    """Why the therapist is at the school on no day: off, closed, pinned elsewhere,
    or hours outside the student day."""
    t = problem.therapists[therapist]
    off: list[int] = []
    closed: list[int] = []
    outside: list[int] = []
    pinned_to: dict[int, list[int]] = defaultdict(list)
    for d in range(len(problem.weekdays)):
        pinned = t.pinned[d]
        if t.hours[d] is None:
            off.append(d)
        elif problem.schools[school].day[d] is None:
            closed.append(d)
        elif pinned is not None and pinned != school:
            pinned_to[pinned].append(d)
        else:
            outside.append(d)
    parts = []
    if off:
        parts.append(f"off {days_text(problem, off)}")
    if closed:
        parts.append(f"school closed {days_text(problem, closed)}")
    for other, pinned_days in sorted(pinned_to.items()):
        parts.append(
            f"pinned to {problem.schools[other].label} on {days_text(problem, pinned_days)}"
        )
    if outside:
        parts.append(f"hours outside the school day on {days_text(problem, outside)}")
    return "; ".join(parts)


def therapists_for(problem: Problem, assignments: Sequence[int | None], student: int) -> list[int]:
    """The therapist who serves the student, or every candidate when none is chosen yet."""
    chosen = assignments[student] if student < len(assignments) else None
    if chosen is not None:
        return [chosen]
    pinned = problem.students[student].therapist
    if pinned is not None:
        return [pinned]
    return sorted(problem.students[student].candidates)


def no_therapist_text(problem: Problem, student: int) -> str:
    st = problem.students[student]
    school = problem.schools[st.school].label
    serving = [t.label for t in problem.therapists if st.school in t.schools]
    if not serving:
        return (
            f"no therapist serves {school}: add {school} to a therapist's schools "
            f"so {st.label} can be served"
        )
    return (
        f"{st.label} has no candidate therapist: assign one of {', '.join(serving)} "
        f"(they serve {school})"
    )


def analyse(problem: Problem, assignments: Sequence[int | None]) -> dict[int, str]:
    """For every service line that provably cannot be met, the reason.

    A line is judged alone, with its student's therapist (`assignments[student]`,
    else the pinned one, else every candidate: then it fails only if it fails with
    each), around the locked sessions of the schedule in force. Lines that compete
    with each other for a therapist's time are `shortfalls`' business.
    """
    locked = locked_sessions(problem)
    reasons: dict[int, str] = {}
    for j, line in enumerate(problem.services):
        if line.sessions <= 0:
            continue
        therapists = therapists_for(problem, assignments, line.student)
        if not therapists:
            reasons[j] = no_therapist_text(problem, line.student)
            continue
        found = [(t, line_reason(problem, j, t, locked)) for t in therapists]
        if any(reason is None for _, reason in found):
            continue
        if len(found) == 1:
            reasons[j] = str(found[0][1])
        else:
            reasons[j] = "no candidate therapist can meet it: " + "; ".join(
                f"with {problem.therapists[t].label}: {reason}" for t, reason in found
            )
    return reasons
