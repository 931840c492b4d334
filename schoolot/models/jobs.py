"""What every background job kind shares: a lease held by the process running it.

A job row is leased by the process that runs it: `owner` names that process (machine,
pid and a random nonce) and `heartbeat_at` is when it last said it was alive. A job
whose heartbeat is too old has lost its process; `schoolot.jobs.lease` fails it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column


class LeasedJob:
    """Mixin of a job table with `id`, `state`, `started_at`, `finished_at` and `message`
    columns: adds the lease."""

    if TYPE_CHECKING:  # the job table's own columns, which the lease reads and writes
        id: Mapped[int]
        state: Mapped[str]
        created_at: Mapped[dt.datetime]
        started_at: Mapped[dt.datetime | None]
        finished_at: Mapped[dt.datetime | None]
        message: Mapped[str | None]

    # `lease.Owner` as text; NULL while no process holds the job (queued for a worker).
    owner: Mapped[str | None] = mapped_column(String(200))
    heartbeat_at: Mapped[dt.datetime | None]

    @classmethod
    def end_values(cls, state: str, message: str, now: dt.datetime) -> dict[str, Any]:
        """The columns that end a job in `state` (a table with more to clear adds them)."""
        return {"state": state, "message": message, "finished_at": now}
