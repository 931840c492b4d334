"""The work of one solve job, outside any request: claim it, build the problem against the
schedule in force, solve, store the result as a draft, and say how it ended.

A job is a unit of work of its own (like a CLI command), so it commits: when it starts,
about once a second while the search reports progress, and when it ends. Progress is
written and `cancel_requested` read by a reporter thread with its own session, because
the solver calls `on_progress` and `should_stop` from its own threads. From claim to end
the job is leased to this process (`lease.Heartbeat`); a job that lost its lease (failed
as dead while this process was stalled) stops and stores nothing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy.orm import Session

from schoolot.errors import SchoolotError, ValidationFailed
from schoolot.jobs import lease
from schoolot.jobs import progress as words
from schoolot.models import ScheduleVersion, SolveJob
from schoolot.scheduling import options as options_store
from schoolot.scheduling import problem_builder, store
from schoolot.solver.options import Option, solve_options
from schoolot.solver.problem import Problem
from schoolot.solver.solution import Solution
from schoolot.solver.solve import Cancelled, solve
from schoolot.whatif import trial as whatif_trial

log = logging.getLogger(__name__)

SessionFactory = Callable[[], Session]
# Seconds between writes of the progress (and reads of a cancel).
REPORT_INTERVAL = 1.0
# A long search reports thousands of improvements; the chart needs a few hundred.
MAX_POINTS = 400


def run_job(
    make_session: SessionFactory,
    job_id: int,
    workers: int | None = None,
    owner: str | None = None,
    lease_seconds: float = lease.LEASE_SECONDS,
) -> str:
    """Run the queued job `job_id` to its end; returns its final state ("lost" when its
    lease was lost on the way).

    `make_session()` opens a new session on the app's database; `workers` is the number of
    CP-SAT search workers per week (None: the solver's default); `owner` is this process's
    lease token (a new one when None), renewed every few seconds of `lease_seconds`. A job
    already taken by another worker, or cancelled before it started, is left alone.
    """
    return lease.run_leased(
        make_session,
        SolveJob,
        job_id,
        owner,
        lease_seconds,
        lambda session, owner, heartbeat: _run_claimed(
            make_session, session, job_id, workers, owner, heartbeat
        ),
    )


def _run_claimed(
    make_session: SessionFactory,
    session: Session,
    job_id: int,
    workers: int | None,
    owner: str,
    heartbeat: lease.Heartbeat,
) -> str:
    def end(state: str, message: str, **values: object) -> str:
        return _end(session, job_id, owner, state, message, **values)

    job = session.get(SolveJob, job_id)
    assert job is not None
    reporter = _Reporter(make_session, job_id, heartbeat.lost)
    # A what-if's trial solves its affected therapists alone and stores no schedule.
    scenario = whatif_trial.scenario_of_job(session, job_id)
    scenario_id = scenario.id if scenario is not None else None
    try:
        current = store.in_force(session)
        if scenario is None:
            problem, index = problem_builder.build_problem(session, current)
        else:
            problem, index = whatif_trial.trial_problem(session, scenario, current)
        # No transaction stays open through a long search.
        session.commit()
        reporter.start(len(problem.services), problem.weights.unscheduled_line)
        options: list[Option] = []
        if job.options > 1 and scenario is None:
            options = solve_options(
                problem,
                job.options,
                job.time_limit,
                seed=job.seed,
                workers=workers,
                on_progress=reporter.on_progress,
                should_stop=reporter.should_stop,
            )
            solution = options[0].solution
        else:
            solution = solve(
                problem,
                time_limit=job.time_limit,
                seed=job.seed,
                workers=workers,
                on_progress=reporter.on_progress,
                should_stop=reporter.should_stop,
            )
    except Cancelled:
        reporter.finish()
        return end("cancelled", "Cancelled before any schedule was found.")
    except Exception as error:  # any failure ends the job with a message, never a hang
        reporter.finish()
        log.exception("solve job %s failed", job_id)
        return end("failed", _failure_message(error))
    reporter.finish()
    if heartbeat.lost.is_set():
        return "lost"  # failed as dead meanwhile: the result is nobody's to store
    stopped = reporter.should_stop()
    if scenario_id is not None:
        return _keep_trial(session, job_id, owner, scenario_id, problem, index, solution, reporter)
    try:
        job = session.get(SolveJob, job_id)
        assert job is not None
        in_force = _version(session, index.in_force_id)
        stored: list[ScheduleVersion] = []
        if options:
            stored = options_store.store_options(
                session,
                problem,
                index,
                options,
                in_force,
                job.requested_by,
                job.time_limit,
                job.seed,
            )
            version = stored[0]
        else:
            version = store.store_solution(
                session,
                problem,
                index,
                solution,
                in_force=in_force,
                created_by=job.requested_by,
                time_limit=job.time_limit,
                seed=job.seed,
            )
        session.flush()
    except Exception as error:
        session.rollback()
        log.exception("storing the result of solve job %s failed", job_id)
        return end("failed", _failure_message(error, stored=True))
    stats = solution.stats
    if stopped:
        message = (
            f"Stopped on request after {stats.seconds:.0f} s: the best schedule found "
            f"so far is kept as draft #{version.id}."
        )
    else:
        message = f"Finished in {stats.seconds:.1f} s ({stats.status.lower()})."
    if stored:
        message += (
            f" {len(stored)} option{'' if len(stored) == 1 else 's'} of {job.options} asked "
            "for (identical ones kept once), ranked: "
            + ", ".join(f"#{option.id}" for option in stored)
            + "."
        )
    return end(
        "cancelled" if stopped else "done",
        message,
        schedule_id=version.id,
        progress=[*reporter.points(), words.version_point(version)],
    )


def _keep_trial(
    session: Session,
    job_id: int,
    owner: str,
    scenario_id: int,
    problem: Problem,
    index: problem_builder.Index,
    solution: Solution,
    reporter: _Reporter,
) -> str:
    """End a what-if's trial: its result is kept on the scenario, not as a schedule."""
    stopped = reporter.should_stop()
    try:
        kept = whatif_trial.keep_result(session, scenario_id, job_id, problem, index, solution)
    except Exception as error:
        session.rollback()
        log.exception("keeping the result of trial solve job %s failed", job_id)
        return _end(session, job_id, owner, "failed", _failure_message(error, stored=True))
    if kept is None:
        return _end(
            session,
            job_id,
            owner,
            "cancelled",
            "The what-if was changed or thrown away meanwhile: this trial is void.",
        )
    stats = solution.stats
    point = words.searching_point(
        stats.seconds, stats.objective, stats.bound, kept["lines_owed"], 1
    )
    point[words.LINES_MET], point[words.MOST_LINES_MET] = kept["lines_met"], stats.most_lines_met
    point[words.DRIVE], point[words.IDLE] = kept["drive_minutes"], kept["idle_minutes"]
    how = (
        f"stopped on request after {stats.seconds:.0f} s"
        if stopped
        else (f"finished in {stats.seconds:.1f} s ({stats.status.lower()})")
    )
    return _end(
        session,
        job_id,
        owner,
        "cancelled" if stopped else "done",
        f"Trial of a what-if {how}: its result is on the what-if page; no schedule was stored.",
        progress=[*reporter.points(), point],
    )


def _version(session: Session, version_id: int | None) -> ScheduleVersion | None:
    return session.get(ScheduleVersion, version_id) if version_id is not None else None


def _end(
    session: Session, job_id: int, owner: str, state: str, message: str, **values: object
) -> str:
    """End the job with its result, if it is still ours; else drop the result."""
    if not lease.end(session, SolveJob, job_id, owner, state, message, **values):
        session.rollback()
        log.warning("solve job %s lost its lease: its result is dropped", job_id)
        return "lost"
    session.commit()
    return state


def _failure_message(error: Exception, stored: bool = False) -> str:
    """What the coordinator reads on the job page: what went wrong, and that nothing changed."""
    if isinstance(error, ValidationFailed):
        what = "; ".join(error.problems)
    elif isinstance(error, SchoolotError):
        what = str(error)
    else:
        what = f"{type(error).__name__}: {error}"
    stage = "The schedule found could not be stored" if stored else "The solve failed"
    return f"{stage} ({what}). The schedule in force is unchanged."


class _Reporter:
    """Collects progress points (`progress.searching_point`) from the solver's threads; a
    thread of its own writes them to the job row and reads `cancel_requested`, once a
    second."""

    def __init__(
        self, make_session: SessionFactory, job_id: int, lease_lost: threading.Event
    ) -> None:
        self.make_session = make_session
        self.job_id = job_id
        self._lease_lost = lease_lost
        self._points: list[words.Point] = []
        self._lines_owed = 0
        self._line_weight = 1
        # Bumped on every change of the points; `_written` is the version last written.
        self._version = 0
        self._written = 0
        self._lock = threading.Lock()
        self._cancel = threading.Event()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=f"solve-{job_id}-report")

    def start(self, lines_owed: int, line_weight: int) -> None:
        """Start writing; the problem has `lines_owed` lines, each left out costing
        `line_weight` in the objective."""
        self._lines_owed, self._line_weight = lines_owed, line_weight
        self._thread.start()

    def on_progress(
        self,
        seconds: float,
        objective: float,
        bound: float,
        counted: words.SearchCounts | None = None,
    ) -> None:
        """A point of the search, with the lines the solver `counted` (without them, as
        from a caller that reports objective and bound alone, they are read from those)."""
        if not words.is_finite(objective, bound):
            return
        self._add(
            words.searching_point(
                seconds, objective, bound, self._lines_owed, self._line_weight, counted
            )
        )

    def _add(self, point: words.Point) -> None:
        with self._lock:
            if self._points and self._points[-1][1:] == point[1:]:
                return  # nothing new to draw
            self._points.append(point)
            if len(self._points) > MAX_POINTS:
                # Keep the first and last, every other point between.
                self._points = [*self._points[:-1:2], self._points[-1]]
            self._version += 1

    def should_stop(self) -> bool:
        return self._cancel.is_set() or self._lease_lost.is_set()

    def points(self) -> list[words.Point]:
        with self._lock:
            return [list(p) for p in self._points]

    def finish(self) -> None:
        """Stop the thread (after one last write), if it was started."""
        self._done.set()
        if self._thread.is_alive():
            self._thread.join()

    def _loop(self) -> None:
        while not self._done.wait(REPORT_INTERVAL):
            self._report()
        self._report()

    def _report(self) -> None:
        with self._lock:
            version = self._version
            points = [list(p) for p in self._points]
        try:
            with self.make_session() as session:
                job = session.get(SolveJob, self.job_id)
                if job is None:  # deleted under us: nothing to report to
                    self._cancel.set()
                    return
                if job.cancel_requested:
                    self._cancel.set()
                if version != self._written:
                    job.progress = points
                    session.commit()
                    self._written = version
        except Exception:  # a missed report must not end the search
            log.exception("could not report the progress of solve job %s", self.job_id)
