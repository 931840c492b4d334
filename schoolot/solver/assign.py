"""Who serves each student: pinned students keep their therapist; the others get a
candidate, balancing workload per FTE within what the students' free windows hold.

Workload is estimated before any week is built: a line's weekly minutes (a group
line counted at GROUP_SHARE of them, since groups share the therapist's time), plus
driving to each school a therapist would serve beyond the ones they must visit
anyway (pinned students, pinned days). A greedy pass (hardest students first, each
to the candidate whose objective grows least; a school with no drive to any of the
therapist's others costs a line) gives a complete assignment at once; a small
CP-SAT model then improves it, starting from it, with the rules of
`assign_windows` (a class's minutes within its free windows, schools apart); last,
`contention.relieve` moves students off therapists whose windows cannot hold their
caseload by a max-flow.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from schoolot.solver.assign_windows import WindowLoad, add_schools_apart, add_window_room
from schoolot.solver.contention import GROUP_SHARE, relieve
from schoolot.solver.problem import Problem
from schoolot.solver.week_data import line_windows, on_site
from schoolot.solver.windows import intersect, starts_within

# Visits a week assumed to each extra school, when estimating travel.
VISITS_PER_SCHOOL = 2
# Share of the assignment's time for the model; the rest moves students off
# therapists whose windows cannot hold them (`contention.relieve`).
MODEL_SHARE = 0.7
# CP-SAT workers of the model: it runs before any week, with the machine to itself
# (coop-open at 20 s, two against one: 241/220/240 and 243/219/240 lines against
# 244/217/231 and 244/217/231).
ASSIGN_WORKERS = 2


@dataclass(frozen=True)
class AssignData:
    """The instance of the assignment, prepared: integer minutes and costs."""

    demand: tuple[int, ...]  # per student: estimated weekly minutes of therapist time
    capacity: tuple[int, ...]  # per therapist: working minutes a week minus lunches
    fte: tuple[int, ...]  # per therapist: FTE in hundredths
    fixed: tuple[int | None, ...]  # per student: the therapist they must keep, if any
    # per student: {therapist: lines of the student that therapist cannot fit at all}
    choices: tuple[dict[int, int], ...]
    # per therapist: schools they visit whatever the assignment
    home: tuple[frozenset[int], ...]
    # (therapist, school): estimated weekly driving minutes to serve that school
    travel: dict[tuple[int, int], int]
    # per student: their therapist in the schedule in force and how many sessions
    in_force: tuple[tuple[int, int] | None, ...]


def prepare_assignment(problem: Problem) -> AssignData:
    lines_of: dict[int, list[int]] = defaultdict(list)
    for index, line in enumerate(problem.services):
        lines_of[line.student].append(index)

    demand = [
        round(
            sum(
                problem.services[j].sessions
                * problem.services[j].length
                * (GROUP_SHARE if problem.services[j].group else 1.0)
                for j in lines_of[s]
            )
        )
        for s in range(len(problem.students))
    ]
    capacity = [
        sum(h[1] - h[0] - problem.lunch_minutes for h in person.hours if h is not None)
        for person in problem.therapists
    ]

    in_force_of, locked_to = _in_force_therapists(problem)
    fixed: list[int | None] = []
    choices: list[dict[int, int]] = []
    for index, student in enumerate(problem.students):
        pinned = student.therapist if student.therapist is not None else locked_to.get(index)
        fixed.append(pinned)
        candidates = [pinned] if pinned is not None else sorted(student.candidates)
        choices.append({t: _unfit_lines(problem, lines_of[index], t) for t in candidates})

    home: list[set[int]] = [set() for _ in problem.therapists]
    for index, student in enumerate(problem.students):
        keeper = fixed[index]
        if keeper is not None and demand[index] > 0:
            home[keeper].add(student.school)
    for t, therapist in enumerate(problem.therapists):
        home[t].update(school for school in therapist.pinned if school is not None)
        if len(therapist.schools) == 1:
            home[t].update(therapist.schools)

    travel: dict[tuple[int, int], int] = {}
    for t, therapist in enumerate(problem.therapists):
        for school in therapist.schools:
            drives = [
                minutes
                for other in therapist.schools
                if other != school and (minutes := problem.travel[school][other]) is not None
            ]
            travel[t, school] = VISITS_PER_SCHOOL * min(drives, default=0)

    return AssignData(
        demand=tuple(demand),
        capacity=tuple(capacity),
        fte=tuple(max(1, round(t.fte * 100)) for t in problem.therapists),
        fixed=tuple(fixed),
        choices=tuple(choices),
        home=tuple(frozenset(h) for h in home),
        travel=travel,
        in_force=tuple(in_force_of.get(s) for s in range(len(problem.students))),
    )


def _in_force_therapists(
    problem: Problem,
) -> tuple[dict[int, tuple[int, int]], dict[int, int]]:
    """Per student: (therapist, sessions) in the schedule in force, and the therapist of
    any locked session."""
    counts: dict[int, Counter[int]] = defaultdict(Counter)
    locked: dict[int, int] = {}
    for placed in problem.in_force:
        for service in placed.services:
            if not 0 <= service < len(problem.services):
                continue
            student = problem.services[service].student
            counts[student][placed.therapist] += 1
            if placed.locked:
                locked[student] = placed.therapist
    in_force = {s: c.most_common(1)[0] for s, c in counts.items()}
    return in_force, locked


def _unfit_lines(problem: Problem, lines: list[int], therapist: int) -> int:
    """Lines the therapist could not fit even alone: too few days with a free start."""
    unfit = 0
    for index in lines:
        line = problem.services[index]
        school = problem.students[line.student].school
        days = []
        for day in range(len(problem.weekdays)):
            free = intersect(
                problem.fixed_windows(index, day, line_windows(problem, index, day)),
                on_site(problem, therapist, school, day),
            )
            if starts_within(free, line.length, problem.grid):
                days.append(day)
        if not problem.days_fit(index, therapist, days):
            unfit += 1
    return unfit


# --- the objective, shared by the greedy pass, the model and the measurement -----


def _overflow_weight(problem: Problem) -> int:
    # A minute beyond capacity costs about what a dropped 30-minute line costs per minute.
    return max(1, problem.weights.unscheduled_line // 30)


def assignment_cost(problem: Problem, data: AssignData, chosen: tuple[int | None, ...]) -> int:
    """The assignment's objective without the window rules of `assign_windows`: minutes,
    travel, balance and moves, as the model counts them (for tests and measurement)."""
    weights = problem.weights
    load = [0] * len(problem.therapists)
    served: set[tuple[int, int]] = set()
    cost = 0
    for student, therapist in enumerate(chosen):
        if therapist is None:
            continue
        load[therapist] += data.demand[student]
        cost += weights.unscheduled_line * data.choices[student].get(therapist, 0)
        school = problem.students[student].school
        if data.demand[student] > 0 and school not in data.home[therapist]:
            served.add((therapist, school))
        cost += _moved_cost(problem, data, student, therapist)
    for therapist, school in served:
        load[therapist] += data.travel[therapist, school]
        cost += weights.travel_minute * data.travel[therapist, school] + weights.school_change
    for therapist, minutes in enumerate(load):
        cost += _overflow_weight(problem) * max(0, minutes - data.capacity[therapist])
    if load:
        most = max(-(-100 * minutes // data.fte[t]) for t, minutes in enumerate(load))
        least = min(100 * minutes // data.fte[t] for t, minutes in enumerate(load))
        cost += weights.workload_spread_minute * (most - least)
    return cost


def _moved_cost(problem: Problem, data: AssignData, student: int, therapist: int) -> int:
    before = data.in_force[student]
    if before is None or before[0] == therapist:
        return 0
    weights = problem.weights
    return weights.moved_student + weights.moved_session * before[1]


# --- greedy --------------------------------------------------------------------


def greedy_assignment(problem: Problem, data: AssignData) -> tuple[int | None, ...]:
    """Hardest students first (fewest candidates, most minutes), each to the candidate
    whose cost grows least."""
    weights = problem.weights
    chosen: list[int | None] = list(data.fixed)
    load = [0] * len(problem.therapists)
    served: set[tuple[int, int]] = set()
    schools_of: dict[int, set[int]] = defaultdict(set)
    windows = WindowLoad(problem, data.demand)
    for student, therapist in enumerate(chosen):
        if therapist is not None:
            load[therapist] += data.demand[student]
            windows.add(student, therapist)
    free = [s for s, t in enumerate(chosen) if t is None and data.choices[s]]
    free.sort(key=lambda s: (len(data.choices[s]), -data.demand[s], s))
    for student in free:
        school = problem.students[student].school
        best: tuple[float, int] | None = None
        for therapist, unfit in data.choices[student].items():
            extra = data.demand[student]
            cost = float(weights.unscheduled_line * unfit)
            cost += _moved_cost(problem, data, student, therapist)
            new_school = (
                data.demand[student] > 0
                and school not in data.home[therapist]
                and (therapist, school) not in served
            )
            if new_school:
                extra += data.travel[therapist, school]
                cost += weights.travel_minute * data.travel[therapist, school]
                cost += weights.school_change
                # No drive to any school they already serve: their week splits.
                theirs = data.home[therapist] | schools_of[therapist]
                if theirs and all(problem.travel[school][k] is None for k in theirs):
                    cost += weights.unscheduled_line
            after = load[therapist] + extra
            overflow = windows.overflow(student, therapist)
            overflow += max(0, after - data.capacity[therapist])
            overflow -= max(0, load[therapist] - data.capacity[therapist])
            cost += _overflow_weight(problem) * overflow
            # Balance: the load per FTE this student would leave the therapist with.
            cost += weights.workload_spread_minute * 100 * after / data.fte[therapist]
            if best is None or cost < best[0]:
                best = (cost, therapist)
        assert best is not None
        therapist = best[1]
        chosen[student] = therapist
        load[therapist] += data.demand[student]
        windows.add(student, therapist)
        if data.demand[student] > 0 and school not in data.home[therapist]:
            if (therapist, school) not in served:
                load[therapist] += data.travel[therapist, school]
            served.add((therapist, school))
            schools_of[therapist].add(school)
    return tuple(chosen)


# --- the model -----------------------------------------------------------------


def assign_students(
    problem: Problem, seed: int = 0, time_limit: float = 5.0, workers: int = ASSIGN_WORKERS
) -> tuple[int | None, ...]:
    """A therapist for every student who has a candidate (None for one who has none):
    the greedy assignment, improved by the model (`workers` CP-SAT workers) and by
    `relieve` within `time_limit` seconds."""
    data = prepare_assignment(problem)
    greedy = greedy_assignment(problem, data)
    free = [s for s, t in enumerate(data.fixed) if t is None and len(data.choices[s]) > 1]
    if not free or time_limit <= 0:
        return greedy
    started = time.monotonic()
    start = _in_force_start(data, greedy, free)
    improved = _solve_model(problem, data, start, seed, MODEL_SHARE * time_limit, workers)
    chosen = start if improved is None else improved
    movable = [s for s in free if data.in_force[s] is None]
    return relieve(problem, chosen, movable, started + time_limit)


def _in_force_start(
    data: AssignData, greedy: tuple[int | None, ...], free: list[int]
) -> tuple[int | None, ...]:
    """The model's starting point: the schedule in force's therapists when every free
    student has one there among their candidates (the model then keeps that choice
    unless it finds a better one), else the greedy pass."""
    kept = list(greedy)
    for student in free:
        before = data.in_force[student]
        if before is None or before[0] not in data.choices[student]:
            return greedy
        kept[student] = before[0]
    return tuple(kept)


def _solve_model(
    problem: Problem,
    data: AssignData,
    start: tuple[int | None, ...],
    seed: int,
    time_limit: float,
    workers: int,
) -> tuple[int | None, ...] | None:
    weights = problem.weights
    model = cp_model.CpModel()
    therapists = range(len(problem.therapists))
    choose: dict[tuple[int, int], cp_model.IntVar] = {}
    load_terms: dict[int, list[cp_model.LinearExprT]] = defaultdict(list)
    fixed_load = [0] * len(problem.therapists)
    cost_terms: list[cp_model.LinearExprT] = []
    serving: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    forced_served: set[tuple[int, int]] = set()

    assigned: dict[tuple[int, int], cp_model.LinearExprT] = {}
    for student, options in enumerate(data.choices):
        school = problem.students[student].school
        if not options:
            continue
        if len(options) == 1:
            ((therapist, unfit),) = options.items()
            assigned[student, therapist] = 1
            fixed_load[therapist] += data.demand[student]
            if data.demand[student] > 0 and school not in data.home[therapist]:
                forced_served.add((therapist, school))
            continue
        literals = []
        for therapist, unfit in options.items():
            literal = model.new_bool_var(f"assign_{student}_{therapist}")
            choose[student, therapist] = assigned[student, therapist] = literal
            literals.append(literal)
            load_terms[therapist].append(data.demand[student] * literal)
            penalty = weights.unscheduled_line * unfit + _moved_cost(
                problem, data, student, therapist
            )
            if penalty:
                cost_terms.append(penalty * literal)
            if data.demand[student] > 0 and school not in data.home[therapist]:
                serving[therapist, school].append(literal)
            model.add_hint(literal, start[student] == therapist)
        model.add_exactly_one(literals)

    travel_load: dict[int, list[cp_model.LinearExprT]] = defaultdict(list)
    serves: dict[tuple[int, int], cp_model.IntVar | int] = {
        (t, school): 1 for t, schools in enumerate(data.home) for school in schools
    }
    serves.update((key, 1) for key in forced_served)
    for (therapist, school), literals in serving.items():
        minutes = data.travel[therapist, school]
        if (therapist, school) in forced_served:
            continue
        served = serves[therapist, school] = model.new_bool_var(f"serves_{therapist}_{school}")
        for literal in literals:
            model.add_implication(literal, served)
        model.add_bool_or(literals).only_enforce_if(served)
        travel_load[therapist].append(minutes * served)
        cost_terms.append((weights.travel_minute * minutes + weights.school_change) * served)
    for therapist, school in forced_served:
        fixed_load[therapist] += data.travel[therapist, school]

    top = sum(data.demand) + sum(data.travel.values()) + 1
    most = model.new_int_var(0, 100 * top, "most_per_fte")
    least = model.new_int_var(0, 100 * top, "least_per_fte")
    overflow_weight = _overflow_weight(problem)
    for therapist in therapists:
        load = fixed_load[therapist] + cp_model.LinearExpr.sum(
            [*load_terms[therapist], *travel_load[therapist]]
        )
        fte = data.fte[therapist]
        model.add(most * fte >= 100 * load)
        model.add(least * fte <= 100 * load)
        over = model.new_int_var(0, top, f"overflow_{therapist}")
        model.add(over >= load - data.capacity[therapist])
        cost_terms.append(overflow_weight * over)
    cost_terms.append(weights.workload_spread_minute * (most - least))
    cost_terms += add_window_room(model, problem, data.demand, assigned, overflow_weight)
    cost_terms += add_schools_apart(model, problem, serves)
    model.minimize(sum(cost_terms))

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    chosen = list(start)
    for (student, therapist), literal in choose.items():
        if solver.boolean_value(literal):
            chosen[student] = therapist
    return tuple(chosen)
