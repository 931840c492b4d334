"""Bundle uploads run as background jobs: one row per upload, from queued to its report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from schoolot.extensions import Base
from schoolot.models.base import in_list
from schoolot.models.jobs import ACTIVE_JOB_STATES, LeasedJob

IMPORT_STATES = ("queued", "running", "done", "failed")


class ImportJob(LeasedJob, Base):
    """An uploaded bundle checked (and imported, unless `check_only`) by a worker, with
    its progress and, at the end, its report or its problems. The uploaded bytes travel
    with the row to the worker (which may run on another machine) and are cleared when
    the job ends, however it ends."""

    __tablename__ = "import_job"
    __table_args__ = (
        CheckConstraint(in_list("state", IMPORT_STATES), name="state"),
        CheckConstraint("active_slot = 1", name="active_slot_is_one"),
    )

    # The uploaded file's own name, as messages call it (never a server path).
    file_name: Mapped[str] = mapped_column(String(100))
    check_only: Mapped[bool] = mapped_column(default=False)
    upload_size: Mapped[int] = mapped_column(default=0)
    # The upload itself until the job ends; loaded only by the worker.
    upload: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    # Where the work is: "reading students.csv", "checking rows" (done of total), "importing".
    stage: Mapped[str | None] = mapped_column(String(100))
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    # At the end: the report's counts ({"counts": {file: {...}}, "accounts_removed": [...],
    # "changed": bool}), or the problems listed and how many there were in all.
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    problems: Mapped[list[str] | None] = mapped_column(JSON)
    problem_count: Mapped[int | None]

    def state_changed(self, state: str) -> None:
        if state not in ACTIVE_JOB_STATES:
            self.upload = None

    @classmethod
    def end_values(cls, state: str, message: str, now: dt.datetime) -> dict[str, Any]:
        # However the job ends (done, failed, expired by the lease), the upload goes.
        return {**super().end_values(state, message, now), "upload": None}
