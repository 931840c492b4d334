"""Runs therapists' weeks (`WeekTask`s): in this process when one CPU (or one week)
is all there is, else in a pool of worker processes started from a fork server;
forwards each week's progress to a `Tally` and a cancel to the workers."""

from __future__ import annotations

import math
import multiprocessing
import os
import queue
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from typing import Any

from schoolot.solver.problem import PlacedSession, Problem
from schoolot.solver.processes import die_with_parent
from schoolot.solver.week import StopFlag, WeekResult, solve_week


@dataclass(frozen=True)
class SearchCounts:
    """What the search's best schedule so far holds: the lines it meets (lines proven
    out before the search are not met), and the most its proofs and bounds allow."""

    lines_met: int
    most_lines_met: int | None = None
    drive_minutes: int | None = None
    idle_minutes: int | None = None


# on_progress(seconds, objective, bound, counts)
Progress = Callable[[float, float, float, SearchCounts], None]


@dataclass(frozen=True)
class WeekTask:
    """One therapist's week to solve: the unit of work of a worker process."""

    therapist: int
    students: tuple[int, ...]
    excluded: tuple[int, ...]
    hints: tuple[PlacedSession, ...]
    time_limit: float
    seed: int
    workers: int
    # The week's claim on the time left, against the other weeks of the same run: the
    # runner shares the seconds in proportion (see Runner._share).
    weight: float = 1.0


_worker_problem: Problem | None = None
_worker_events: Any = None
_worker_stop: Any = None


def _init_worker(problem: Problem, events: Any, stop: Any) -> None:
    global _worker_problem, _worker_events, _worker_stop
    die_with_parent()
    _worker_problem, _worker_events, _worker_stop = problem, events, stop


def _run_task_in_worker(task: WeekTask) -> WeekResult:
    assert _worker_problem is not None
    events = _worker_events

    def report(seconds: float, objective: float, bound: float) -> None:
        events.put((task.therapist, objective, bound))

    return _run_task(_worker_problem, task, report, _worker_stop)


def _run_task(
    problem: Problem,
    task: WeekTask,
    report: Callable[[float, float, float], None] | None,
    stop: StopFlag | None,
) -> WeekResult:
    return solve_week(
        problem,
        task.therapist,
        task.students,
        time_limit=task.time_limit,
        seed=task.seed,
        workers=task.workers,
        excluded=task.excluded,
        hints=task.hints,
        report=report,
        stop=stop,
    )


class Tally:
    """The best objective and bound of every week, summed for `on_progress`."""

    def __init__(
        self, problem: Problem, weeks: dict[int, int], floors: dict[int, float], started: float
    ) -> None:
        self.started = started
        # A week not solved yet counts as all its lines unscheduled (an upper bound).
        self.objective = {
            t: float(problem.weights.unscheduled_line * lines) for t, lines in weeks.items()
        }
        self.bound = {t: floors.get(t, 0.0) for t in weeks}
        self.lines = dict(weeks)
        self.line_weight = problem.weights.unscheduled_line
        self.history: list[tuple[float, float, float]] = []
        self.first_complete: float | None = None
        self.solved: set[int] = set()
        self.lock = threading.Lock()

    def replace(
        self, therapist: int, objective: float, bound: float, on_progress: Progress | None
    ) -> None:
        """A week replaced by a neighbourhood move: its objective may go either way."""
        with self.lock:
            self.objective[therapist] = objective
            self.bound[therapist] = bound
        self.update(therapist, objective, bound, on_progress)

    def update(
        self, therapist: int, objective: float, bound: float, on_progress: Progress | None
    ) -> None:
        with self.lock:
            if not math.isnan(objective):
                self.objective[therapist] = min(self.objective[therapist], objective)
                self.solved.add(therapist)
            self.bound[therapist] = max(self.bound[therapist], bound)
            seconds = time.monotonic() - self.started
            if self.first_complete is None and len(self.solved) == len(self.objective):
                self.first_complete = seconds
            point = (seconds, sum(self.objective.values()), sum(self.bound.values()))
            self.history.append(point)
            counts = self.counts()
        if on_progress is not None:
            on_progress(*point, counts)

    def counts(self) -> SearchCounts:
        """Lines met and the most that can be, read from each week's objective and bound:
        a line left out costs `line_weight`, more than all else a week's objective holds."""

        def left_out(value: float, lines: int, unknown: int) -> int:
            return int(value // self.line_weight) if math.isfinite(value) else unknown

        return SearchCounts(
            lines_met=sum(
                max(0, lines - left_out(self.objective[t], lines, lines))
                for t, lines in self.lines.items()
            ),
            most_lines_met=sum(
                max(0, lines - left_out(self.bound[t], lines, 0)) for t, lines in self.lines.items()
            ),
        )


class Runner:
    """Runs week tasks: in this process when one CPU (or one week) is all there is,
    else in a pool of processes; forwards progress and a cancel."""

    def __init__(
        self,
        problem: Problem,
        tally: Tally,
        on_progress: Progress | None,
        stopped: Callable[[], bool],
    ) -> None:
        self.problem = problem
        self.tally = tally
        self.on_progress = on_progress
        self.stopped = stopped
        self.cancelled = False
        self.tracking = True
        self.processes = max(1, os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None
        self._events: Any = None
        self._stop_event: Any = None

    def stop_workers(self) -> None:
        """Tell every week being solved in the pool to stop searching."""
        if self._stop_event is not None:
            self._stop_event.set()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _ensure_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")
            # fork_server makes the fork server exit with this process (see processes).
            context.set_forkserver_preload(
                ["schoolot.solver.fork_server", "schoolot.solver.week", "schoolot.solver.runner"]
            )
            self._events = context.Queue()
            self._stop_event = context.Event()
            self._pool = ProcessPoolExecutor(
                max_workers=self.processes,
                mp_context=context,
                initializer=_init_worker,
                initargs=(self.problem, self._events, self._stop_event),
            )
        return self._pool

    def run(self, tasks: Sequence[WeekTask], until: float) -> dict[int, WeekResult]:
        """Solve `tasks` (one per therapist, in order), each with a share of the time
        left before `until` by its weight (`_share`); results by therapist."""
        return {
            tasks[number].therapist: result for number, result in self.run_all(tasks, until).items()
        }

    def run_all(self, tasks: Sequence[WeekTask], until: float) -> dict[int, WeekResult]:
        """Like `run`, with results by the task's position in `tasks`."""
        if not tasks:
            return {}
        if self.processes == 1 or len(tasks) == 1:
            return self._run_here(tasks, until)
        return self._run_pool(tasks, until)

    def run_trials(self, tasks: Sequence[WeekTask], until: float) -> dict[int, WeekResult]:
        """`run_all` for trial weeks, which are not the schedule's: their progress is
        not reported."""
        self.tracking = False
        try:
            return self.run_all(tasks, until)
        finally:
            self.tracking = True

    @staticmethod
    def _share(
        until: float, task: WeekTask, waiting: Sequence[WeekTask], slots: int, busy: float = 0.0
    ) -> float:
        """Seconds for `task`, the next of `waiting` (itself among them): the seconds left
        before `until` on `slots` processes, less `busy` (what the weeks already running
        still hold), shared among the waiting weeks by weight; at most the time left."""
        left = until - time.monotonic()
        capacity = max(0.0, min(slots * left - busy, len(waiting) * left))
        total = sum(max(w.weight, 1e-9) for w in waiting)
        return max(0.05, min(left, capacity * max(task.weight, 1e-9) / total))

    def _run_here(self, tasks: Sequence[WeekTask], until: float) -> dict[int, WeekResult]:
        stop = threading.Event()
        done = threading.Event()

        def watch() -> None:
            while not done.wait(0.05):
                if self.stopped():
                    stop.set()
                    return

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        results: dict[int, WeekResult] = {}
        try:
            for number, task in enumerate(tasks):
                if stop.is_set():
                    self.cancelled = True
                    break
                if time.monotonic() >= until:
                    break
                limit = self._share(until, task, tasks[number:], 1)
                therapist = task.therapist

                def report(
                    seconds: float, objective: float, bound: float, t: int = therapist
                ) -> None:
                    self._progress(t, objective, bound)

                result = _run_task(self.problem, replace(task, time_limit=limit), report, stop)
                results[number] = result
                self._progress(therapist, result.objective, result.bound)
        finally:
            done.set()
            watcher.join()
        if stop.is_set():
            self.cancelled = True
        return results

    def _run_pool(self, tasks: Sequence[WeekTask], until: float) -> dict[int, WeekResult]:
        pool = self._ensure_pool()
        waiting = list(enumerate(tasks))
        running: dict[Future[WeekResult], tuple[int, WeekTask]] = {}
        ends: dict[Future[WeekResult], float] = {}
        results: dict[int, WeekResult] = {}
        while waiting or running:
            if self.stopped() and not self.cancelled:
                self.cancelled = True
                self._stop_event.set()
            if time.monotonic() >= until:
                waiting.clear()  # out of time: these weeks keep their starting point
            while waiting and len(running) < self.processes and not self.cancelled:
                now = time.monotonic()
                busy = sum(max(0.0, end - now) for end in ends.values())
                number, task = waiting[0]
                limit = self._share(until, task, [t for _, t in waiting], self.processes, busy)
                waiting.pop(0)
                future = pool.submit(_run_task_in_worker, replace(task, time_limit=limit))
                running[future] = (number, task)
                ends[future] = now + limit
            if not running:
                break
            finished, _ = wait(list(running), timeout=0.05, return_when=FIRST_COMPLETED)
            self._drain()
            for future in finished:
                number, task = running.pop(future)
                ends.pop(future, None)
                result = future.result()
                results[number] = result
                self._progress(task.therapist, result.objective, result.bound)
        self._drain()
        return results

    def _drain(self) -> None:
        while True:
            try:
                therapist, objective, bound = self._events.get_nowait()
            except queue.Empty:
                return
            self._progress(therapist, objective, bound)

    def _progress(self, therapist: int, objective: float, bound: float) -> None:
        # Trial weeks of the neighbourhood search are not the schedule's weeks.
        if self.tracking:
            self.tally.update(therapist, objective, bound, self.on_progress)
