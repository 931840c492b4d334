"""Bundle uploads as background jobs: queue one with its bytes, run it, fail dead ones.

`start_import` stores the upload with a queued `ImportJob` (the request commits it); a
runner hands the job to `run_import`, in a thread of the web process or an RQ worker on
any machine that reaches the database. The worker checks the bundle, recording its stage
as it goes, then imports it (unless check-only) and ends the job in one transaction, so
a killed worker leaves nothing half-imported; the lease rule then fails the job. However
a job ends, its upload is deleted with it (`ImportJob.end_values`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload, undefer

from schoolot.audit import recording
from schoolot.bundle import ImportReport, apply_bundle, validate_bundle
from schoolot.bundle.progress import IMPORTING
from schoolot.bundle.reader import shown_name
from schoolot.errors import SchoolotError, ValidationFailed
from schoolot.jobs import lease
from schoolot.models import ImportJob, User
from schoolot.models.users import utcnow

log = logging.getLogger(__name__)

FINAL_STATES = ("done", "failed")
# How long RQ lets an import run: checking and importing a district at the size limits
# takes about a minute on a busy machine.
IMPORT_TIMEOUT_SECONDS = 600.0
# An upload no worker has started in this long will never start (no worker running).
STALE_QUEUED = dt.timedelta(minutes=15)

SERVER_ENDED = (
    "The import stopped: the server running it ended (a restart or a crash) before it "
    "finished. Nothing was imported; upload the bundle again."
)


class ImportBusy(SchoolotError):
    """Another upload is queued or running: one at a time."""

    def __init__(self, job: ImportJob):
        self.job = job
        super().__init__(
            f"Import #{job.id} ({job.file_name}) is still {job.state}: one bundle is "
            "imported at a time. Wait for it to finish, then upload again."
        )


def start_import(
    session: Session,
    requested_by: User | None,
    file_name: str | None,
    upload: bytes,
    check_only: bool,
    lease_seconds: float = lease.LEASE_SECONDS,
) -> ImportJob:
    """A new queued job holding `upload`, which messages call by the file's own name;
    refuses (ImportBusy) while another is queued or running (one whose process has died
    is failed first, see `expire_stale_imports`). Flushes."""
    expire_stale_imports(session, lease_seconds=lease_seconds)
    job = ImportJob(
        state="queued",
        requested_by=requested_by,
        file_name=shown_name(None, file_name),
        check_only=check_only,
        upload=upload,
        upload_size=len(upload),
        done=0,
        total=0,
    )
    return lease.add_if_free(session, job, ImportBusy)


def active_import(session: Session) -> ImportJob | None:
    """The upload queued or being imported now, if any."""
    return lease.active(session, ImportJob)


def recent_imports(session: Session, limit: int = 5) -> list[ImportJob]:
    """The newest uploads first, with who sent each."""
    return list(
        session.scalars(
            select(ImportJob)
            .options(joinedload(ImportJob.requested_by))
            .order_by(ImportJob.id.desc())
            .limit(limit)
        )
    )


def fail_import(session: Session, job: ImportJob, message: str) -> None:
    """End `job` as failed with `message` (it could not be handed to a worker); its
    upload is deleted. Flushes."""
    job.state = "failed"
    job.message = message
    job.finished_at = utcnow()
    session.flush()


def expire_stale_imports(
    session: Session, now: dt.datetime | None = None, lease_seconds: float = lease.LEASE_SECONDS
) -> list[ImportJob]:
    """Fail the uploads whose worker is gone (no heartbeat for `lease_seconds`, or its
    process on this machine ended) or never came (queued past STALE_QUEUED), deleting
    their uploads. Flushes; returns them."""
    now = now or utcnow()
    expired = lease.expire(session, ImportJob, lease_seconds, lambda job, seen: SERVER_ENDED, now)
    never_started = session.scalars(
        select(ImportJob).where(
            ImportJob.state == "queued",
            ImportJob.owner.is_(None),
            ImportJob.created_at < now - STALE_QUEUED,
        )
    ).all()
    for job in never_started:
        minutes = round(STALE_QUEUED.total_seconds() / 60)
        job.state = "failed"
        job.finished_at = now
        job.message = (
            f"No worker started this import within {minutes} minutes (with REDIS_URL set, "
            "is `flask worker` running?). Nothing was imported; upload the bundle again."
        )
        expired.append(job)
    session.flush()
    return expired


# --- the work of one job, in a worker ---------------------------------------------


def run_import(
    make_session: lease.SessionFactory,
    job_id: int,
    owner: str | None = None,
    lease_seconds: float = lease.LEASE_SECONDS,
) -> str:
    """Run the queued import `job_id` to its end; returns its final state ("lost" when
    its lease was lost on the way, "missing" when there is no such job).

    `make_session()` opens a new session on the app's database; `owner` is this
    process's lease token (a new one when None), renewed every few seconds of
    `lease_seconds`. A job another worker took, or one already ended, is left alone.
    """
    return lease.run_leased(
        make_session,
        ImportJob,
        job_id,
        owner,
        lease_seconds,
        lambda session, owner, heartbeat: _run_claimed(
            make_session, session, job_id, owner, heartbeat
        ),
    )


def _run_claimed(
    make_session: lease.SessionFactory,
    session: Session,
    job_id: int,
    owner: str,
    heartbeat: lease.Heartbeat,
) -> str:
    job = session.scalars(
        select(ImportJob).where(ImportJob.id == job_id).options(undefer(ImportJob.upload))
    ).one()
    upload = io.BytesIO(job.upload or b"")
    name, check_only = job.file_name, job.check_only
    requested_by = job.requested_by_id
    # No transaction stays open while the bundle is checked.
    session.commit()
    # validate_bundle calls it a few times a second at most.
    record = _ProgressWriter(make_session, job_id)
    try:
        bundle = validate_bundle(upload, name, record)
        upload.close()  # the parsed rows are all the import needs now
        record(IMPORTING, 0, 0)
        if heartbeat.lost.is_set():
            return "lost"
        # One batch in the change history, by "import of <file>" for whoever uploaded it.
        with recording(actor=f"import of {name}", user=requested_by):
            report = apply_bundle(session, bundle)
        if check_only:
            session.rollback()
    except ValidationFailed as error:
        session.rollback()
        plural = "" if error.total == 1 else "s"
        return _end(
            session,
            job_id,
            owner,
            "failed",
            f"{error.total:,} problem{plural}: nothing was imported.",
            problems=error.problems,
            problem_count=error.total,
        )
    except Exception as error:  # any failure ends the job with a message, never a hang
        session.rollback()
        log.exception("import job %s failed", job_id)
        what = str(error) if isinstance(error, SchoolotError) else type(error).__name__
        return _end(
            session,
            job_id,
            owner,
            "failed",
            f"The import failed ({what}). Nothing was imported; upload the bundle again.",
        )
    message = (
        "Checked: the bundle is valid, nothing was imported."
        if check_only
        else "Imported: the database now matches the bundle."
    )
    return _end(session, job_id, owner, "done", message, report=report_values(report))


def _end(session: Session, job_id: int, owner: str, state: str, message: str, **values: Any) -> str:
    """End the job, with the import's writes in the same transaction, if it is still
    ours; else roll everything back (the job was failed as dead meanwhile)."""
    if not lease.end(session, ImportJob, job_id, owner, state, message, stage=None, **values):
        session.rollback()
        log.warning("import job %s lost its lease: nothing was imported", job_id)
        return "lost"
    session.commit()
    return state


def report_values(report: ImportReport) -> dict[str, Any]:
    """An import's report as the job keeps it (JSON)."""
    return {
        "counts": {file: dataclasses.asdict(counts) for file, counts in report.counts.items()},
        "accounts_removed": sorted(report.accounts_removed),
        "changed": report.changed,
    }


class _ProgressWriter:
    """Writes a job's stage to its row, from a session of its own, so that pages see it."""

    def __init__(self, make_session: lease.SessionFactory, job_id: int) -> None:
        self.make_session = make_session
        self.job_id = job_id

    def __call__(self, stage: str, done: int, total: int) -> None:
        try:
            with self.make_session() as session:
                session.execute(
                    update(ImportJob)
                    .where(ImportJob.id == self.job_id, ImportJob.state == "running")
                    .values(stage=stage[:100], done=done, total=total)
                    .execution_options(synchronize_session=False)
                )
                session.commit()
        except Exception:  # a missed report must not end the import
            log.exception("could not record the progress of import job %s", self.job_id)
