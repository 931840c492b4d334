"""Where a job runs once its row is committed: a thread of the web process, or a Redis queue.

Each kind of job (`SOLVE`, `IMPORT`) names its table, its RQ queue and how it runs.
`InProcessRunner` (the default) runs the jobs of each kind one at a time in a background
thread of their own, with their own sessions; a thread ends when nothing of its kind is
left to run. It leases a job as it accepts it, so a job this process never got to start
is failed like one it was running when the process died. `RQRunner` (when REDIS_URL is
set) puts the job on its kind's RQ queue, which `flask worker` processes, on any machine
that reaches the same database and Redis.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from schoolot.errors import SchoolotError
from schoolot.jobs import lease
from schoolot.jobs.imports import run_import
from schoolot.jobs.run import SessionFactory, run_job
from schoolot.models import ImportJob, SolveJob
from schoolot.models.jobs import LeasedJob

log = logging.getLogger(__name__)

# Beyond its time limit, RQ lets a job build and store for this long before killing it.
RQ_MARGIN_SECONDS = 300


@dataclass(frozen=True)
class JobKind:
    """A kind of background job: its table, its RQ queue and the function an RQ worker
    calls with the job's id, and how a runner of this process runs one."""

    name: str
    model: type[LeasedJob]
    queue: str
    queued_function: str
    run: Callable[[InProcessRunner, int], str]
    # What a job that never ran did not do, for messages.
    nothing_done: str


def _run_solve(runner: InProcessRunner, job_id: int) -> str:
    return run_job(
        runner.make_session,
        job_id,
        workers=runner.workers,
        owner=runner.owner,
        lease_seconds=runner.lease_seconds,
    )


def _run_import(runner: InProcessRunner, job_id: int) -> str:
    return run_import(
        runner.make_session, job_id, owner=runner.owner, lease_seconds=runner.lease_seconds
    )


SOLVE = JobKind(
    name="solve",
    model=SolveJob,
    queue="schoolot-solve",
    queued_function="schoolot.jobs.commands.run_queued_job",
    run=_run_solve,
    nothing_done="nothing was solved",
)
IMPORT = JobKind(
    name="import",
    model=ImportJob,
    queue="schoolot-import",
    queued_function="schoolot.jobs.commands.run_queued_import",
    run=_run_import,
    nothing_done="nothing was imported",
)
KINDS = (IMPORT, SOLVE)  # a worker takes an upload before a solve: it takes seconds
QUEUE_NAME = SOLVE.queue
# What RQ runs: a function of the worker side, which builds the app when it has none.
QUEUED_FUNCTION = SOLVE.queued_function


class RunnerUnavailable(SchoolotError):
    """The job could not be handed to a worker (the queue cannot be reached)."""


class Runner(Protocol):
    def submit(self, job_id: int, time_limit: float, kind: JobKind = SOLVE) -> None:
        """Hand the committed, queued job `job_id` of `kind` to a worker; `time_limit`
        is how long it may run."""


def session_factory(engine: Engine) -> SessionFactory:
    """New sessions on `engine`, apart from any request's session."""
    return sessionmaker(bind=engine)


class InProcessRunner:
    """A background thread in this process for each kind of job, running one job of that
    kind at a time, in order of submission."""

    def __init__(
        self,
        engine: Engine,
        workers: int | None = None,
        lease_seconds: float = lease.LEASE_SECONDS,
    ) -> None:
        self.make_session = session_factory(engine)
        self.workers = workers
        self.lease_seconds = lease_seconds
        self._pending: dict[str, deque[int]] = {}
        self._lock = threading.Lock()
        self._threads: dict[str, threading.Thread] = {}
        self._owner: lease.Owner | None = None

    @property
    def owner(self) -> str:
        """This process's lease token (a process forked from this one makes its own)."""
        if self._owner is None or self._owner.pid != os.getpid():
            self._owner = lease.Owner.this_process()
        return self._owner.token

    def submit(self, job_id: int, time_limit: float, kind: JobKind = SOLVE) -> None:
        with self.make_session() as session:
            lease.hold(session, kind.model, job_id, self.owner)
        with self._lock:
            self._pending.setdefault(kind.name, deque()).append(job_id)
            if kind.name not in self._threads:
                thread = threading.Thread(
                    target=self._loop, args=(kind,), name=f"schoolot-{kind.name}", daemon=True
                )
                self._threads[kind.name] = thread
                thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until nothing is left to run; False if still busy after `timeout` seconds."""
        with self._lock:
            threads = list(self._threads.values())
        for thread in threads:
            thread.join(timeout)
            if thread.is_alive():
                return False
        return True

    def _loop(self, kind: JobKind) -> None:
        while True:
            with self._lock:
                pending = self._pending.get(kind.name)
                if not pending:
                    # The thread ends when idle; the next submit starts another.
                    del self._threads[kind.name]
                    return
                job_id = pending.popleft()
            try:
                kind.run(self, job_id)
            except Exception:  # the database itself failed: the lease will say so
                log.exception("%s job %s could not run", kind.name, job_id)


class RQRunner:
    """Puts jobs on their kind's RQ queue of the Redis server at `redis_url`."""

    def __init__(self, redis_url: str) -> None:
        self.redis_url = redis_url

    def queue(self, kind: JobKind = SOLVE):  # -> rq.Queue; imported here: no Redis needed else
        from redis import Redis
        from rq import Queue

        return Queue(kind.queue, connection=Redis.from_url(self.redis_url))

    def submit(self, job_id: int, time_limit: float, kind: JobKind = SOLVE) -> None:
        from redis.exceptions import RedisError

        try:
            self.queue(kind).enqueue(
                kind.queued_function,
                job_id,
                job_id=f"schoolot-{kind.name}-{job_id}",
                job_timeout=int(time_limit) + RQ_MARGIN_SECONDS,
                result_ttl=3600,
                failure_ttl=7 * 24 * 3600,
            )
        except RedisError as error:
            raise RunnerUnavailable(
                f"The job queue at REDIS_URL cannot be reached ({error}); {kind.nothing_done}."
            ) from error
