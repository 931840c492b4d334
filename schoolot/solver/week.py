"""One therapist's week as a CP-SAT model: build it, solve it, read the sessions back.

The data comes prepared (week_data.prepare_week); each rule family lives in its own
module and adds to one `WeekModel`; `build_objective` is the one place the soft
rules' penalties are weighed (Problem.weights).
"""

from __future__ import annotations

import dataclasses
import itertools
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from ortools.sat.python import cp_model

from schoolot.solver.problem import PlacedSession, Problem, Weights
from schoolot.solver.solution import Session, TravelLeg
from schoolot.solver.week_data import WeekData, prepare_week
from schoolot.solver.week_greedy import GREEDY_SHARE, best_greedy_week
from schoolot.solver.week_groups import add_group_rules
from schoolot.solver.week_model import Penalty, WeekModel
from schoolot.solver.week_replan import add_hints, add_locked, moved_penalties
from schoolot.solver.week_ruin import recreate_more
from schoolot.solver.week_time import (
    add_lunch,
    add_minutes_owed,
    add_one_place_at_a_time,
    drift_penalty,
    idle_penalty,
    session_minutes_penalty,
    unscheduled_penalty,
    weekday_penalty,
)
from schoolot.solver.week_travel import (
    add_driving,
    add_school_visits,
    leg_minutes,
    travel_penalties,
)

# A week whose start leaves lines out first looks for more lines met alone, by ruin
# and recreate on the greedy week (week_ruin), for this share of its seconds.
COVERAGE_SHARE = 0.5

# report(seconds, objective, bound) on every improving solution.
Report = Callable[[float, float, float], None]


class StopFlag(Protocol):
    def is_set(self) -> bool: ...


@dataclass(frozen=True)
class WeekResult:
    therapist: int
    sessions: tuple[Session, ...]
    travel: tuple[TravelLeg, ...]
    met: tuple[int, ...]
    unmet: tuple[int, ...]
    status: str
    objective: float
    bound: float
    seconds: float
    first_solution_seconds: float | None
    # Locked sessions that break a hard rule now, so could not stay.
    broken_locks: tuple[PlacedSession, ...] = ()
    penalties: tuple[tuple[str, int], ...] = ()

    @property
    def has_solution(self) -> bool:
        return self.status in ("OPTIMAL", "FEASIBLE")


def build_week_model(
    problem: Problem,
    data: WeekData,
    in_force: Sequence[PlacedSession] = (),
    hints: Iterable[PlacedSession] = (),
    prefer_hints: bool = False,
) -> tuple[WeekModel, list[Penalty], list[PlacedSession]]:
    """The model of `data`'s week; returns it, its penalties and the locked sessions
    that could not be kept. Sessions of `in_force` for this therapist are hints (and
    their moves cost); without any, or with `prefer_hints`, `hints` warm-starts the
    search."""
    wm = WeekModel(problem, data)
    wm.index_options()
    _create_decisions(wm)
    add_minutes_owed(wm)
    add_group_rules(wm)
    add_lunch(wm)
    add_one_place_at_a_time(wm)
    add_school_visits(wm)
    add_driving(wm)
    broken = add_locked(wm, in_force)
    penalties = [
        *unscheduled_penalty(wm),
        *travel_penalties(wm),
        *session_minutes_penalty(wm),
        *idle_penalty(wm),
        *drift_penalty(wm),
        *weekday_penalty(wm),
        *moved_penalties(wm, in_force),
    ]
    build_objective(wm, penalties)
    mine = [placed for placed in in_force if placed.therapist == data.therapist]
    add_hints(wm, mine if mine and not prefer_hints else hints)
    return wm, penalties, broken


def _create_decisions(wm: WeekModel) -> None:
    model = wm.model
    for option in wm.data.options:
        held = model.new_bool_var(f"held_{option.index}")
        wm.held.append(held)
        if option.grouped:
            for service in option.lines:
                wm.member[option.index, service] = model.new_bool_var(
                    f"member_{option.index}_{service}"
                )
        else:
            wm.member[option.index, option.lines[0]] = held
    for line in wm.data.lines:
        wm.met[line.service] = model.new_bool_var(f"met_{line.service}")


def build_objective(wm: WeekModel, penalties: Sequence[Penalty]) -> None:
    """The one place where the soft rules are weighed against each other (by
    Problem.weights: a solve's option reweighs them by a WEIGHT_PROFILES entry)."""
    wm.model.minimize(sum(penalty.weight * penalty.expr for penalty in penalties))


@dataclass(frozen=True)
class WeightProfile:
    """A named weighing of the soft rules: each named weight of `Weights` times its
    factor (rounded, at least 1); the lines met always weigh the same, so a profile never
    trades a line away. `figure` names the schedule figure it favours
    (solver.options.Figures)."""

    name: str
    label: str
    figure: str
    factors: tuple[tuple[str, float], ...]

    def weigh(self, weights: Weights) -> Weights:
        return dataclasses.replace(
            weights,
            **{
                name: max(1, round(getattr(weights, name) * factor))
                for name, factor in self.factors
            },
        )


# A profile that favours its own figure weighs keeping the schedule in force at this
# share: still a tie-breaker (nothing moves for nothing), no longer a wall against
# re-planning the week (measured on the demo re-planned: at full weight every option
# kept the schedule in force and all three collapsed into one).
LOOSER_MOVES = (("moved_session", 0.1), ("moved_student", 0.1))
# The options of a solve (`solver.options`), in the order they are tried.
WEIGHT_PROFILES = {
    profile.name: profile
    for profile in (
        WeightProfile(
            "drives",
            "Fewer drives",
            "travel_minutes",
            (("travel_minute", 4), ("school_change", 4), *LOOSER_MOVES),
        ),
        WeightProfile(
            "moves", "Fewer moves", "moved_sessions", (("moved_session", 4), ("moved_student", 4))
        ),
        WeightProfile(
            "compact", "More compact days", "idle_minutes", (("idle_minute", 20), *LOOSER_MOVES)
        ),
        WeightProfile("balanced", "Balanced", "lines_met", ()),
    )
}


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, started: float, report: Report | None) -> None:
        super().__init__()
        self.started = started
        self.report = report
        self.first: float | None = None

    def on_solution_callback(self) -> None:
        seconds = time.monotonic() - self.started
        if self.first is None:
            self.first = seconds
        if self.report is not None:
            self.report(seconds, self.objective_value, self.best_objective_bound)


def _solve_watched(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    callback: cp_model.CpSolverSolutionCallback | None,
    stop: StopFlag | None,
) -> cp_model.CpSolverStatus:
    """`solver.solve(model, callback)`, stopped promptly once `stop` is set."""
    done = threading.Event()
    watcher = None
    if stop is not None:
        watcher = threading.Thread(target=_watch_stop, args=(stop, solver, done), daemon=True)
        watcher.start()
    try:
        return solver.solve(model, callback)
    finally:
        done.set()
        if watcher is not None:
            watcher.join()


def _watch_stop(stop: StopFlag, solver: cp_model.CpSolver, done: threading.Event) -> None:
    while not done.wait(0.05):
        if stop.is_set():
            solver.stop_search()
            return


def solve_week(
    problem: Problem,
    therapist: int,
    students: Iterable[int],
    *,
    time_limit: float = 10.0,
    seed: int = 0,
    workers: int = 1,
    excluded: Iterable[int] = (),
    hints: Iterable[PlacedSession] = (),
    report: Report | None = None,
    stop: StopFlag | None = None,
    log: bool = False,
) -> WeekResult:
    """Schedule `therapist`'s week for the lines of `students` (minus `excluded`).

    The search starts from the therapist's sessions in force, else from the better
    of `hints` (the baseline's week) and a greedy week, completed and scored with its
    sessions fixed; if the search finds nothing better in time, that week stands.
    `workers` is CP-SAT's num_workers; `stop.is_set()` ends the search promptly.
    """
    started = time.monotonic()
    given = list(hints)
    data = prepare_week(problem, therapist, students, excluded, [*problem.in_force, *given])
    start = best_greedy_week(problem, data, seed, GREEDY_SHARE * time_limit)
    greedy = start.sessions()
    hint_list = _better_start(given, greedy)
    # The week in force (when there is one) is the hint, unless ruin and recreate finds
    # a week that meets more lines: lines outweigh moved sessions, and a caseload that
    # changed (a balance, a what-if) leaves the week in force short. (The greedy week
    # knows no locks: a week with locked sessions keeps the week in force as its hint.)
    mine = [p for p in problem.in_force if p.therapist == therapist]
    starts_with = _lines_of(data, mine) if mine else _lines(hint_list)
    prefer_hints = False
    locked = any(p.locked for p in mine)
    if not locked and starts_with < sum(1 for line in data.lines if line.can_fit):
        stopped = stop.is_set if stop is not None else None
        covered = recreate_more(start, COVERAGE_SHARE * time_limit, seed, stopped).sessions()
        if _lines(covered) > starts_with:
            hint_list = greedy = covered
            prefer_hints = True
    wm, penalties, broken = build_week_model(
        problem, data, problem.in_force, hint_list, prefer_hints=prefer_hints
    )
    result = _run(wm, penalties, broken, time_limit, seed, workers, report, stop, log, started)
    if result.status == "INFEASIBLE":
        # Locked sessions that clash with each other: keep the week, let them move.
        unlocked = [dataclasses.replace(p, locked=False) for p in problem.in_force]
        wm, penalties, broken = build_week_model(problem, data, unlocked, hint_list)
        remaining = max(0.1, time_limit - (time.monotonic() - started))
        result = _run(wm, penalties, broken, remaining, seed, workers, report, stop, log, started)
        held = tuple(p for p in problem.in_force if p.locked and p.therapist == therapist)
        result = dataclasses.replace(result, broken_locks=held)
    if not result.has_solution:
        result = greedy_result(problem, data, greedy, result)
    return result


def _lines(sessions: Sequence[PlacedSession]) -> int:
    return len({s for placed in sessions for s in placed.services})


def _lines_of(data: WeekData, sessions: Sequence[PlacedSession]) -> int:
    """Lines of this week that `sessions` give all their sessions."""
    count: dict[int, int] = {}
    for placed in sessions:
        for service in placed.services:
            count[service] = count.get(service, 0) + 1
    return sum(1 for line in data.lines if count.get(line.service) == line.sessions)


def _better_start(given: list[PlacedSession], greedy: list[PlacedSession]) -> list[PlacedSession]:
    """The start that meets more lines: the hints given (the baseline) or the greedy week."""
    return given if given and _lines(given) >= _lines(greedy) else greedy


def greedy_result(
    problem: Problem, data: WeekData, placed: Sequence[PlacedSession], failed: WeekResult
) -> WeekResult:
    """The greedy week as the answer when the search found nothing in time."""
    by_place = {(o.day, o.start, o.school, s): o for o in data.options for s in o.lines}
    sessions = []
    for p in placed:
        option = by_place[p.day, p.start, p.school, p.services[0]]
        sessions.append(
            Session(p.therapist, p.school, p.day, p.start, option.end, option.delivery, p.services)
        )
    sessions.sort(key=lambda s: (s.day, s.start))
    legs = []
    for a, b in itertools.pairwise(sessions):
        if a.day == b.day and a.school != b.school:
            leave = -(-a.end // data.grid) * data.grid
            arrive = leave + leg_minutes(problem, a.school, b.school)
            legs.append(TravelLeg(data.therapist, a.day, a.school, b.school, leave, arrive))
    met = {s for p in placed for s in p.services}
    return dataclasses.replace(
        failed,
        sessions=tuple(sessions),
        travel=tuple(legs),
        met=tuple(sorted(met)),
        unmet=tuple(line.service for line in data.lines if line.service not in met),
        status="FEASIBLE",
        objective=float("nan"),
        first_solution_seconds=failed.seconds,
    )


def _run(
    wm: WeekModel,
    penalties: Sequence[Penalty],
    broken: Sequence[PlacedSession],
    time_limit: float,
    seed: int,
    workers: int,
    report: Report | None,
    stop: StopFlag | None,
    log: bool,
    started: float,
) -> WeekResult:
    """First the hinted week, completed and scored with its sessions fixed (quick, and
    a complete hint lets the search start from it at once); then the search."""
    deadline = started + time_limit
    first: WeekResult | None = None
    completed = _solve_hint_only(wm, seed, max(0.1, min(5.0, time_limit / 2)))
    if completed is not None:
        _hint_everything(wm, completed)
        first = _result(wm, penalties, broken, completed, "FEASIBLE", 0.0, started)
        first = dataclasses.replace(first, first_solution_seconds=first.seconds)
        if report is not None:
            report(first.seconds, first.objective, 0.0)
    remaining = deadline - time.monotonic()
    if remaining <= 0.05 or (stop is not None and stop.is_set()):
        return first or _no_week(wm, broken, "UNKNOWN", started, 0.0)

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = remaining
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = workers
    # Presolve's full probing can take half of a few-second share; light probing
    # leaves that time to the search (measured: same or better weeks, sooner).
    solver.parameters.cp_model_probing_level = 1
    solver.parameters.log_search_progress = log
    progress = _Progress(started, report)
    status = _solve_watched(solver, wm.model, progress, stop)
    bound = max(0.0, solver.best_objective_bound)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        result = _result(wm, penalties, broken, solver, solver.status_name(status), bound, started)
        return dataclasses.replace(
            result,
            first_solution_seconds=first.seconds if first is not None else progress.first,
        )
    if first is not None:
        return dataclasses.replace(first, bound=min(bound, first.objective))
    return _no_week(wm, broken, solver.status_name(status), started, bound)


def _result(
    wm: WeekModel,
    penalties: Sequence[Penalty],
    broken: Sequence[PlacedSession],
    solver: cp_model.CpSolver,
    status: str,
    bound: float,
    started: float,
) -> WeekResult:
    return WeekResult(
        therapist=wm.data.therapist,
        sessions=_read_sessions(wm, solver),
        travel=_read_travel(wm, solver),
        met=tuple(s for s, met in wm.met.items() if solver.boolean_value(met)),
        unmet=tuple(s for s, met in wm.met.items() if not solver.boolean_value(met)),
        status=status,
        objective=solver.objective_value,
        bound=min(bound, solver.objective_value),
        seconds=time.monotonic() - started,
        first_solution_seconds=None,
        broken_locks=tuple(broken),
        penalties=tuple((p.name, p.weight * int(solver.value(p.expr))) for p in penalties),
    )


def _hint_everything(wm: WeekModel, solver: cp_model.CpSolver) -> None:
    """Replace the hint by the complete solution `solver` found."""
    model = wm.model
    model.clear_hints()
    for index in range(len(model.proto.variables)):
        variable = model.get_int_var_from_proto_index(index)
        model.add_hint(variable, solver.value(variable))


def _solve_hint_only(wm: WeekModel, seed: int, seconds: float) -> cp_model.CpSolver | None:
    """Solve the model with every hinted variable fixed to its hint (fast: the search
    only completes lunch and visits), or None when there is no usable hint."""
    if not wm.hint:
        return None
    fixed = wm.model.clone()
    for index, value in wm.hint.items():
        fixed.add(fixed.get_bool_var_from_proto_index(index) == value)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = 1
    if solver.solve(fixed) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return solver


def _no_week(
    wm: WeekModel,
    broken: Sequence[PlacedSession],
    status: str,
    started: float,
    bound: float,
) -> WeekResult:
    return WeekResult(
        therapist=wm.data.therapist,
        sessions=(),
        travel=(),
        met=(),
        unmet=tuple(line.service for line in wm.data.lines),
        status=status,
        objective=float("nan"),
        bound=bound,
        seconds=time.monotonic() - started,
        first_solution_seconds=None,
        broken_locks=tuple(broken),
    )


def _read_sessions(wm: WeekModel, solver: cp_model.CpSolver) -> tuple[Session, ...]:
    sessions = []
    for option in wm.data.options:
        if not solver.boolean_value(wm.held[option.index]):
            continue
        services = tuple(
            sorted(s for s in option.lines if solver.boolean_value(wm.member[option.index, s]))
        )
        sessions.append(
            Session(
                therapist=wm.data.therapist,
                school=option.school,
                day=option.day,
                start=option.start,
                end=option.end,
                delivery=option.delivery,
                services=services,
            )
        )
    return tuple(sorted(sessions, key=lambda s: (s.day, s.start)))


def _read_travel(wm: WeekModel, solver: cp_model.CpSolver) -> tuple[TravelLeg, ...]:
    legs = []
    for (day, a, b), drive in wm.drive.items():
        if solver.boolean_value(drive):
            leave = solver.value(wm.last[day, a]) * wm.data.grid
            minutes = leg_minutes(wm.problem, a, b)
            legs.append(TravelLeg(wm.data.therapist, day, a, b, leave, leave + minutes))
    return tuple(sorted(legs, key=lambda leg: (leg.day, leg.start)))


def sessions_as_placed(sessions: Iterable[Session]) -> list[PlacedSession]:
    """Sessions of a solution as hints for another solve."""
    return [PlacedSession(s.therapist, s.school, s.day, s.start, s.services) for s in sessions]
