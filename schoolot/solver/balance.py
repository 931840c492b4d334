"""Balance caseloads: from the caseloads in force, propose the fewest moves of
students between therapists (and the school coverage they bring) that meet more
lines, even workload per FTE and cut driving.

The rules are the assignment's (`assign.prepare_assignment`'s estimated minutes and
unfit lines, `assign_windows`' window room and schools apart); what balance adds is
where a therapist may go (`reach`: their schools and those a drive or two away), a cost
per move, `max_moves`, a penalty on workload per FTE beyond SPREAD_TARGET times the
least loaded, and a last check: a proposal whose estimate (`estimate`) meets fewer
lines or spreads workload wider than today's is refused, and nothing moves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from schoolot.solver.assign import AssignData, _overflow_weight, prepare_assignment
from schoolot.solver.assign_windows import add_schools_apart, add_window_room
from schoolot.solver.contention import Contention
from schoolot.solver.instance import therapist_at
from schoolot.solver.problem import Problem
from schoolot.solver.proofs import analyse
from schoolot.solver.time_bound import lines_out_of_reach

# The workload per FTE the most loaded may carry over the least loaded: issue 11 asks
# for 1.5; the model aims a little inside it, as the app's workload (schoolot.caseload)
# counts documentation and driving its own way.
SPREAD_TARGET = 1.45
# Cost of one move: a move must buy a line, or about 400 minutes per FTE of spread
# (at workload_spread_minute 5), or 100 minutes of driving a week.
MOVE_COST = 2_000
# Cost of giving a therapist a school they do not serve yet, beyond its driving.
COVERAGE_COST = 1_000
# Per minute per FTE beyond SPREAD_TARGET times the least loaded (at 50, coop seeds 0-2
# stopped at 1.5-1.9x: a move to the least loaded often costs some window room).
RATIO_WEIGHT = 500
# How far a therapist may take on schools: at most this many drives from one of theirs.
# One drive left the least loaded of coop seed 2 at 1.57x with 25 moves; two gave 1.39x
# with 15 (schools apart and driving still cost their share); every school makes the
# model too large for a 90-school district.
REACH_DRIVES = 2
# Visits a week assumed to a school a therapist serves, when estimating driving.
VISITS_PER_SCHOOL = 2
WORKERS = 2


@dataclass(frozen=True)
class Move:
    student: int
    giver: int | None  # None: the student had no therapist
    taker: int
    why: str


@dataclass(frozen=True)
class WorkloadCounts:
    """Workload as the app counts it (the caller's formula), for the spread: per student
    the weekly minutes they bring whoever serves them, per therapist the rest of their
    workload (driving, documentation of students outside the problem, ...)."""

    student: tuple[int, ...]
    therapist: tuple[int, ...]


@dataclass(frozen=True)
class Estimate:
    """What a set of caseloads looks like before any week is built."""

    load: tuple[int, ...]  # per therapist: estimated weekly minutes (sessions + driving)
    per_fte: tuple[float, ...]  # per therapist: workload per FTE (WorkloadCounts', or load's)
    unfit_minutes: int  # minutes of sessions no week of their therapist holds (max-flow)
    unfit_lines: int  # lines a therapist cannot fit even alone

    @property
    def spread(self) -> float:
        """Most over least workload per FTE (1.0 when even; inf when someone has none)."""
        if not self.per_fte:
            return 1.0
        least = min(self.per_fte)
        return float("inf") if least <= 0 else max(self.per_fte) / least


@dataclass(frozen=True)
class Balance:
    assignment: tuple[int | None, ...]  # per student, after the moves
    moves: tuple[Move, ...]
    coverage_added: tuple[tuple[int, int], ...]  # (therapist, school)
    coverage_removed: tuple[tuple[int, int], ...]
    before: Estimate
    after: Estimate
    status: str  # the model's status; "KEPT" when the check refused its proposal


def reach(problem: Problem, therapist: int) -> frozenset[int]:
    """The schools a therapist may serve after balancing: theirs, and any school at most
    REACH_DRIVES drives from one of theirs."""
    near = set(problem.therapists[therapist].schools)
    for _ in range(REACH_DRIVES):
        near |= {
            school
            for school in range(len(problem.schools))
            if any(problem.travel[school][home] is not None for home in near)
        }
    return frozenset(near)


def widened(problem: Problem, current: Sequence[int | None], keep: Collection[int]) -> Problem:
    """`problem` with every therapist allowed their `reach`, and every student not kept
    free to go to any therapist reaching their school (kept ones pinned where they are)."""
    therapists = tuple(
        replace(person, schools=reach(problem, t)) for t, person in enumerate(problem.therapists)
    )
    students = []
    for s, student in enumerate(problem.students):
        if s in keep and current[s] is not None:
            students.append(replace(student, therapist=current[s], candidates=frozenset()))
            continue
        candidates = frozenset(t for t, p in enumerate(therapists) if student.school in p.schools)
        students.append(replace(student, therapist=None, candidates=candidates))
    return replace(problem, therapists=therapists, students=tuple(students))


def drive_minutes(problem: Problem, therapist: int, school: int) -> int:
    """Estimated weekly driving to serve `school` besides the therapist's own schools."""
    own = problem.therapists[therapist].schools - {school}
    drives = [m for k in own if (m := problem.travel[school][k]) is not None]
    if not drives:  # two drives away: through a school between
        row = problem.travel[school]
        drives = [
            first + second
            for between, first in enumerate(row)
            if first is not None and between != school
            for k in own
            if (second := problem.travel[between][k]) is not None
        ]
    return VISITS_PER_SCHOOL * min(drives, default=0)


def estimate(
    problem: Problem,
    data: AssignData,
    chosen: Sequence[int | None],
    counts: WorkloadCounts | None = None,
) -> Estimate:
    """Load, workload per FTE (by `counts` when given), window contention and unfit lines
    of `chosen` on the widened problem."""
    load = [0] * len(problem.therapists)
    served: set[tuple[int, int]] = set()
    lines_of: dict[int, set[int]] = defaultdict(set)
    for j, line in enumerate(problem.services):
        lines_of[line.student].add(j)
    caseload: dict[int, set[int]] = defaultdict(set)
    unfit_lines = 0
    for s, t in enumerate(chosen):
        if t is None:
            continue
        load[t] += data.demand[s]
        caseload[t] |= lines_of[s]
        unfit_lines += data.choices[s].get(t, 0) if data.choices[s] else 0
        if data.demand[s] > 0:
            served.add((t, problem.students[s].school))
    for t, school in served:
        load[t] += data.travel[t, school]
    contention = Contention(problem)
    unfit = sum(contention.unfit(t, lines) for t, lines in caseload.items())
    workload = _workload(load, chosen, counts)
    per_fte = tuple(100 * minutes / data.fte[t] for t, minutes in enumerate(workload))
    return Estimate(tuple(load), per_fte, unfit, unfit_lines)


def _workload(
    load: Sequence[int], chosen: Sequence[int | None], counts: WorkloadCounts | None
) -> list[int]:
    if counts is None:
        return list(load)
    workload = list(counts.therapist)
    for s, t in enumerate(chosen):
        if t is not None:
            workload[t] += counts.student[s]
    return workload


def balance(
    problem: Problem,
    current: Sequence[int | None],
    keep: Collection[int] = (),
    max_moves: int = 30,
    time_limit: float = 5.0,
    seed: int = 0,
    counts: WorkloadCounts | None = None,
) -> Balance:
    """The fewest moves (at most `max_moves`) of students not in `keep` between
    therapists that meet more lines, even workload per FTE and cut driving, found
    within about `time_limit` seconds. `current[s]` is student s's therapist today;
    `counts`, when given, is the workload the spread is measured in (else the
    assignment's estimated minutes and driving)."""
    wide = widened(problem, current, set(keep))
    data = _prepared(problem, wide, current)
    before = estimate(wide, data, current, counts)
    covered = [person.schools for person in problem.therapists]
    chosen, status = _solve(wide, data, covered, current, counts, max_moves, time_limit, seed)
    if chosen is None:
        return _unchanged(current, before, status)
    # Window contention, as `relieve` counts it, is measured after the model (the model
    # counts windows per class and school only); a proposal must not be worse on it.
    after = estimate(wide, data, chosen, counts)
    if _worse(after, before):
        return _unchanged(current, before, "KEPT")
    moves = tuple(
        Move(s, current[s], t, _why(problem, data, before, after, s, current[s], t))
        for s, t in enumerate(chosen)
        if t is not None and t != current[s]
    )
    added, removed = _coverage(problem, current, chosen, moves)
    return Balance(tuple(chosen), moves, added, removed, before, after, status)


def _prepared(problem: Problem, wide: Problem, current: Sequence[int | None]) -> AssignData:
    data = prepare_assignment(wide)
    travel = {
        (t, school): drive_minutes(problem, t, school)
        for t in range(len(problem.therapists))
        for school in wide.therapists[t].schools
    }
    # Students with no lines stay where they are (a move would change nothing).
    choices = tuple(
        {held: 0} if data.demand[s] == 0 and (held := current[s]) is not None else options
        for s, options in enumerate(data.choices)
    )
    return replace(data, travel=travel, choices=choices)


def _unchanged(current: Sequence[int | None], before: Estimate, status: str) -> Balance:
    return Balance(tuple(current), (), (), (), before, before, status)


def _worse(after: Estimate, before: Estimate) -> bool:
    if after.unfit_lines > before.unfit_lines or after.unfit_minutes > before.unfit_minutes:
        return True
    return after.spread > before.spread + 1e-9


def _solve(
    problem: Problem,
    data: AssignData,
    covered: Sequence[frozenset[int]],
    current: Sequence[int | None],
    counts: WorkloadCounts | None,
    max_moves: int,
    time_limit: float,
    seed: int,
) -> tuple[tuple[int | None, ...] | None, str]:
    weights = problem.weights
    model = cp_model.CpModel()
    overflow_weight = _overflow_weight(problem)
    therapists = range(len(problem.therapists))
    assigned: dict[tuple[int, int], cp_model.LinearExprT] = {}
    choose: dict[tuple[int, int], cp_model.IntVar] = {}
    load: dict[int, list[cp_model.LinearExprT]] = defaultdict(list)
    workload: dict[int, list[cp_model.LinearExprT]] = defaultdict(list)
    at_school: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    fixed_at: set[tuple[int, int]] = set()
    costs: list[cp_model.LinearExprT] = []
    moved: list[cp_model.LinearExprT] = []
    for s, options in enumerate(data.choices):
        school = problem.students[s].school
        if len(options) == 1:
            ((t, unfit),) = options.items()
            assigned[s, t] = 1
            load[t].append(data.demand[s])
            if counts is not None:
                workload[t].append(counts.student[s])
            costs.append(weights.unscheduled_line * unfit)
            if data.demand[s] > 0:
                fixed_at.add((t, school))
            continue
        literals = []
        for t, unfit in options.items():
            literal = choose[s, t] = model.new_bool_var(f"assign_{s}_{t}")
            assigned[s, t] = literal
            literals.append(literal)
            load[t].append(data.demand[s] * literal)
            if counts is not None:
                workload[t].append(counts.student[s] * literal)
            costs.append(weights.unscheduled_line * unfit * literal)
            if data.demand[s] > 0:
                at_school[t, school].append(literal)
            model.add_hint(literal, current[s] == t)
        if options:
            model.add_exactly_one(literals)
        held = current[s]
        if held is not None and (s, held) in choose:
            moved.append(1 - choose[s, held])
    model.add(sum(moved) <= max_moves)
    costs.append(MOVE_COST * sum(moved))

    serves: dict[tuple[int, int], cp_model.IntVar | int] = dict.fromkeys(fixed_at, 1)
    for key, literals in at_school.items():
        if key in fixed_at:
            continue
        literal_served = serves[key] = model.new_bool_var(f"serves_{key[0]}_{key[1]}")
        for literal in literals:
            model.add_implication(literal, literal_served)
        model.add_bool_or(literals).only_enforce_if(literal_served)
    for (t, school), served in serves.items():
        minutes = data.travel[t, school]
        load[t].append(minutes * served)
        extra = 0 if school in covered[t] else COVERAGE_COST
        costs.append((weights.travel_minute * minutes + weights.school_change + extra) * served)

    top = sum(data.demand) + sum(data.travel.values()) + 1
    if counts is not None:
        top += sum(counts.student) + sum(abs(m) for m in counts.therapist)
    most = model.new_int_var(-100 * top, 100 * top, "most_per_fte")
    least = model.new_int_var(-100 * top, 100 * top, "least_per_fte")
    for t in therapists:
        total = cp_model.LinearExpr.sum(load[t])
        counted = total if counts is None else counts.therapist[t] + sum(workload[t])
        model.add(most * data.fte[t] >= 100 * counted)
        model.add(least * data.fte[t] <= 100 * counted)
        over = model.new_int_var(0, top, f"overflow_{t}")
        model.add(over >= total - data.capacity[t])
        costs.append(overflow_weight * over)
    beyond = model.new_int_var(0, 200 * top, "beyond_spread_target")
    model.add(100 * most - round(100 * SPREAD_TARGET) * least <= 100 * beyond)
    costs.append(RATIO_WEIGHT * beyond)
    costs.append(weights.workload_spread_minute * (most - least))
    costs += add_window_room(model, problem, data.demand, assigned, overflow_weight)
    costs += _add_days_room(model, problem, data, assigned, overflow_weight)
    costs += add_schools_apart(model, problem, serves)
    model.minimize(sum(costs))

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = WORKERS
    status = solver.solve(model)
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, name
    chosen = list(current)
    for (s, t), literal in choose.items():
        if solver.boolean_value(literal):
            chosen[s] = t
    return tuple(chosen), name


def _add_days_room(
    model: cp_model.CpModel,
    problem: Problem,
    data: AssignData,
    assigned: dict[tuple[int, int], cp_model.LinearExprT],
    overflow_weight: int,
) -> list[cp_model.LinearExprT]:
    """A therapist's schools that can be served on some days only (days pinned to
    another school) share those days' hours: per set of such days, the minutes at the
    schools open to them on no other day stay within the days' hours (soft, as the
    window room)."""
    costs: list[cp_model.LinearExprT] = []
    at_school: dict[tuple[int, int], list[tuple[int, cp_model.LinearExprT]]] = defaultdict(list)
    for (s, t), literal in assigned.items():
        at_school[t, problem.students[s].school].append((s, literal))
    for t, person in enumerate(problem.therapists):
        working = frozenset(d for d, hours in enumerate(person.hours) if hours is not None)
        days_of = {
            k: frozenset(d for d in working if therapist_at(problem, t, k, d) is not None)
            for k in person.schools
        }
        for days in {d for d in days_of.values() if d and d != working}:
            members = [m for k, d in days_of.items() if d <= days for m in at_school[t, k]]
            owed = sum(data.demand[s] for s, _ in members)
            room = sum(
                hours[1] - hours[0] - problem.lunch_minutes
                for d, hours in enumerate(person.hours)
                if d in days and hours is not None
            )
            if owed <= room:
                continue
            over = model.new_int_var(0, owed, f"days_overflow_{t}")
            model.add(sum(data.demand[s] * literal for s, literal in members) <= room + over)
            costs.append(overflow_weight * over)
    return costs


def _coverage(
    problem: Problem,
    current: Sequence[int | None],
    chosen: Sequence[int | None],
    moves: Sequence[Move],
) -> tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]:
    """(therapist, school) pairs to add (a therapist taking a student at a school they do
    not serve) and to remove (a therapist who no longer has any student at a school they
    served and had students at, unless a day of their hours is pinned to it)."""

    def at(assignment: Sequence[int | None]) -> set[tuple[int, int]]:
        return {(t, problem.students[s].school) for s, t in enumerate(assignment) if t is not None}

    now, then = at(chosen), at(current)
    added = {
        (m.taker, problem.students[m.student].school)
        for m in moves
        if problem.students[m.student].school not in problem.therapists[m.taker].schools
    }
    removed = {
        (t, school)
        for t, school in then - now
        if school in problem.therapists[t].schools and school not in problem.therapists[t].pinned
    }
    return tuple(sorted(added)), tuple(sorted(removed))


def _why(
    problem: Problem,
    data: AssignData,
    before: Estimate,
    after: Estimate,
    student: int,
    giver: int | None,
    taker: int,
) -> str:
    taker_name = problem.therapists[taker].label
    if giver is None:
        return f"had no therapist; {taker_name} has room"
    giver_name = problem.therapists[giver].label
    share = before.load[giver] / max(1, data.capacity[giver])
    unfit = data.choices[student].get(giver, 0)
    if unfit:
        return f"{giver_name} cannot fit {unfit} of the student's lines in their days"
    if share > 1:
        return (
            f"{giver_name}'s week is over-full ({round(100 * share)}% of their hours); "
            f"{taker_name} has room"
        )
    return (
        f"evens workload per FTE: {giver_name} {round(before.per_fte[giver]):,} "
        f"against {taker_name} {round(before.per_fte[taker]):,} minutes a week"
    )


def after_problem(problem: Problem, result: Balance) -> Problem:
    """`problem` as it stands once `result` is applied: moved students pinned to their new
    therapist, school coverage added and removed."""
    schools = [set(person.schools) for person in problem.therapists]
    for t, school in result.coverage_added:
        schools[t].add(school)
    for t, school in result.coverage_removed:
        schools[t].discard(school)
    therapists = tuple(
        replace(person, schools=frozenset(schools[t]))
        for t, person in enumerate(problem.therapists)
    )
    moved = {m.student: m.taker for m in result.moves}
    students = tuple(
        replace(
            student,
            therapist=moved.get(s, student.therapist),
            candidates=frozenset(
                t for t, person in enumerate(therapists) if student.school in person.schools
            ),
        )
        for s, student in enumerate(problem.students)
    )
    return replace(problem, therapists=therapists, students=students)


def proven_most(problem: Problem, assignment: Sequence[int | None], seconds: float) -> int:
    """At most how many lines any schedule meets with these therapists (lines proven out
    alone, and each week's linear relaxation while `seconds` last)."""
    proofs = analyse(problem, assignment)
    out = lines_out_of_reach(problem, assignment, proofs, seconds)
    return len(problem.services) - len(proofs) - sum(out.values())
