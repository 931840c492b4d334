"""Where a job runs once its row is committed: a thread of the web process, or a Redis queue.

`InProcessRunner` (the default) runs one solve at a time in a background thread with its
own sessions; the thread ends when nothing is left to run. It leases a job as it accepts
it, so a job this process never got to start is failed like one it was running when the
process died. `RQRunner` (when REDIS_URL is
set) puts the job on an RQ queue that `flask worker` processes, on any machine that
reaches the same database and Redis.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import deque
from typing import Protocol

from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from schoolot.errors import SchoolotError
from schoolot.jobs import lease
from schoolot.jobs.run import SessionFactory, run_job
from schoolot.models import SolveJob

log = logging.getLogger(__name__)

QUEUE_NAME = "schoolot-solve"
# What RQ runs: a function of the worker side, which builds the app when it has none.
QUEUED_FUNCTION = "schoolot.jobs.commands.run_queued_job"
# Beyond the time limit, RQ lets a job build and store for this long before killing it.
RQ_MARGIN_SECONDS = 300


class RunnerUnavailable(SchoolotError):
    """The job could not be handed to a worker (the queue cannot be reached)."""


class Runner(Protocol):
    def submit(self, job_id: int, time_limit: float) -> None:
        """Hand the committed, queued job `job_id` to a worker."""


def session_factory(engine: Engine) -> SessionFactory:
    """New sessions on `engine`, apart from any request's session."""
    return sessionmaker(bind=engine)


class InProcessRunner:
    """One background thread in this process, one solve at a time, in order of submission."""

    def __init__(
        self,
        engine: Engine,
        workers: int | None = None,
        lease_seconds: float = lease.LEASE_SECONDS,
    ) -> None:
        self.make_session = session_factory(engine)
        self.workers = workers
        self.lease_seconds = lease_seconds
        self._pending: deque[int] = deque()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._owner: lease.Owner | None = None

    @property
    def owner(self) -> str:
        """This process's lease token (a process forked from this one makes its own)."""
        if self._owner is None or self._owner.pid != os.getpid():
            self._owner = lease.Owner.this_process()
        return self._owner.token

    def submit(self, job_id: int, time_limit: float) -> None:
        with self.make_session() as session:
            lease.hold(session, SolveJob, job_id, self.owner)
        with self._lock:
            self._pending.append(job_id)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._loop, name="schoolot-solver", daemon=True
                )
                self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until nothing is left to run; False if still busy after `timeout` seconds."""
        with self._lock:
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def _loop(self) -> None:
        while True:
            with self._lock:
                if not self._pending:
                    # The thread ends when idle; the next submit starts another.
                    self._thread = None
                    return
                job_id = self._pending.popleft()
            try:
                run_job(
                    self.make_session,
                    job_id,
                    workers=self.workers,
                    owner=self.owner,
                    lease_seconds=self.lease_seconds,
                )
            except Exception:  # the database itself failed: the lease will say so
                log.exception("solve job %s could not run", job_id)


class RQRunner:
    """Puts jobs on the RQ queue QUEUE_NAME of the Redis server at `redis_url`."""

    def __init__(self, redis_url: str) -> None:
        self.redis_url = redis_url

    def queue(self):  # -> rq.Queue; imported here so that the default runner needs no Redis
        from redis import Redis
        from rq import Queue

        return Queue(QUEUE_NAME, connection=Redis.from_url(self.redis_url))

    def submit(self, job_id: int, time_limit: float) -> None:
        from redis.exceptions import RedisError

        try:
            self.queue().enqueue(
                QUEUED_FUNCTION,
                job_id,
                job_id=f"schoolot-solve-{job_id}",
                job_timeout=int(time_limit) + RQ_MARGIN_SECONDS,
                result_ttl=3600,
                failure_ttl=7 * 24 * 3600,
            )
        except RedisError as error:
            raise RunnerUnavailable(
                f"The job queue at REDIS_URL cannot be reached ({error}); nothing was solved."
            ) from error
