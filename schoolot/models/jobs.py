"""What every background job kind (solves, bundle imports) shares: one active at a time,
who asked and when, how it ended, and a lease held by the process running it.

`active_slot` is 1 while a job is queued or running and NULL after: its unique key lets
one job of a kind be active at a time, even when two coordinators ask at the same
instant. A job row is leased by the process that runs it: `owner` names that process
(machine, pid and a random nonce) and `heartbeat_at` is when it last said it was alive.
A job whose heartbeat is too old has lost its process; `schoolot.jobs.lease` fails it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship, validates

from schoolot.models.users import utcnow

if TYPE_CHECKING:
    from schoolot.models.users import User

ACTIVE_JOB_STATES = ("queued", "running")


class LeasedJob:
    """Mixin of a job table: its state and active slot, times, requester, message and lease."""

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(12), default="queued", index=True)
    active_slot: Mapped[int | None] = mapped_column(unique=True, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    message: Mapped[str | None] = mapped_column(Text)
    # `lease.Owner` as text; NULL while no process holds the job (queued for a worker).
    owner: Mapped[str | None] = mapped_column(String(200))
    heartbeat_at: Mapped[dt.datetime | None]

    @declared_attr
    def requested_by(cls) -> Mapped[User | None]:
        return relationship("User")

    @staticmethod
    def slot_for(state: str) -> int | None:
        return 1 if state in ACTIVE_JOB_STATES else None

    @validates("state")
    def _keep_active_slot(self, key: str, state: str) -> str:
        self.active_slot = self.slot_for(state)
        self.state_changed(state)
        return state

    def state_changed(self, state: str) -> None:
        """What else a job kind keeps in step with its state (nothing by default)."""

    @classmethod
    def end_values(cls, state: str, message: str, now: dt.datetime) -> dict[str, Any]:
        """The columns that end a job in `state` (a table with more to clear adds them)."""
        return {
            "state": state,
            "message": message,
            "finished_at": now,
            "active_slot": cls.slot_for(state),
        }
