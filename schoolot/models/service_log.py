"""Services delivered: what happened to each dated session, goal progress, and makeups.

A `SessionLog` is one student's record of one session on one date: delivered (with
minutes and a note) or missed (with a reason). Planned sessions are logged against the
weekly session (`session_uid`) that stood on the date; extra and makeup sessions have
none. A saved log is amended only with a reason, and the change history keeps what it
said before. `GoalProgress` marks a goal's progress on a date, usually from a log. A
`Makeup` is a one-off session the solver proposed for minutes owed back; once accepted
it shows in timetables and feeds, and counts as delivered once logged.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schoolot.extensions import Base
from schoolot.models.base import in_list
from schoolot.models.district import School
from schoolot.models.staff import Therapist
from schoolot.models.students import Goal, ServiceLine, Student
from schoolot.models.users import User, utcnow

LOG_STATUSES = ("delivered", "missed")
# Why a session was not delivered, in the words of issue 12 and `flask import-session-log`.
MISS_REASONS = (
    "student_absent",
    "student_unavailable",
    "therapist_absent",
    "school_closed",
    "therapist_reassigned",
    "other",
)
MISS_REASON_LABELS = {
    "student_absent": "Student absent",
    "student_unavailable": "Student unavailable (field trip, testing)",
    "therapist_absent": "Therapist absent",
    "school_closed": "School closed or event",
    "therapist_reassigned": "Therapist reassigned",
    "other": "Other",
}
# planned: a session of the schedule that stood on the date; extra: one not planned;
# makeup: one that makes up minutes owed back (from an accepted Makeup, or logged so).
LOG_KINDS = ("planned", "extra", "makeup")
PROGRESS_MARKS = ("no_progress", "some_progress", "good_progress", "met", "regressed")
PROGRESS_LABELS = {
    "no_progress": "No progress",
    "some_progress": "Some progress",
    "good_progress": "Good progress",
    "met": "Goal met",
    "regressed": "Regressed",
}
MAKEUP_STATES = ("proposed", "accepted", "declined")


class SessionLog(Base):
    """One student's record of one session on one date."""

    __tablename__ = "session_log"
    __table_args__ = (
        CheckConstraint(in_list("status", LOG_STATUSES), name="status"),
        CheckConstraint(in_list("kind", LOG_KINDS), name="kind"),
        CheckConstraint(
            "(status = 'missed' AND reason IS NOT NULL AND minutes = 0)"
            " OR (status = 'delivered' AND reason IS NULL AND minutes > 0)",
            name="reason_when_missed",
        ),
        CheckConstraint("reason IS NULL OR " + in_list("reason", MISS_REASONS), name="reason"),
        CheckConstraint("kind = 'planned' OR session_uid IS NULL", name="uid_when_planned"),
        # One log per student, line, date and planned session (unplanned: any number).
        UniqueConstraint("service_line_id", "date", "session_uid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_line_id: Mapped[int] = mapped_column(
        ForeignKey("service_line.id", ondelete="CASCADE"), index=True
    )
    student_id: Mapped[int] = mapped_column(
        ForeignKey("student.id", ondelete="CASCADE"), index=True
    )
    # Who delivered it (or was to); kept when the therapist's record goes.
    therapist_id: Mapped[int | None] = mapped_column(
        ForeignKey("therapist.id", ondelete="SET NULL"), index=True
    )
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id", ondelete="SET NULL"))
    date: Mapped[dt.date] = mapped_column(index=True)
    start: Mapped[dt.time]
    # Minutes delivered to this student (0 when missed).
    minutes: Mapped[int]
    # The planned session's length (None for an extra or makeup session).
    planned_minutes: Mapped[int | None]
    kind: Mapped[str] = mapped_column(String(10), default="planned")
    # ScheduledSession.uid of the planned weekly session (stable across versions).
    session_uid: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(String(24))
    note: Mapped[str | None] = mapped_column(Text)
    # Students in the session that day (1: individual), for Medicaid group units.
    group_size: Mapped[int] = mapped_column(default=1)
    makeup_id: Mapped[int | None] = mapped_column(
        ForeignKey("makeup.id", ondelete="SET NULL"), index=True
    )
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Set by each amendment (the change history holds the reason and before/after).
    amended_at: Mapped[dt.datetime | None]

    service_line: Mapped[ServiceLine] = relationship()
    student: Mapped[Student] = relationship()
    therapist: Mapped[Therapist | None] = relationship()
    school: Mapped[School | None] = relationship()
    recorded_by: Mapped[User | None] = relationship()
    makeup: Mapped[Makeup | None] = relationship(back_populates="logs")
    progress: Mapped[list[GoalProgress]] = relationship(
        back_populates="log", cascade="all, delete-orphan", passive_deletes=True
    )


class GoalProgress(Base):
    """A goal's progress marked on a date, with a note; usually from a session log."""

    __tablename__ = "goal_progress"
    __table_args__ = (CheckConstraint(in_list("mark", PROGRESS_MARKS), name="mark"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"), index=True)
    log_id: Mapped[int | None] = mapped_column(
        ForeignKey("session_log.id", ondelete="CASCADE"), index=True
    )
    date: Mapped[dt.date]
    mark: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    goal: Mapped[Goal] = relationship()
    log: Mapped[SessionLog | None] = relationship(back_populates="progress")
    recorded_by: Mapped[User | None] = relationship()


class Makeup(Base):
    """A one-off session to make up minutes owed back on one service line."""

    __tablename__ = "makeup"
    __table_args__ = (
        CheckConstraint(in_list("state", MAKEUP_STATES), name="state"),
        CheckConstraint('"end" > start', name="in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable calendar identity of the one-off event (iCalendar UID).
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    service_line_id: Mapped[int] = mapped_column(
        ForeignKey("service_line.id", ondelete="CASCADE"), index=True
    )
    therapist_id: Mapped[int] = mapped_column(
        ForeignKey("therapist.id", ondelete="CASCADE"), index=True
    )
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(index=True)
    start: Mapped[dt.time]
    end: Mapped[dt.time]
    state: Mapped[str] = mapped_column(String(10), default="proposed", index=True)
    # Why the solver chose the slot, or what the therapist changed.
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    decided_at: Mapped[dt.datetime | None]
    # Bumped when an accepted makeup moves (iCalendar SEQUENCE).
    sequence: Mapped[int] = mapped_column(default=0)

    service_line: Mapped[ServiceLine] = relationship()
    therapist: Mapped[Therapist] = relationship()
    school: Mapped[School] = relationship()
    decided_by: Mapped[User | None] = relationship()
    logs: Mapped[list[SessionLog]] = relationship(back_populates="makeup")

    @property
    def minutes(self) -> int:
        return (
            dt.datetime.combine(self.date, self.end) - dt.datetime.combine(self.date, self.start)
        ).seconds // 60
