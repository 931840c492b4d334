"""Stored schedules: each solve makes a version; one published version is in force.

A version keeps what the solver decided (assignments, sessions, travel) and what it
could not place, with the reason. Session `uid`s are opaque and stable: a session
carried over from the schedule in force keeps its uid (and its calendar identity).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schoolot.extensions import Base
from schoolot.models.base import in_list
from schoolot.models.district import School
from schoolot.models.jobs import LeasedJob
from schoolot.models.staff import Therapist
from schoolot.models.students import DELIVERIES, ServiceLine, Student
from schoolot.models.users import User, utcnow

SCHEDULE_STATES = ("draft", "published", "archived", "discarded")
JOB_STATES = ("queued", "running", "done", "failed", "cancelled")

session_service = Table(
    "session_service",
    Base.metadata,
    Column("session_id", ForeignKey("scheduled_session.id", ondelete="CASCADE"), primary_key=True),
    Column("service_line_id", ForeignKey("service_line.id", ondelete="CASCADE"), primary_key=True),
)


class ScheduleVersion(Base):
    __tablename__ = "schedule_version"
    __table_args__ = (CheckConstraint(in_list("state", SCHEDULE_STATES), name="state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(12), default="draft", index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    published_at: Mapped[dt.datetime | None]
    # The district date this version stands from once published (`publish-schedule
    # --from`); None: the date it was published.
    stands_from: Mapped[dt.date | None]
    # The last change to what this version says; calendar feeds use it as DTSTAMP.
    revised_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # The schedule in force when this one was solved (what "moved" is counted against).
    based_on_id: Mapped[int | None] = mapped_column(
        ForeignKey("schedule_version.id", ondelete="SET NULL")
    )
    solver_status: Mapped[str] = mapped_column(String(12))
    objective: Mapped[float]
    bound: Mapped[float]
    seconds: Mapped[float]
    seed: Mapped[int]
    time_limit: Mapped[float]
    lines_met: Mapped[int]
    lines_owed: Mapped[int]
    # Proven by the solver for its assignments: no valid schedule meets more lines.
    most_lines_met: Mapped[int | None]
    travel_minutes: Mapped[int]
    # Minutes between sessions of a therapist's day (no travel, no lunch), a week; None
    # for versions stored before it was counted.
    idle_minutes: Mapped[int | None]
    # (seconds, objective, bound) over the search, for the progress chart.
    progress: Mapped[list] = mapped_column(JSON, default=list)
    # Per therapist with lines left out, what they would need, in words; None for
    # versions stored before they were written.
    shortfalls: Mapped[list[str] | None] = mapped_column(JSON)
    # Options of one solve (`flask solve --options N`): the others point at the first
    # ranked (which points at none); the rank from 1, the weight profiles
    # (week.WEIGHT_PROFILES) that found this schedule, and its figures beyond the above.
    option_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("schedule_version.id", ondelete="SET NULL"), index=True
    )
    option_rank: Mapped[int | None]
    option_profiles: Mapped[list[str] | None] = mapped_column(JSON)
    moved_sessions: Mapped[int | None]
    school_days: Mapped[int | None]
    # Weeks in the cycle this version repeats (schoolot/cycle.py); its sessions each
    # hold a `cycle_week` from 1.
    cycle_weeks: Mapped[int] = mapped_column(default=1, server_default="1")

    created_by: Mapped[User | None] = relationship()
    based_on: Mapped[ScheduleVersion | None] = relationship(
        remote_side=[id], foreign_keys=[based_on_id]
    )
    option_of: Mapped[ScheduleVersion | None] = relationship(
        remote_side=[id], foreign_keys=[option_of_id]
    )
    sessions: Mapped[list[ScheduledSession]] = relationship(
        back_populates="schedule", cascade="all, delete-orphan", passive_deletes=True
    )
    travel: Mapped[list[ScheduledTravel]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    assignments: Mapped[list[ScheduleAssignment]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    unscheduled: Mapped[list[UnscheduledLine]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class ScheduledSession(Base):
    """One session of the cycle: a therapist at a school on a weekday of a cycle week,
    with its service lines; it repeats every `cycle_weeks` weeks."""

    __tablename__ = "scheduled_session"
    __table_args__ = (
        CheckConstraint('"end" > start', name="in_order"),
        CheckConstraint(in_list("delivery", DELIVERIES), name="delivery"),
        UniqueConstraint("schedule_id", "uid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(
        ForeignKey("schedule_version.id", ondelete="CASCADE"), index=True
    )
    uid: Mapped[str] = mapped_column(String(32))
    therapist_id: Mapped[int] = mapped_column(
        ForeignKey("therapist.id", ondelete="CASCADE"), index=True
    )
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"))
    # The week of the version's cycle, from 1 (always 1 in a one-week cycle).
    cycle_week: Mapped[int] = mapped_column(default=1, server_default="1")
    weekday: Mapped[str] = mapped_column(String(3))
    start: Mapped[dt.time]
    end: Mapped[dt.time]
    delivery: Mapped[str] = mapped_column(String(10))
    locked: Mapped[bool] = mapped_column(default=False)
    # Calendar identity: bumped when a carried-over session moves (iCalendar SEQUENCE).
    sequence: Mapped[int] = mapped_column(default=0)
    modified_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    schedule: Mapped[ScheduleVersion] = relationship(back_populates="sessions")
    therapist: Mapped[Therapist] = relationship()
    school: Mapped[School] = relationship()
    services: Mapped[list[ServiceLine]] = relationship(
        secondary=session_service, order_by="ServiceLine.code"
    )


class ScheduledTravel(Base):
    __tablename__ = "scheduled_travel"

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(
        ForeignKey("schedule_version.id", ondelete="CASCADE"), index=True
    )
    therapist_id: Mapped[int] = mapped_column(ForeignKey("therapist.id", ondelete="CASCADE"))
    cycle_week: Mapped[int] = mapped_column(default=1, server_default="1")
    weekday: Mapped[str] = mapped_column(String(3))
    from_school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"))
    to_school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"))
    start: Mapped[dt.time]
    end: Mapped[dt.time]

    therapist: Mapped[Therapist] = relationship()
    from_school: Mapped[School] = relationship(foreign_keys=[from_school_id])
    to_school: Mapped[School] = relationship(foreign_keys=[to_school_id])


class ScheduleAssignment(Base):
    """Which therapist serves a student in this version."""

    __tablename__ = "schedule_assignment"
    __table_args__ = (UniqueConstraint("schedule_id", "student_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(
        ForeignKey("schedule_version.id", ondelete="CASCADE"), index=True
    )
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"))
    therapist_id: Mapped[int] = mapped_column(ForeignKey("therapist.id", ondelete="CASCADE"))

    student: Mapped[Student] = relationship()
    therapist: Mapped[Therapist] = relationship()


class UnscheduledLine(Base):
    """A service line this version could not place, and why, in words a coordinator can act on."""

    __tablename__ = "unscheduled_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(
        ForeignKey("schedule_version.id", ondelete="CASCADE"), index=True
    )
    service_line_id: Mapped[int] = mapped_column(ForeignKey("service_line.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text)

    service_line: Mapped[ServiceLine] = relationship()


class SolveJob(LeasedJob, Base):
    """A solve requested from the app, run by a worker, watched by the progress page."""

    __tablename__ = "solve_job"
    __table_args__ = (
        CheckConstraint(in_list("state", JOB_STATES), name="state"),
        CheckConstraint("active_slot = 1", name="active_slot_is_one"),
    )

    time_limit: Mapped[float]
    seed: Mapped[int] = mapped_column(default=0)
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    # Ranked schedules asked for (1 to solver.options.MAX_OPTIONS), sharing the time limit.
    options: Mapped[int] = mapped_column(default=1)
    # (seconds, objective, bound) points, appended as the search goes.
    progress: Mapped[list] = mapped_column(JSON, default=list)
    schedule_id: Mapped[int | None] = mapped_column(
        ForeignKey("schedule_version.id", ondelete="SET NULL")
    )

    schedule: Mapped[ScheduleVersion | None] = relationship()
