"""Records kept about student records: who opened what (`access_log`) and the changes
to IEP terms a therapist proposes for a coordinator to approve (`change_proposal`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from schoolot.extensions import Base
from schoolot.models.base import in_list
from schoolot.models.users import utcnow

PROPOSAL_STATES = ("pending", "approved", "rejected")
PROPOSAL_KINDS = ("service_line", "student")
# District.iep_terms_by: therapists edit IEP terms directly, or propose changes.
IEP_TERMS_BY = ("edit", "propose")


class AccessEntry(Base):
    """One view of a student's page or one download or export: who, what, when, from
    where. No foreign keys on purpose (as the change history): entries outlive the
    accounts and students they name, until the district's retention purges them."""

    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_student_at", "student_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(index=True)
    # Who, in words, as they were then: "Mai Miller (therapist)".
    actor: Mapped[str] = mapped_column(String(300))
    # What was opened: "student page", "student timetable", "caseload CSV", ...
    what: Mapped[str] = mapped_column(String(100))
    # The student opened (None for an export of many), and their id as then known.
    student_id: Mapped[int | None]
    student_code: Mapped[str | None] = mapped_column(String(64))
    # The export's filters and other arguments: "therapist_id=3 school=2".
    detail: Mapped[str | None] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(String(64))


# The students an export of many held (one row each), so a student's "who opened" page
# lists the downloads their data left in. No foreign key to the student, as the entry;
# the entry's rows go with it (the retention's purge).
access_log_student = Table(
    "access_log_student",
    Base.metadata,
    Column("access_log_id", ForeignKey("access_log.id", ondelete="CASCADE"), primary_key=True),
    Column("student_id", Integer, primary_key=True, index=True),
)


class ChangeProposal(Base):
    """A therapist's change to a service line's or a student's IEP terms, held until a
    coordinator approves (the change is then made) or rejects it (with a reason)."""

    __tablename__ = "change_proposal"
    __table_args__ = (
        CheckConstraint(in_list("state", PROPOSAL_STATES), name="state"),
        CheckConstraint(in_list("record_kind", PROPOSAL_KINDS), name="record_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    state: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    student_id: Mapped[int] = mapped_column(
        ForeignKey("student.id", ondelete="CASCADE"), index=True
    )
    record_kind: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[int]
    # The line's code or the student's, as when proposed.
    record_label: Mapped[str] = mapped_column(String(64))
    # JSON: {field: [before, after]}, dates as YYYY-MM-DD.
    changes: Mapped[str] = mapped_column(Text)
    proposed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    proposed_by: Mapped[str] = mapped_column(String(300))
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    decided_by: Mapped[str | None] = mapped_column(String(300))
    decided_at: Mapped[dt.datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(Text)
