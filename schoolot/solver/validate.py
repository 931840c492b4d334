"""A solver-free check of a schedule against every hard rule of schedule.md.

`validate(problem, solution)` recomputes everything from the `Problem` and returns
one readable line per violation, each starting with the rule it breaks
("rule 3 lunch: ot2 on Tue has no 30-minute break inside 11:00-13:30"); an empty
list means the schedule is valid. It shares no code with the model.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterator

from schoolot.cycle import week_caps as cycle_week_caps
from schoolot.cycle import week_label

from .problem import CONSULT, PULL_OUT, PUSH_IN, Problem
from .solution import Session, Solution, TravelLeg
from .windows import clip, contains, has_free_run, hhmm, merge, span_text, spans_text

DELIVERIES = (PULL_OUT, PUSH_IN, CONSULT)


# --- names a coordinator reads -------------------------------------------------


def day_name(problem: Problem, day: int) -> str:
    """`Mon`; in a cycle of weeks, with the week: `Mon (Week B)`, `Tue (Week 3)`."""
    if problem.cycle_weeks <= 1:
        return problem.weekdays[day]
    days_per_week = len(problem.weekdays) // problem.cycle_weeks
    label = week_label(day // days_per_week + 1, problem.cycle_weeks)
    return f"{problem.weekdays[day]} ({label})"


def line_text(problem: Problem, service: int) -> str:
    """`SV1 (Ana L. (gr 3))`."""
    line = problem.services[service]
    return f"{line.code} ({problem.students[line.student].label})"


def session_text(problem: Problem, session: Session) -> str:
    """`ot1 Mon 09:00-09:30 at OAK [SV1 (Ana L. (gr 3))]`."""
    lines = ", ".join(line_text(problem, j) for j in session.services)
    return (
        f"{problem.therapists[session.therapist].code} {day_name(problem, session.day)} "
        f"{span_text((session.start, session.end))} at {problem.schools[session.school].code} "
        f"[{lines}]"
    )


def leg_text(problem: Problem, leg: TravelLeg) -> str:
    return (
        f"{problem.therapists[leg.therapist].code} {day_name(problem, leg.day)} "
        f"{problem.schools[leg.from_school].code}->{problem.schools[leg.to_school].code} "
        f"{span_text((leg.start, leg.end))}"
    )


# --- the check -----------------------------------------------------------------


def validate(problem: Problem, solution: Solution) -> list[str]:
    """Every hard rule the solution breaks, one readable line each; [] when valid."""
    errors = list(_structure(problem, solution))
    if errors:  # indices out of range: the rules below cannot be read safely
        return errors
    return [
        *_assignments(problem, solution),
        *_inside_the_day(problem, solution),
        *_one_place_at_a_time(problem, solution),
        *_travel_legs(problem, solution),
        *_lunch(problem, solution),
        *_student_free(problem, solution),
        *_consult(problem, solution),
        *_minutes_owed(problem, solution),
        *_groups(problem, solution),
        *_locked(problem, solution),
        *_fixed(problem, solution),
    ]


def _structure(problem: Problem, solution: Solution) -> Iterator[str]:
    n_days, n_schools = len(problem.weekdays), len(problem.schools)
    n_therapists, n_services = len(problem.therapists), len(problem.services)
    if len(solution.assignments) != len(problem.students):
        yield (
            f"structure: {len(solution.assignments)} assignments for "
            f"{len(problem.students)} students"
        )
    for student, therapist in enumerate(solution.assignments):
        if therapist is not None and not 0 <= therapist < n_therapists:
            yield f"structure: student #{student} assigned to unknown therapist #{therapist}"
    for i, s in enumerate(solution.sessions):
        if not (
            0 <= s.therapist < n_therapists
            and 0 <= s.school < n_schools
            and 0 <= s.day < n_days
            and all(0 <= j < n_services for j in s.services)
        ):
            yield f"structure: session #{i} refers to an unknown therapist, school, day or line"
        elif not s.services:
            yield f"structure: session #{i} serves no line"
        elif s.delivery not in DELIVERIES:
            yield f"structure: session #{i} has unknown delivery {s.delivery!r}"
        elif s.end <= s.start:
            yield f"structure: session #{i} ends before it starts"
    for i, leg in enumerate(solution.travel):
        if not (
            0 <= leg.therapist < n_therapists
            and 0 <= leg.day < n_days
            and 0 <= leg.from_school < n_schools
            and 0 <= leg.to_school < n_schools
        ):
            yield f"structure: travel leg #{i} refers to an unknown therapist, day or school"
        elif leg.end <= leg.start:
            yield f"structure: travel leg #{i} ends before it starts"
    for u in solution.unscheduled:
        if not 0 <= u.service < n_services:
            yield f"structure: unscheduled line #{u.service} does not exist"


def _assignments(problem: Problem, solution: Solution) -> Iterator[str]:
    """Rule 6: one therapist per student, the pinned one where pinned, else a candidate."""
    for index, student in enumerate(problem.students):
        chosen = solution.assignments[index]
        if student.therapist is not None and chosen != student.therapist:
            pinned = problem.therapists[student.therapist].code
            got = "nobody" if chosen is None else problem.therapists[chosen].code
            yield (
                f"rule 6 minutes owed: {student.label} is pinned to {pinned} but assigned to {got}"
            )
        elif student.therapist is None and chosen is not None and chosen not in student.candidates:
            yield (
                f"rule 6 minutes owed: {student.label} is assigned to "
                f"{problem.therapists[chosen].code}, who is not one of their candidate therapists"
            )


def _inside_the_day(problem: Problem, solution: Solution) -> Iterator[str]:
    """Rule 1: school day, therapist hours, pinned school, therapist's schools."""
    for s in solution.sessions:
        therapist = problem.therapists[s.therapist]
        school = problem.schools[s.school]
        day, span, what = s.day, (s.start, s.end), session_text(problem, s)
        if s.school not in therapist.schools:
            yield (
                f"rule 1 inside the day: {what}: {school.code} is not one of "
                f"{therapist.code}'s schools"
            )
        school_day = school.day[day]
        if school_day is None:
            yield f"rule 1 inside the day: {what}: {school.code} is closed that day"
        elif not contains((school_day,), span):
            yield (
                f"rule 1 inside the day: {what}: outside {school.code}'s student day "
                f"{span_text(school_day)}"
            )
        hours = therapist.hours[day]
        if hours is None:
            yield f"rule 1 inside the day: {what}: {therapist.code} does not work that day"
        elif not contains((hours,), span):
            yield (
                f"rule 1 inside the day: {what}: outside {therapist.code}'s hours "
                f"{span_text(hours)}"
            )
        pinned = therapist.pinned[day]
        if pinned is not None and pinned != s.school:
            yield (
                f"rule 1 inside the day: {what}: {therapist.code} is pinned to "
                f"{problem.schools[pinned].code} on {day_name(problem, day)}"
            )
        for j in s.services:
            home = problem.students[problem.services[j].student].school
            if home != s.school:
                yield (
                    f"rule 1 inside the day: {what}: {line_text(problem, j)} is at "
                    f"{problem.schools[home].code}, not {school.code}"
                )


def _by_therapist_day(solution: Solution) -> dict[tuple[int, int], list[Session]]:
    days: dict[tuple[int, int], list[Session]] = defaultdict(list)
    for s in solution.sessions:
        days[s.therapist, s.day].append(s)
    for sessions in days.values():
        sessions.sort(key=lambda s: (s.start, s.end))
    return days


def _one_place_at_a_time(problem: Problem, solution: Solution) -> Iterator[str]:
    """Rule 2: no overlap; schools with no travel row never both visited on one day."""
    for (t, day), sessions in sorted(_by_therapist_day(solution).items()):
        for i, a in enumerate(sessions):
            for b in sessions[i + 1 :]:
                if b.start >= a.end:
                    break
                yield (
                    f"rule 2 one place at a time: {session_text(problem, a)} overlaps "
                    f"{session_text(problem, b)}"
                )
        schools = sorted({s.school for s in sessions})
        for i, x in enumerate(schools):
            for y in schools[i + 1 :]:
                if problem.travel[x][y] is None:
                    yield (
                        f"rule 2 one place at a time: {problem.therapists[t].code} visits "
                        f"{problem.schools[x].code} and {problem.schools[y].code} on "
                        f"{day_name(problem, day)}, which have no travel between them"
                    )


def _travel_legs(problem: Problem, solution: Solution) -> Iterator[str]:
    """Rule 2: a leg of at least the travel minutes between consecutive sessions at
    different schools, inside the gap; no leg that joins nothing."""
    legs: dict[tuple[int, int], list[TravelLeg]] = defaultdict(list)
    for leg in solution.travel:
        legs[leg.therapist, leg.day].append(leg)
    used: set[int] = set()
    for (t, day), sessions in sorted(_by_therapist_day(solution).items()):
        code = problem.therapists[t].code
        for a, b in itertools.pairwise(sessions):
            minutes = problem.travel[a.school][b.school]
            if a.school == b.school or minutes is None or b.start < a.end:
                continue  # same school; no-travel pairs and overlaps are reported above
            where = (
                f"{code} on {day_name(problem, day)} from {problem.schools[a.school].code} "
                f"(ends {hhmm(a.end)}) to {problem.schools[b.school].code} "
                f"(starts {hhmm(b.start)})"
            )
            match = next(
                (
                    leg
                    for leg in legs.get((t, day), [])
                    if id(leg) not in used
                    and (leg.from_school, leg.to_school) == (a.school, b.school)
                    and a.end <= leg.start
                    and leg.end <= b.start
                ),
                None,
            )
            if b.start - a.end < minutes:
                yield (
                    f"rule 2 one place at a time: {where}: {b.start - a.end} minutes "
                    f"between them, the drive takes {minutes}"
                )
            elif match is None:
                yield f"rule 2 one place at a time: {where}: no travel leg in the gap"
            elif match.end - match.start < minutes:
                yield (
                    f"rule 2 one place at a time: travel leg {leg_text(problem, match)} is "
                    f"{match.end - match.start} minutes, the drive takes {minutes}"
                )
            if match is not None:
                used.add(id(match))
    for leg in solution.travel:
        if id(leg) not in used:
            yield (
                f"rule 2 one place at a time: travel leg {leg_text(problem, leg)} does not "
                f"join two consecutive sessions at those schools"
            )


def _lunch(problem: Problem, solution: Solution) -> Iterator[str]:
    """Rule 3: each working day a lunch of `lunch_minutes` in `lunch_window`, with
    sessions and travel both counting as busy."""
    busy: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for s in solution.sessions:
        busy[s.therapist, s.day].append((s.start, s.end))
    for leg in solution.travel:
        busy[leg.therapist, leg.day].append((leg.start, leg.end))
    window, minutes = problem.lunch_window, problem.lunch_minutes
    for (t, day), spans in sorted(busy.items()):
        if not has_free_run(spans, window, minutes):
            yield (
                f"rule 3 lunch: {problem.therapists[t].code} on {day_name(problem, day)} has "
                f"no {minutes}-minute break inside {span_text(window)} (busy "
                f"{spans_text(clip(spans, window))})"
            )


def _student_free(problem: Problem, solution: Solution) -> Iterator[str]:
    """Rule 4: one session at a time; pull-out in free pull-out windows, push-in in
    free push-in windows."""
    attending: dict[tuple[int, int], list[Session]] = defaultdict(list)
    for s in solution.sessions:
        for j in s.services:
            line = problem.services[j]
            if line.delivery == CONSULT or s.delivery == CONSULT:
                continue  # a consult takes the teacher, not the student
            student = problem.students[line.student]
            attending[line.student, s.day].append(s)
            span = (s.start, s.end)
            if s.delivery == PULL_OUT and not contains(student.free_pull_out[s.day], span):
                yield (
                    f"rule 4 student free: {session_text(problem, s)}: {student.label} is not "
                    f"free for pull-out then (free {spans_text(student.free_pull_out[s.day])})"
                )
            if s.delivery == PUSH_IN and not contains(student.free_push_in[s.day], span):
                yield (
                    f"rule 4 student free: {session_text(problem, s)}: {student.label} is not "
                    f"free for push-in then (free {spans_text(student.free_push_in[s.day])})"
                )
    for (index, _day), sessions in sorted(attending.items()):
        sessions.sort(key=lambda s: (s.start, s.end))
        for i, a in enumerate(sessions):
            for b in sessions[i + 1 :]:
                if b.start >= a.end:
                    break
                yield (
                    f"rule 4 student free: {problem.students[index].label} is in two "
                    f"sessions at once: {session_text(problem, a)} and {session_text(problem, b)}"
                )


def _consult(problem: Problem, solution: Solution) -> Iterator[str]:
    """Rule 5: a consult holds its one consult line, inside the teacher's free time."""
    for s in solution.sessions:
        consults = [j for j in s.services if problem.services[j].delivery == CONSULT]
        if s.delivery != CONSULT and not consults:
            continue
        what = session_text(problem, s)
        if len(s.services) > 1 or len(consults) != 1 or s.delivery != CONSULT:
            yield f"rule 5 consult: {what}: a consult session holds one consult line and no student"
            continue
        student = problem.students[problem.services[consults[0]].student]
        teacher = problem.teachers[student.teacher]
        free = teacher.free[s.day]
        if not contains(free, (s.start, s.end)):
            yield (
                f"rule 5 consult: {what}: teacher {teacher.code} is not free then "
                f"(free {spans_text(free)})"
            )


def _minutes_owed(problem: Problem, solution: Solution) -> Iterator[str]:
    """Rule 6: exactly `sessions` sessions of `length`, with the student's therapist,
    on distinct days where possible, or none at all and listed as unscheduled."""
    placed: dict[int, list[Session]] = defaultdict(list)
    for s in solution.sessions:
        for j in s.services:
            placed[j].append(s)
        for j, times in Counter(s.services).items():
            if times > 1:
                yield (
                    f"rule 6 minutes owed: {session_text(problem, s)} lists "
                    f"{problem.services[j].code} twice"
                )
        per_student = Counter(problem.services[j].student for j in s.services)
        for student, times in per_student.items():
            if times > 1:
                yield (
                    f"rule 6 minutes owed: {session_text(problem, s)} holds "
                    f"{problem.students[student].label} for {times} lines at once"
                )
    unscheduled = Counter(u.service for u in solution.unscheduled)
    for u in solution.unscheduled:
        if not u.reason.strip():
            yield (
                f"rule 6 minutes owed: {line_text(problem, u.service)} is unscheduled "
                f"with no reason"
            )
    for j, times in sorted(unscheduled.items()):
        if times > 1:
            yield (
                f"rule 6 minutes owed: {line_text(problem, j)} is listed unscheduled {times} times"
            )
    for j, line in enumerate(problem.services):
        sessions = placed.get(j, [])
        name = line_text(problem, j)
        if j in unscheduled:
            if sessions:
                yield (
                    f"rule 6 minutes owed: {name} is listed unscheduled but has "
                    f"{len(sessions)} session(s): half-placed"
                )
            continue
        if len(sessions) != line.sessions:
            yield (
                f"rule 6 minutes owed: {name} needs {line.sessions} x {line.length} min "
                f"but has {len(sessions)} session(s) and is not listed unscheduled"
            )
        for s in sessions:
            if s.end - s.start != line.length:
                yield (
                    f"rule 6 minutes owed: {session_text(problem, s)} lasts "
                    f"{s.end - s.start} min; {line.code} sessions are {line.length} min"
                )
            if s.delivery != line.delivery:
                yield (
                    f"rule 6 minutes owed: {session_text(problem, s)} is {s.delivery}; "
                    f"{line.code} is {line.delivery}"
                )
        therapist = solution.assignments[line.student]
        for s in sessions:
            if s.therapist != therapist:
                owner = "nobody" if therapist is None else problem.therapists[therapist].code
                yield (
                    f"rule 6 minutes owed: {session_text(problem, s)}: "
                    f"{problem.students[line.student].label} is assigned to {owner}"
                )
        yield from _by_cycle_week(problem, j, sessions, therapist)


def _by_cycle_week(
    problem: Problem, service: int, sessions: list[Session], therapist: int | None
) -> Iterator[str]:
    """Rule 6 in a cycle of weeks: at most the line's cap in each cycle week (exact for
    weekly lines, since their caps add up to the sessions; none in a 3:1 therapist's
    off week for a direct line); at most one a day when no week's cap exceeds the
    week's days. A one-week cycle: one a day when the sessions fit the week's days."""
    line = problem.services[service]
    name = line_text(problem, service)
    weeks = problem.cycle_weeks
    days_per_week = len(problem.weekdays) // weeks
    off: frozenset[int] = frozenset()
    if therapist is not None and line.delivery != CONSULT:
        off = problem.therapists[therapist].off_weeks
    caps = cycle_week_caps(line.sessions, line.per, weeks, off)
    if weeks > 1 or off:
        held = Counter(s.day // days_per_week + 1 for s in sessions)
        for week, times in sorted(held.items()):
            if times > caps[week - 1]:
                yield (
                    f"rule 6 minutes owed: {name} has {times} session(s) in "
                    f"{week_label(week, weeks) or 'the week'} of "
                    f"the {weeks}-week cycle; at most {caps[week - 1]} belong there"
                )
    if max(caps, default=0) <= days_per_week:
        days = Counter(s.day for s in sessions)
        for day, times in sorted(days.items()):
            if times > 1:
                yield (
                    f"rule 6 minutes owed: {name} has {times} sessions on "
                    f"{day_name(problem, day)}; its sessions must fall on different days"
                )


def _groups(problem: Problem, solution: Solution) -> Iterator[str]:
    """Rule 7: groups of `group` lines alike in delivery, length, school and grade."""
    for s in solution.sessions:
        if len(s.services) < 2:
            continue
        lines = [problem.services[j] for j in s.services]
        students = [problem.students[line.student] for line in lines]
        what = f"rule 7 groups: {session_text(problem, s)}"
        solo = [line.code for line in lines if not line.group]
        if solo:
            yield f"{what}: {', '.join(solo)} may not be served in a group"
        if len({line.delivery for line in lines}) > 1:
            yield f"{what}: mixes deliveries {sorted({line.delivery for line in lines})}"
        if len({line.length for line in lines}) > 1:
            yield f"{what}: mixes session lengths {sorted({line.length for line in lines})}"
        if len({st.school for st in students}) > 1:
            yield f"{what}: mixes students of several schools"
        grades = [st.grade for st in students]
        if max(grades) - min(grades) > problem.group_grade_span:
            yield (
                f"{what}: grades {min(grades)} to {max(grades)} spread more than "
                f"{problem.group_grade_span}"
            )
        limit = min(line.max_group for line in lines)
        if len(lines) > limit:
            yield f"{what}: {len(lines)} students, more than the smallest max_group {limit}"
        if s.delivery == PUSH_IN and len({st.teacher for st in students}) > 1:
            yield f"{what}: a push-in group holds students of several teachers"


def _locked(problem: Problem, solution: Solution) -> Iterator[str]:
    """Re-planning: every locked session of the schedule in force is kept unchanged."""
    present = {
        (s.therapist, s.school, s.day, s.start, tuple(sorted(s.services)))
        for s in solution.sessions
    }
    for placed in problem.in_force:
        if not placed.locked:
            continue
        key = (
            placed.therapist,
            placed.school,
            placed.day,
            placed.start,
            tuple(sorted(placed.services)),
        )
        if key not in present:
            lines = ", ".join(line_text(problem, j) for j in placed.services)
            yield (
                f"locked: the locked session {problem.therapists[placed.therapist].code} "
                f"{day_name(problem, placed.day)} {hhmm(placed.start)} "
                f"at {problem.schools[placed.school].code} [{lines}] was moved or changed"
            )


def _fixed(problem: Problem, solution: Solution) -> Iterator[str]:
    """A line fixed to a day and time is held only then (that weekday of every cycle
    week)."""
    days_per_week = len(problem.weekdays) // problem.cycle_weeks
    for s in solution.sessions:
        for j in s.services:
            fixed = problem.services[j].fixed
            if fixed is not None and (s.day % days_per_week, s.start) != (fixed.day, fixed.start):
                yield (
                    f"fixed: {line_text(problem, j)} is fixed to "
                    f"{day_name(problem, fixed.day)} {hhmm(fixed.start)}, but "
                    f"{session_text(problem, s)} holds it"
                )


def busy_spans(solution: Solution, therapist: int, day: int) -> tuple[tuple[int, int], ...]:
    """A therapist's sessions and travel on one day, merged."""
    spans = [
        (s.start, s.end) for s in solution.sessions if (s.therapist, s.day) == (therapist, day)
    ]
    spans += [
        (leg.start, leg.end)
        for leg in solution.travel
        if (leg.therapist, leg.day) == (therapist, day)
    ]
    return merge(spans)


__all__ = ["busy_spans", "day_name", "leg_text", "line_text", "session_text", "validate"]
