"""Rule families of place: school visits, driving between them, and its cost.

Modelling choice: on one day the therapist visits each school at most once, as one
contiguous block of sessions `[first, last)`. The visits of a day form one route
(a circuit through a "home" node, CP-SAT's AddCircuit), and a drive from one visit
to the next leaves at `last` and arrives by the next visit's `first`. Coming back
to a school later the same day (A, B, A) is not modelled: it only adds driving.
There is no cap on the number of schools a day; a therapist's 2-6 schools keep
the circuit tiny.
"""

from __future__ import annotations

from itertools import permutations

from ortools.sat.python import cp_model

from schoolot.solver.problem import Problem
from schoolot.solver.week_model import Penalty, WeekModel


def leg_minutes(problem: Problem, a: int, b: int) -> int:
    """Minutes a drive between two different schools takes in the schedule: the travel
    minutes, and at least one (a travel leg is never empty, even on a shared campus)."""
    return max(1, problem.travel[a][b] or 0)


def leg_steps(problem: Problem, a: int, b: int) -> int:
    """Grid steps a drive occupies (visit spans are kept in grid steps)."""
    return -(-leg_minutes(problem, a, b) // problem.grid)


def add_school_visits(wm: WeekModel) -> None:
    """A held session at a school makes that day's visit; a visit holds a session;
    schools with no travel row are not both visited on one day. A visit spans
    `[first, last)` in grid steps."""
    model, data = wm.model, wm.data
    for day in data.days:
        low = min(data.options[o].start for o in wm.on_day[day]) // data.grid
        high = max(
            data.slots(data.options[o].start, data.options[o].end).stop for o in wm.on_day[day]
        )
        for school in data.schools_by_day[day]:
            visit = model.new_bool_var(f"visit_d{day}_s{school}")
            first = model.new_int_var(low, high, f"first_d{day}_s{school}")
            last = model.new_int_var(low, high, f"last_d{day}_s{school}")
            wm.visit[day, school], wm.first[day, school], wm.last[day, school] = visit, first, last
            held_here = [wm.held[o] for o in wm.at_school[day, school]]
            for index, held in zip(wm.at_school[day, school], held_here, strict=True):
                slots = data.slots(data.options[index].start, data.options[index].end)
                model.add_implication(held, visit)
                model.add(first <= slots.start).only_enforce_if(held)
                model.add(last >= slots.stop).only_enforce_if(held)
            model.add_bool_or(held_here).only_enforce_if(visit)
            model.add(first <= last)
        schools = data.schools_by_day[day]
        for i, a in enumerate(schools):
            for b in schools[i + 1 :]:
                if wm.problem.travel[a][b] is None:
                    model.add_bool_or([wm.visit[day, a].Not(), wm.visit[day, b].Not()])


def add_driving(wm: WeekModel) -> None:
    """On a day with several schools, the visits follow one route with the travel
    minutes between consecutive visits, and lunch does not overlap a drive."""
    model, data = wm.model, wm.data
    for day in data.days:
        schools = data.schools_by_day[day]
        if len(schools) < 2:
            continue
        visits = [wm.visit[day, school] for school in schools]
        stays_home = model.new_bool_var(f"no_visit_d{day}")
        model.add_bool_or([stays_home, *visits])
        for visit in visits:
            model.add_bool_or([stays_home.Not(), visit.Not()])
        arcs: list[tuple[int, int, cp_model.LiteralT]] = [(0, 0, stays_home)]
        for node, visit in enumerate(visits, start=1):
            arcs.append((node, node, visit.Not()))
            arcs.append((0, node, model.new_bool_var(f"leave_home_d{day}_{node}")))
            arcs.append((node, 0, model.new_bool_var(f"go_home_d{day}_{node}")))
        for (i, a), (j, b) in permutations(enumerate(schools, start=1), 2):
            if wm.problem.travel[a][b] is None:
                continue
            drive = model.new_bool_var(f"drive_d{day}_{a}_{b}")
            wm.drive[day, a, b] = drive
            arcs.append((i, j, drive))
            steps = leg_steps(wm.problem, a, b)
            model.add(wm.last[day, a] + steps <= wm.first[day, b]).only_enforce_if(drive)
        model.add_circuit(arcs)
        _lunch_clear_of_driving(wm, day)


def _lunch_clear_of_driving(wm: WeekModel, day: int) -> None:
    model = wm.model
    lunch = wm.lunch.get(day)
    drives = [(a, b, literal) for (d, a, b), literal in wm.drive.items() if d == day]
    if not lunch or not drives:
        return
    grid = wm.data.grid
    lunch_start = model.new_int_var(min(lunch) // grid, max(lunch) // grid, f"lunch_start_d{day}")
    model.add(lunch_start == sum(start // grid * literal for start, literal in lunch.items()))
    lunch_steps = len(wm.data.slots(0, wm.data.lunch_minutes))
    intervals = [model.new_fixed_size_interval_var(lunch_start, lunch_steps, f"lunch_d{day}")]
    for a, b, literal in drives:
        intervals.append(
            model.new_optional_fixed_size_interval_var(
                wm.last[day, a], leg_steps(wm.problem, a, b), literal, f"drive_d{day}_{a}_{b}"
            )
        )
    model.add_no_overlap(intervals)


def travel_penalties(wm: WeekModel) -> list[Penalty]:
    weights = wm.problem.weights
    minutes = sum(
        leg_minutes(wm.problem, a, b) * literal for (_, a, b), literal in wm.drive.items()
    )
    changes = sum(wm.drive.values())
    return [
        Penalty("travel minutes", weights.travel_minute, minutes),
        Penalty("school changes", weights.school_change, changes),
    ]
