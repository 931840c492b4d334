"""The scheduler's entry point: assign, solve each therapist's week, improve, merge.

1. `assign_students` gives every unpinned student a therapist, within what the
   students' free windows hold (`assign_windows`, `contention`).
2. `analyse` proves which lines cannot be met at all; they stay out of the models.
3. The by-hand baseline (`schedule_by_hand`) is a complete valid schedule at once:
   the warm start of every week, and the answer for any week the search cannot
   reach before a cancel.
4. Each therapist's week is its own CP-SAT model, solved in parallel processes
   (at most one per CPU), the most work first, each with a share of the time left
   in proportion to its work (its lines, and the lines the baseline leaves out).
5. With time to spare (and students free to move), neighbourhoods: students with
   lines left out move to the candidate therapist sharing their school whose solved
   week has room for most of their lines; both weeks are re-solved, and the move
   stays when they score better and meet no fewer lines.
6. The weeks merge into one `Solution`; every unscheduled line gets a reason; the
   result is validated, and a broken rule raises (a bug: never stored).

Worker processes start from a fork server (safe in a threaded web or job process),
which re-imports the caller's main module: a script that calls `solve` needs the
usual `if __name__ == "__main__":` guard, as for any multiprocessing code.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from schoolot.solver.assign import assign_students
from schoolot.solver.baseline import schedule_by_hand
from schoolot.solver.explain import explain_dropped
from schoolot.solver.needs import shortfall_words
from schoolot.solver.neighbourhoods import neighbourhoods
from schoolot.solver.problem import PlacedSession, Problem
from schoolot.solver.proofs import analyse
from schoolot.solver.repair import place_lines_that_fit
from schoolot.solver.runner import Progress, Runner, Tally, WeekTask
from schoolot.solver.solution import Session, Solution, SolveStats, TravelLeg, Unscheduled
from schoolot.solver.time_bound import lines_out_of_reach
from schoolot.solver.validate import validate
from schoolot.solver.week import WeekResult, sessions_as_placed

# CP-SAT search workers per week when the caller does not say. On 2 cores, two
# workers (one full search, one running CP-SAT's neighbourhood searches) improve a
# week from its hint far better than one, and more than two only share the cores.
DEFAULT_WEEK_WORKERS = 2
# ... unless the district is one week (one therapist): that week has the machine to
# itself, and CP-SAT's portfolio of eight workers includes the LP worker (max_lp)
# that proves its bound; with two workers the bound stays 0 (measured on the *one*
# size: bound 0 with 2 workers, 1480 with 8, the objective alike).
LONE_WEEK_WORKERS = 8
# Share of the time limit spent assigning students (at most MAX_ASSIGN_SECONDS).
ASSIGN_SHARE = 0.05
MAX_ASSIGN_SECONDS = 10.0
# Kept back at the end for merging, reasons and validation.
RESERVE_SHARE = 0.05
# Share of the time limit spent proving how many lines each week can meet at most.
BOUND_SHARE = 0.05
MAX_BOUND_SECONDS = 5.0
# A week's claim on the search time: one unit per this many of its lines, and one per
# line the by-hand baseline leaves out (a week the baseline meets in full only needs
# polishing; an over-loaded one needs the search).
LINES_PER_WEIGHT = 10
# Share of the time limit kept for neighbourhood moves when there are several weeks.
NEIGHBOURHOOD_SHARE = 0.2


class Cancelled(Exception):
    """The solve was stopped before any valid schedule existed."""


class LockedSessionError(Exception):
    """Locked sessions of the schedule in force can no longer be kept (a free window
    or working hours changed, or two of them clash): a coordinator must unlock them."""

    def __init__(self, problem: Problem, sessions: Sequence[PlacedSession]) -> None:
        names = [
            f"{problem.therapists[p.therapist].code} {problem.weekdays[p.day]} "
            f"{p.start // 60:02d}:{p.start % 60:02d} at {problem.schools[p.school].code} "
            f"({', '.join(problem.services[j].code for j in p.services)})"
            for p in sessions
        ]
        super().__init__(
            "locked sessions can no longer be kept where they are; unlock or move them: "
            + "; ".join(names)
        )
        self.sessions = list(sessions)


class InvalidSchedule(Exception):
    """The merged schedule breaks a hard rule: a bug in the solver, never to be stored."""

    def __init__(self, errors: Sequence[str]) -> None:
        super().__init__("the solver produced an invalid schedule:\n" + "\n".join(errors[:20]))
        self.errors = list(errors)


# --- the entry point -----------------------------------------------------------


def solve(
    problem: Problem,
    time_limit: float = 60.0,
    seed: int = 0,
    workers: int | None = None,
    on_progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Solution:
    """The weekly schedule of `problem` within about `time_limit` seconds.

    `workers` is the number of CP-SAT search workers per week (one makes a solve
    repeatable with a fixed `seed`; None picks DEFAULT_WEEK_WORKERS, or
    LONE_WEEK_WORKERS when there is one week); weeks run in
    up to os.cpu_count() processes. `on_progress(seconds, objective, bound, counts)`
    follows the search (`counts`: the lines met so far and the most that can be);
    `should_stop()` returning True ends it promptly with the best schedule found so far
    (raising `Cancelled` when there is none yet).
    """
    started = time.monotonic()

    def stopped() -> bool:
        return should_stop is not None and should_stop()

    plan = _prepare(problem, time_limit, seed, workers, started, stopped)
    weeks = {t: len(plan.lines_of[t]) for t in plan.weeks}
    tally = Tally(problem, weeks, plan.floors, started)
    runner = Runner(problem, tally, on_progress, stopped)
    assignments, results = _search(problem, plan, runner)
    results = _complete_weeks(problem, plan, results)
    solution = _merge(problem, assignments, plan.proofs, results)
    solution = place_lines_that_fit(problem, assignments, solution, plan.proofs)
    errors = validate(problem, solution)
    if errors:
        raise InvalidSchedule(errors)
    stats = _stats(results, tally, plan.baseline_seconds, seed, started)
    most = _most_lines_met(
        problem, plan.assignments, assignments, plan.proofs, plan.floors, plan.proven_dropped
    )
    reach = {t: n for t, n in plan.proven_dropped.items() if t in plan.floors}
    needs = shortfall_words(problem, solution, plan.proofs, reach)
    return replace(solution, stats=replace(stats, most_lines_met=most, shortfalls=needs))


@dataclass
class _Plan:
    """What the search starts from: the students' therapists, the lines proven out,
    the by-hand baseline, and each therapist's week to solve (biggest first)."""

    time_limit: float
    deadline: float
    seed: int
    week_workers: int
    assignments: tuple[int | None, ...]
    proofs: dict[int, str]
    baseline: Solution
    baseline_seconds: float
    students_of: dict[int, list[int]]
    lines_of: dict[int, list[int]]
    weeks: list[int]
    # Lower bounds on weeks' objectives from shortfalls; a neighbourhood move voids
    # the two weeks' floors.
    floors: dict[int, float]
    proven_dropped: dict[int, int]
    in_force: set[int]

    def task(
        self,
        therapist: int,
        students: Sequence[int],
        seconds: float,
        hints: Sequence[PlacedSession],
    ) -> WeekTask:
        return WeekTask(
            therapist=therapist,
            students=tuple(students),
            excluded=tuple(sorted(self.proofs)),
            hints=() if therapist in self.in_force else tuple(hints),
            time_limit=seconds,
            seed=self.seed,
            workers=self.week_workers,
        )

    def first_tasks(self) -> list[WeekTask]:
        """Every week, hinted with the baseline's, weighed by the work left in it (its
        lines, and ten times the lines the baseline leaves out), the most first."""
        baseline_of = _sessions_by_therapist(self.baseline)
        tasks = []
        for t in self.weeks:
            sessions = baseline_of[t].sessions
            met = {j for session in sessions for j in session.services}
            left_out = sum(1 for j in self.lines_of[t] if j not in met)
            task = self.task(t, self.students_of[t], 0.0, sessions_as_placed(sessions))
            weight = len(self.lines_of[t]) / LINES_PER_WEIGHT + left_out
            tasks.append(replace(task, weight=weight))
        return sorted(tasks, key=lambda task: -task.weight)


def _prepare(
    problem: Problem,
    time_limit: float,
    seed: int,
    workers: int | None,
    started: float,
    stopped: Callable[[], bool],
) -> _Plan:
    """Steps 1-3: assign students, prove lines out, build the baseline."""
    assign_seconds = min(MAX_ASSIGN_SECONDS, ASSIGN_SHARE * time_limit)
    assignments = assign_students(problem, seed=seed, time_limit=assign_seconds)
    if stopped():
        raise Cancelled("stopped while assigning students")
    proofs = analyse(problem, assignments)
    baseline = schedule_by_hand(problem, assignments)
    baseline_seconds = time.monotonic() - started
    students_of, lines_of = _caseloads(problem, assignments, proofs)
    weeks = sorted(lines_of, key=lambda t: -len(lines_of[t]))
    if workers is None:
        workers = LONE_WEEK_WORKERS if len(weeks) == 1 else DEFAULT_WEEK_WORKERS
    floors, proven_dropped = _unmet_floors(
        problem, assignments, proofs, min(MAX_BOUND_SECONDS, BOUND_SHARE * time_limit)
    )
    return _Plan(
        time_limit=time_limit,
        deadline=started + time_limit,
        seed=seed,
        week_workers=workers,
        assignments=tuple(assignments),
        proofs=proofs,
        baseline=baseline,
        baseline_seconds=baseline_seconds,
        students_of=students_of,
        lines_of=lines_of,
        weeks=weeks,
        floors=floors,
        proven_dropped=proven_dropped,
        in_force={p.therapist for p in problem.in_force},
    )


def _caseloads(
    problem: Problem, assignments: Sequence[int | None], proofs: dict[int, str]
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Each therapist's students, and their lines not proven out."""
    students_of: dict[int, list[int]] = defaultdict(list)
    for student, therapist in enumerate(assignments):
        if therapist is not None:
            students_of[therapist].append(student)
    lines_of: dict[int, list[int]] = defaultdict(list)
    for index, line in enumerate(problem.services):
        therapist = assignments[line.student]
        if therapist is not None and index not in proofs:
            lines_of[therapist].append(index)
    return students_of, lines_of


def _search(
    problem: Problem, plan: _Plan, runner: Runner
) -> tuple[tuple[int | None, ...], dict[int, WeekResult]]:
    """Steps 4-5: every week, then neighbourhood moves with the time left; the final
    assignments and weeks."""
    reserve = RESERVE_SHARE * plan.time_limit
    assignments = plan.assignments
    try:
        tasks = plan.first_tasks()
        # Weeks first; a share of the time stays for neighbourhoods when a student may
        # move to another of several weeks.
        movable = len(tasks) > 1 and _any_movable(problem, plan.assignments)
        moves = NEIGHBOURHOOD_SHARE * plan.time_limit if movable else 0.0
        results = runner.run(tasks, plan.deadline - reserve - moves)
        if not runner.cancelled:
            assignments, results = neighbourhoods(
                problem,
                assignments,
                plan.proofs,
                results,
                runner,
                plan.task,
                plan.deadline - reserve,
            )
            _void_floors(plan.floors, plan.assignments, assignments)
    except BaseException:
        # Interrupted (Ctrl-C, an error): the workers stop now, not at their time limits.
        runner.stop_workers()
        raise
    finally:
        runner.close()
    return assignments, results


def _any_movable(problem: Problem, assignments: Sequence[int | None]) -> bool:
    """Whether some unpinned student has a candidate therapist besides their own."""
    return any(
        student.therapist is None and bool(student.candidates - {assignments[index]})
        for index, student in enumerate(problem.students)
    )


def _void_floors(
    floors: dict[int, float], before: Sequence[int | None], after: Sequence[int | None]
) -> None:
    """A week that lost or gained a student: its floor no longer holds."""
    for old, new in zip(before, after, strict=True):
        if old != new:
            for therapist in (old, new):
                if therapist is not None:
                    floors.pop(therapist, None)


def _complete_weeks(
    problem: Problem, plan: _Plan, results: dict[int, WeekResult]
) -> dict[int, WeekResult]:
    """Every week's result: locked sessions kept (else `LockedSessionError`), the
    baseline's week for one cancelled before it was solved, each bound raised to the
    week's floor."""
    broken = [p for r in results.values() for p in r.broken_locks]
    if broken:
        raise LockedSessionError(problem, broken)
    for therapist in plan.weeks:
        if therapist not in results:
            results[therapist] = _baseline_week(
                plan.baseline, problem, therapist, plan.lines_of[therapist]
            )
    return {
        t: replace(r, bound=max(r.bound, min(plan.floors.get(t, 0.0), r.objective)))
        for t, r in results.items()
    }


def _most_lines_met(
    problem: Problem,
    first_assignments: Sequence[int | None],
    assignments: Sequence[int | None],
    proofs: dict[int, str],
    floors: dict[int, float],
    proven_dropped: dict[int, int],
) -> int:
    """Lines owed less those proven out for the final assignments: a line's own proof
    holds while its student keeps their therapist; a week's shortfall while its floor
    stands (a neighbourhood move voids it)."""
    kept = sum(
        1
        for line in proofs
        if assignments[problem.services[line].student]
        == first_assignments[problem.services[line].student]
    )
    short = sum(dropped for t, dropped in proven_dropped.items() if t in floors)
    return len(problem.services) - kept - short


def _unmet_floors(
    problem: Problem,
    assignments: Sequence[int | None],
    proofs: dict[int, str],
    seconds: float = 1.0,
) -> tuple[dict[int, float], dict[int, int]]:
    """Per therapist, a lower bound on their week's objective: the lines of theirs no
    valid week meets (`lines_out_of_reach`: their minutes against their days and
    windows, proven within about `seconds`) go unscheduled. Also, per therapist, how
    many lines that is."""
    dropped = lines_out_of_reach(problem, assignments, proofs, seconds)
    floors = {t: float(problem.weights.unscheduled_line * n) for t, n in dropped.items()}
    return floors, dropped


def _sessions_by_therapist(solution: Solution) -> dict[int, _Week]:
    weeks: dict[int, _Week] = defaultdict(_Week)
    for session in solution.sessions:
        weeks[session.therapist].sessions.append(session)
    for leg in solution.travel:
        weeks[leg.therapist].travel.append(leg)
    return weeks


@dataclass
class _Week:
    sessions: list[Session]
    travel: list[TravelLeg]

    def __init__(self) -> None:
        self.sessions, self.travel = [], []


def _baseline_week(
    baseline: Solution, problem: Problem, therapist: int, lines: Sequence[int]
) -> WeekResult:
    week = _sessions_by_therapist(baseline)[therapist]
    met = {s for session in week.sessions for s in session.services}
    return WeekResult(
        therapist=therapist,
        sessions=tuple(week.sessions),
        travel=tuple(week.travel),
        met=tuple(sorted(met)),
        unmet=tuple(j for j in lines if j not in met),
        status="FEASIBLE",
        objective=float(problem.weights.unscheduled_line * sum(1 for j in lines if j not in met)),
        bound=0.0,
        seconds=0.0,
        first_solution_seconds=0.0,
    )


# --- merging ---------------------------------------------------------------------


def _merge(
    problem: Problem,
    assignments: tuple[int | None, ...],
    proofs: dict[int, str],
    results: dict[int, WeekResult],
) -> Solution:
    sessions: list[Session] = []
    travel: list[TravelLeg] = []
    met: set[int] = set()
    for therapist in sorted(results):
        result = results[therapist]
        sessions.extend(result.sessions)
        travel.extend(result.travel)
        met.update(j for s in result.sessions for j in s.services)
    # explain_dropped reads the sessions of the line's own therapist only.
    own_week = {
        therapist: Solution(assignments, result.sessions, result.travel, ())
        for therapist, result in results.items()
    }
    empty = Solution(assignments, (), (), ())
    unscheduled = []
    for index, line in enumerate(problem.services):
        if index in met:
            continue
        reason = proofs.get(index)
        if reason is None:
            owner = assignments[line.student]
            week = own_week.get(owner, empty) if owner is not None else empty
            reason = explain_dropped(problem, assignments, week, index)
        unscheduled.append(Unscheduled(index, reason))
    return Solution(assignments, tuple(sessions), tuple(travel), tuple(unscheduled))


def _stats(
    results: dict[int, WeekResult],
    tally: Tally,
    baseline_seconds: float,
    seed: int,
    started: float,
) -> SolveStats:
    statuses = {r.status for r in results.values()}
    if not results or statuses == {"OPTIMAL"}:
        status = "OPTIMAL"
    elif statuses <= {"OPTIMAL", "FEASIBLE"}:
        status = "FEASIBLE"
    else:
        status = "UNKNOWN"
    objective = sum(r.objective for r in results.values() if not math.isnan(r.objective))
    bound = sum(r.bound for r in results.values())
    return SolveStats(
        status=status,
        objective=float(objective),
        bound=float(min(bound, objective)),
        seconds=time.monotonic() - started,
        first_solution_seconds=baseline_seconds,
        seed=seed,
        progress=tuple(tally.history),
    )
