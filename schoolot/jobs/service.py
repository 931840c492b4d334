"""Solve jobs as rows: start one, ask it to stop, find the one in progress, expire stale ones.

Plain functions on a session: they flush, the request or command commits. The work of a
job (building the problem, solving, storing the draft) is in `schoolot.jobs.run`.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from schoolot.district.settings import get_district
from schoolot.errors import SchoolotError
from schoolot.jobs import lease
from schoolot.models import SolveJob, User
from schoolot.models.jobs import ACTIVE_JOB_STATES
from schoolot.models.users import utcnow
from schoolot.problems import Problems
from schoolot.solver.options import MAX_OPTIONS

ACTIVE_STATES = ACTIVE_JOB_STATES
FINAL_STATES = ("done", "failed", "cancelled")
# Bounds of the "Solve now" form, in seconds.
MIN_TIME_LIMIT = 1
MAX_TIME_LIMIT = 3600
MAX_SEED = 2**31 - 1
# A running job still not finished this long after its time limit is stuck, even if its
# process still renews the lease: building and storing take seconds, not minutes.
STALE_AFTER_LIMIT = dt.timedelta(minutes=5)
# A queued job no worker has started in this long will never start (no worker running).
STALE_QUEUED = dt.timedelta(minutes=15)


class JobBusy(SchoolotError):
    """Another solve is queued or running: one at a time."""

    def __init__(self, job: SolveJob):
        self.job = job
        super().__init__(
            f"Solve #{job.id} is already {job.state}: wait for it to finish or cancel it first."
        )


def start_solve(
    session: Session,
    requested_by: User | None,
    time_limit: float,
    seed: int = 0,
    lease_seconds: float = lease.LEASE_SECONDS,
    options: int = 1,
) -> SolveJob:
    """A new queued job, asking for `options` ranked schedules; refuses (JobBusy) while
    another is queued or running (a job whose process has died is failed first, see
    `expire_stale_jobs`)."""
    problems = Problems()
    if not MIN_TIME_LIMIT <= time_limit <= MAX_TIME_LIMIT:
        problems.add(
            "time limit",
            f"{time_limit:g} seconds is out of range "
            f"({MIN_TIME_LIMIT} to {MAX_TIME_LIMIT} seconds)",
        )
    if not 0 <= seed <= MAX_SEED:
        problems.add("seed", f"{seed} is out of range (0 to {MAX_SEED})")
    if not 1 <= options <= MAX_OPTIONS:
        problems.add("options", f"{options} is out of range (1 to {MAX_OPTIONS})")
    problems.raise_if_any()
    expire_stale_jobs(session, lease_seconds=lease_seconds)
    job = SolveJob(
        state="queued",
        requested_by=requested_by,
        time_limit=float(time_limit),
        seed=seed,
        options=options,
        progress=[],
    )
    return lease.add_if_free(session, job, JobBusy)


def active_job(session: Session) -> SolveJob | None:
    """The job queued or running now, if any (the oldest, should there be two)."""
    return lease.active(session, SolveJob)


def recent_jobs(session: Session, limit: int = 10) -> list[SolveJob]:
    """The newest jobs first, with who asked for each."""
    return list(
        session.scalars(
            select(SolveJob)
            .options(joinedload(SolveJob.requested_by))
            .order_by(SolveJob.id.desc())
            .limit(limit)
        )
    )


def request_cancel(session: Session, job: SolveJob, now: dt.datetime | None = None) -> None:
    """Ask `job` to stop. A queued job is cancelled at once; a running one is told through
    `cancel_requested`, which its worker reads about once a second; a finished one is left."""
    if job.state == "queued":
        job.state = "cancelled"
        job.cancel_requested = True
        job.finished_at = now or utcnow()
        job.message = "Cancelled before it started."
    elif job.state == "running":
        job.cancel_requested = True
    session.flush()


def fail(session: Session, job: SolveJob, message: str, now: dt.datetime | None = None) -> None:
    """End `job` as failed with `message` (e.g. it could not be handed to a worker)."""
    job.state = "failed"
    job.message = message
    job.finished_at = now or utcnow()
    session.flush()


def expire_stale_jobs(
    session: Session, now: dt.datetime | None = None, lease_seconds: float = lease.LEASE_SECONDS
) -> list[SolveJob]:
    """Mark failed the jobs whose worker is gone: their process ended (no heartbeat for
    `lease_seconds`, or known dead on this machine), running long past their time limit,
    or queued for a worker that never came. Returns them."""
    now = now or utcnow()
    zone = _district_zone(session)

    def server_ended(job: SolveJob, last_seen: dt.datetime) -> str:
        at = last_seen.replace(tzinfo=dt.UTC).astimezone(zone).strftime("%H:%M %Z")
        return (
            f"The solve stopped: the server running it ended (restart or crash) at {at}. "
            "Nothing was changed; solve again."
        )

    expired = lease.expire(session, SolveJob, lease_seconds, server_ended, now)
    candidates = session.scalars(select(SolveJob).where(SolveJob.state.in_(ACTIVE_STATES)))
    for job in candidates:
        if job.owner is not None and job.state == "queued":
            continue  # held by a runner: the lease says when it is gone
        if job.state == "running":
            started = job.started_at or job.created_at
            deadline = started + dt.timedelta(seconds=job.time_limit) + STALE_AFTER_LIMIT
            if now <= deadline:
                continue
            job.message = (
                f"The worker stopped answering: no result {_minutes(STALE_AFTER_LIMIT)} after "
                "the time limit (the process may have been stopped). The schedule in force is "
                "unchanged; start the solve again."
            )
        else:
            if now <= job.created_at + STALE_QUEUED:
                continue
            job.message = (
                f"No worker started this solve within {_minutes(STALE_QUEUED)} "
                "(with REDIS_URL set, is `flask worker` running?). Start the solve again."
            )
        job.state = "failed"
        job.finished_at = now
        expired.append(job)
    session.flush()
    return expired


def _district_zone(session: Session) -> dt.tzinfo:
    district = get_district(session)
    return zoneinfo.ZoneInfo(district.timezone) if district else dt.UTC


def _minutes(delta: dt.timedelta) -> str:
    minutes = round(delta.total_seconds() / 60)
    return f"{minutes} minute{'' if minutes == 1 else 's'}"
