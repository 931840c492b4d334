"""The change history: one row per field changed, record created or deleted, or
schedule published, written by schoolot.audit's session events (never by hand)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from schoolot.extensions import Base
from schoolot.models.base import in_list
from schoolot.models.users import utcnow

CHANGE_ACTIONS = ("create", "update", "delete", "publish")


class Change(Base):
    """Who changed what, when. No foreign keys on purpose: the history outlives the
    records and the accounts it speaks of, so it keeps their ids and readable labels."""

    __tablename__ = "audit_change"
    __table_args__ = (
        CheckConstraint(in_list("action", CHANGE_ACTIONS), name="action"),
        Index("ix_audit_change_record", "record_kind", "record_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    # The account that made the change (None: an import or a command run by nobody
    # logged in), and who did it in words: "Mai Miller", "import of district.zip".
    actor_id: Mapped[int | None] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(300))
    # One per request, recording() scope or command: an import's changes share one.
    batch: Mapped[str] = mapped_column(String(32), index=True)
    action: Mapped[str] = mapped_column(String(8))
    # "student", "service_line", "goal", "equipment", "block", "therapist",
    # "therapist_hours", "account", "school", "calendar_day", "travel_time",
    # "district", "schedule".
    record_kind: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[int | None]
    record_label: Mapped[str] = mapped_column(String(300))
    # The student the record belongs to (a student, their lines, goals, equipment and
    # own blocks), for a student's history.
    student_id: Mapped[int | None] = mapped_column(index=True)
    # None for a whole record created or deleted (`after`/`before` then lists its fields).
    field: Mapped[str | None] = mapped_column(String(64))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
