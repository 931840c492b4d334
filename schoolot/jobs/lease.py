"""Leases on job rows: a job belongs to the process running it for as long as that
process keeps saying it is alive.

A runner takes a job with `claim` (or, for a job it will start at once, `hold`) under
an `Owner` token, and a `Heartbeat` thread renews `heartbeat_at` every few seconds while
the work goes on. Whoever looks at the jobs next (a page, a new request, a worker
starting) calls `expire`: a job whose heartbeat is older than the lease, or whose owner
is a process of this machine that no longer exists, is failed at once. A worker that
finds its lease gone (`Heartbeat.lost`, or `end` returning False) stops and stores
nothing: the job was failed and another may be running.

For any table with the `models.jobs.LeasedJob` columns; the job kind supplies the words.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from schoolot.models.jobs import ACTIVE_JOB_STATES, LeasedJob
from schoolot.models.users import utcnow

log = logging.getLogger(__name__)

SessionFactory = Callable[[], Session]
Job = TypeVar("Job", bound=LeasedJob)

# A job with no heartbeat for this long has lost its process (JOB_LEASE_SECONDS).
LEASE_SECONDS = 45.0
ACTIVE_STATES = ACTIVE_JOB_STATES


def heartbeat_interval(lease_seconds: float) -> float:
    """Seconds between heartbeats: several fit in a lease, so a missed one or two (a
    locked database, a busy machine) lose nothing."""
    return max(0.1, min(5.0, lease_seconds / 6))


# --- one active job of a kind ----------------------------------------------------


def active(session: Session, model: type[Job]) -> Job | None:
    """The job of this kind queued or running now, if any (the oldest, should there be two)."""
    return session.scalar(
        select(model).where(model.state.in_(ACTIVE_STATES)).order_by(model.id).limit(1)
    )


def add_if_free(session: Session, job: Job, busy: Callable[[Job], Exception]) -> Job:
    """Add `job` as the one active job of its kind; while another is queued or running,
    raise `busy(that job)`. Two requests racing are told apart by the unique active slot."""
    model = type(job)
    running = active(session, model)
    if running is not None:
        raise busy(running)
    try:
        # A savepoint: losing the race to another request must not undo the caller's work.
        with session.begin_nested():
            session.add(job)
            session.flush()
    except IntegrityError:
        winner = active(session, model)
        if winner is None:
            raise
        raise busy(winner) from None
    return job


# --- who holds a lease -----------------------------------------------------------


@dataclass(frozen=True)
class Owner:
    """A process holding leases: host, pid and a random nonce for people and logs; the
    machine (boot and pid namespace) and the process's start time let another process
    of the same machine tell at once that it has ended."""

    host: str
    pid: int
    nonce: str
    machine: str
    started: str

    @classmethod
    def this_process(cls) -> Owner:
        return cls(
            host=socket.gethostname()[:64] or "unknown",
            pid=os.getpid(),
            nonce=secrets.token_hex(4),
            machine=_machine(),
            started=_process_start(os.getpid()) or "",
        )

    @property
    def token(self) -> str:
        return f"{self.host}:{self.pid}:{self.nonce} {self.machine}:{self.started}"

    @classmethod
    def parse(cls, token: str) -> Owner | None:
        try:
            who, where = token.split(" ")
            host, pid, nonce = who.split(":")
            machine, started = where.rsplit(":", 1)
            return cls(host, int(pid), nonce, machine, started)
        except ValueError:
            return None

    def has_ended(self) -> bool:
        """True when this process is known to have ended: it ran on this machine (same
        boot, same pid namespace) and its pid is gone, a zombie, or another process.
        False when alive or when this machine cannot tell (the lease decides)."""
        if not self.machine or self.machine != _machine():
            return False
        return _process_start(self.pid) != self.started


@cache
def _machine() -> str:
    """This boot of this machine and its pid namespace; empty where Linux's /proc is not."""
    try:
        with open("/proc/sys/kernel/random/boot_id") as boot:
            boot_id = boot.read().strip()
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        return ""
    return f"{boot_id}/{namespace.removeprefix('pid:').strip('[]')}"


def _process_start(pid: int) -> str | None:
    """When process `pid` started (clock ticks after boot), or None if it is not running."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            text = stat.read()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    if fields[0] in ("Z", "X"):  # ended, not yet reaped
        return None
    return fields[19]


# --- taking, renewing and ending a lease ------------------------------------------


def hold(session: Session, model: type[Job], job_id: int, owner: str) -> bool:
    """Lease the queued job `job_id` to `owner` before it starts (a runner that starts it
    at once); commits. False if the job is no longer waiting."""
    held = session.execute(
        update(model)
        .where(model.id == job_id, model.state == "queued", model.owner.is_(None))
        .values(owner=owner, heartbeat_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return held.rowcount == 1  # type: ignore[attr-defined]


def claim(session: Session, model: type[Job], job_id: int, owner: str) -> bool:
    """Queued -> running under `owner`'s lease, in one statement, so two workers never run
    the same job; commits. A job another process holds is not taken."""
    now = utcnow()
    claimed = session.execute(
        update(model)
        .where(
            model.id == job_id,
            model.state == "queued",
            (model.owner.is_(None)) | (model.owner == owner),
        )
        .values(state="running", started_at=now, owner=owner, heartbeat_at=now)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return claimed.rowcount == 1  # type: ignore[attr-defined]


def renew(session: Session, model: type[Job], job_id: int, owner: str) -> bool:
    """A heartbeat; commits. False when the lease is no longer `owner`'s."""
    renewed = session.execute(
        update(model)
        .where(
            model.id == job_id,
            model.owner == owner,
            model.state.in_(ACTIVE_STATES),
        )
        .values(heartbeat_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return renewed.rowcount == 1  # type: ignore[attr-defined]


def end(
    session: Session,
    model: type[Job],
    job_id: int,
    owner: str,
    state: str,
    message: str,
    **values: Any,
) -> bool:
    """End the job `owner` runs in `state` with `message` (and more `values`); flushes,
    the worker commits (with its results) or, on False (the lease was lost), rolls back."""
    ended = session.execute(
        update(model)
        .where(
            model.id == job_id,
            model.owner == owner,
            model.state == "running",
        )
        .values(**model.end_values(state, message, utcnow()), **values)
        .execution_options(synchronize_session=False)
    )
    return ended.rowcount == 1  # type: ignore[attr-defined]


def expire(
    session: Session,
    model: type[Job],
    lease_seconds: float,
    message: Callable[[Job, dt.datetime], str],
    now: dt.datetime | None = None,
) -> list[Job]:
    """Fail the held jobs whose process is gone: no heartbeat for `lease_seconds`, or a
    process of this machine that has ended. `message(job, last_seen)` says why. A queued
    job nobody holds (waiting for a worker) is not this rule's business. Flushes; returns
    the failed jobs, refreshed."""
    now = now or utcnow()
    cutoff = now - dt.timedelta(seconds=lease_seconds)
    last_seen = func.coalesce(model.heartbeat_at, model.started_at, model.created_at)
    held = (model.state == "running") | model.owner.isnot(None)
    candidates: Sequence[Job] = session.scalars(
        select(model).where(model.state.in_(ACTIVE_STATES), held)
    ).all()
    expired = []
    for job in candidates:
        seen = job.heartbeat_at or job.started_at or job.created_at
        owner = Owner.parse(job.owner) if job.owner else None
        if seen >= cutoff and not (owner is not None and owner.has_ended()):
            continue
        # Only if nothing changed since it was read: a heartbeat or an end wins.
        failed = session.execute(
            update(model)
            .where(
                model.id == job.id,
                model.state == job.state,
                last_seen == seen,
            )
            .values(**model.end_values("failed", message(job, seen), now))
            .execution_options(synchronize_session=False)
        )
        if failed.rowcount == 1:  # type: ignore[attr-defined]
            expired.append(job)
    session.flush()
    for job in expired:
        session.refresh(job)
    return expired


class Heartbeat:
    """Renews `owner`'s lease on job `job_id` every `interval` seconds from a thread and
    sessions of its own; `lost` is set once the lease is no longer `owner`'s."""

    def __init__(
        self,
        make_session: SessionFactory,
        model: type[LeasedJob],
        job_id: int,
        owner: str,
        interval: float,
    ) -> None:
        self.make_session = make_session
        self.model = model
        self.job_id = job_id
        self.owner = owner
        self.interval = interval
        self.lost = threading.Event()
        self._done = threading.Event()
        self._thread = threading.Thread(
            target=self._loop, name=f"job-{job_id}-heartbeat", daemon=True
        )

    def start(self) -> Heartbeat:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._done.set()
        if self._thread.is_alive():
            self._thread.join()

    def _loop(self) -> None:
        while not self._done.wait(self.interval):
            try:
                with self.make_session() as session:
                    if not renew(session, self.model, self.job_id, self.owner):
                        if self._done.is_set():
                            return  # the job has just ended: not a loss
                        log.warning("job %s: lease lost (the job was ended elsewhere)", self.job_id)
                        self.lost.set()
                        return
            except Exception:  # a missed beat: the lease outlasts several
                log.exception("job %s: heartbeat not written", self.job_id)


def run_leased(
    make_session: SessionFactory,
    model: type[Job],
    job_id: int,
    owner: str | None,
    lease_seconds: float,
    work: Callable[[Session, str, Heartbeat], str],
) -> str:
    """Claim job `job_id` of `model` under `owner` (this process when None) and run
    `work(session, owner, heartbeat)` while a heartbeat keeps the lease; returns its
    final state, or the job's state as it is ("missing" when there is no such job) when
    another worker holds it or it has ended."""
    owner = owner or Owner.this_process().token
    with make_session() as session:
        if not claim(session, model, job_id, owner):
            state = session.scalar(select(model.state).where(model.id == job_id))
            return state or "missing"
        heartbeat = Heartbeat(
            make_session, model, job_id, owner, heartbeat_interval(lease_seconds)
        ).start()
        try:
            return work(session, owner, heartbeat)
        finally:
            heartbeat.stop()
