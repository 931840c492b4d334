"""What-if scenarios: a coordinator's trial changes, kept apart from the district's data
until applied, with the result of their trial solve."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schoolot.extensions import Base
from schoolot.models.schedules import SolveJob
from schoolot.models.users import User, utcnow


class Scenario(Base):
    """One coordinator's open what-if: the changes tried (a list of plain dicts, read by
    `schoolot.whatif.changes`) and, once a trial solve has run, its result."""

    __tablename__ = "whatif_scenario"

    id: Mapped[int] = mapped_column(primary_key=True)
    # One open scenario per coordinator; it goes with their account.
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), unique=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    changes: Mapped[list] = mapped_column(JSON, default=list)
    # The trial solve of the affected therapists, and what it found (None: not run, or
    # the changes were edited since).
    trial_job_id: Mapped[int | None] = mapped_column(
        ForeignKey("solve_job.id", ondelete="SET NULL"), index=True
    )
    trial: Mapped[dict | None] = mapped_column(JSON)

    owner: Mapped[User] = relationship()
    trial_job: Mapped[SolveJob | None] = relationship()
