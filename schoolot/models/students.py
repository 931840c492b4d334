"""Students, their IEP OT service lines, goals and equipment; and blocks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schoolot.extensions import Base
from schoolot.models.base import in_list
from schoolot.models.district import School
from schoolot.models.staff import Teacher, Therapist
from schoolot.values import GOAL_AREAS, WEEKDAYS, weekly_sessions

PERIODS = ("week", "month", "quarter", "year")
DELIVERIES = ("pull_out", "push_in", "consult")
GROUPINGS = ("individual", "group")
BLOCK_SCOPES = ("school", "grade", "teacher", "student")
BLOCK_KINDS = ("busy", "protected")


class Student(Base):
    __tablename__ = "student"
    __table_args__ = (CheckConstraint("iep_end >= iep_start", name="iep_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100), index=True)
    grade: Mapped[str] = mapped_column(String(4), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id"), index=True)
    therapist_id: Mapped[int | None] = mapped_column(
        ForeignKey("therapist.id", ondelete="SET NULL"), index=True
    )
    iep_start: Mapped[dt.date]
    iep_end: Mapped[dt.date]
    # "Keep with this therapist": balancing caseloads never moves the student.
    keep_therapist: Mapped[bool] = mapped_column(default=False, server_default=false())

    school: Mapped[School] = relationship(back_populates="students")
    teacher: Mapped[Teacher] = relationship(back_populates="students")
    therapist: Mapped[Therapist | None] = relationship(back_populates="students")
    services: Mapped[list[ServiceLine]] = relationship(
        back_populates="student", cascade="all, delete-orphan", order_by="ServiceLine.code"
    )
    goals: Mapped[list[Goal]] = relationship(
        back_populates="student", cascade="all, delete-orphan", order_by="Goal.code"
    )
    equipment: Mapped[list[Equipment]] = relationship(
        back_populates="student", cascade="all, delete-orphan", order_by="Equipment.id"
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ServiceLine(Base):
    """One IEP OT service line: minutes per period, in sessions of a fixed length."""

    __tablename__ = "service_line"
    __table_args__ = (
        CheckConstraint("minutes > 0", name="minutes_positive"),
        CheckConstraint("session_minutes > 0", name="session_positive"),
        CheckConstraint("minutes % session_minutes = 0", name="whole_sessions"),
        CheckConstraint("max_group >= 1", name="max_group_positive"),
        CheckConstraint(in_list("per", PERIODS), name="per"),
        CheckConstraint(in_list("delivery", DELIVERIES), name="delivery"),
        CheckConstraint(in_list("grouping", GROUPINGS), name="grouping"),
        CheckConstraint('"end" IS NULL OR start IS NULL OR "end" >= start', name="dates_in_order"),
        CheckConstraint("(fixed_day IS NULL) = (fixed_start IS NULL)", name="fixed_day_and_start"),
        CheckConstraint("fixed_day IS NULL OR " + in_list("fixed_day", WEEKDAYS), name="fixed_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    student_id: Mapped[int] = mapped_column(
        ForeignKey("student.id", ondelete="CASCADE"), index=True
    )
    minutes: Mapped[int]
    per: Mapped[str] = mapped_column(String(8), default="week")
    session_minutes: Mapped[int]
    delivery: Mapped[str] = mapped_column(String(10), default="pull_out")
    grouping: Mapped[str] = mapped_column(String(12), default="individual")
    max_group: Mapped[int] = mapped_column(default=3)
    start: Mapped[dt.date | None]
    end: Mapped[dt.date | None]
    # "Mondays 10:00": the line's weekly session is held on this weekday at this start.
    fixed_day: Mapped[str | None] = mapped_column(String(3))
    fixed_start: Mapped[dt.time | None]

    student: Mapped[Student] = relationship(back_populates="services")

    @property
    def weekly_sessions(self) -> int:
        """Sessions in the weekly pattern; a monthly line is spread as ceil(minutes/4)."""
        return weekly_sessions(self.minutes, self.per, self.session_minutes)

    @property
    def effective_start(self) -> dt.date:
        return self.start or self.student.iep_start

    @property
    def effective_end(self) -> dt.date:
        return self.end or self.student.iep_end


class Goal(Base):
    __tablename__ = "goal"
    __table_args__ = (CheckConstraint(in_list("area", GOAL_AREAS), name="area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    student_id: Mapped[int] = mapped_column(
        ForeignKey("student.id", ondelete="CASCADE"), index=True
    )
    area: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text)
    baseline: Mapped[str | None] = mapped_column(String(200))
    target: Mapped[str | None] = mapped_column(String(200))

    student: Mapped[Student] = relationship(back_populates="goals")


class Equipment(Base):
    """Equipment or assistive technology a student uses."""

    __tablename__ = "equipment"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(
        ForeignKey("student.id", ondelete="CASCADE"), index=True
    )
    item: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(500))

    student: Mapped[Student] = relationship(back_populates="equipment")


class Block(Base):
    """A time when students are not free: `busy` (no therapy) or `protected` (push-in only).

    The target depends on the scope: a grade, a teacher or a student; none for `school`.
    """

    __tablename__ = "block"
    __table_args__ = (
        CheckConstraint(in_list("scope", BLOCK_SCOPES), name="scope"),
        CheckConstraint(in_list("kind", BLOCK_KINDS), name="kind"),
        CheckConstraint('"end" > start', name="in_order"),
        CheckConstraint(
            "(scope = 'grade') = (target_grade IS NOT NULL)"
            " AND (scope = 'teacher') = (teacher_id IS NOT NULL)"
            " AND (scope = 'student') = (student_id IS NOT NULL)",
            name="target_matches_scope",
        ),
        CheckConstraint("cycle_week IS NULL OR cycle_week >= 1", name="cycle_week_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    scope: Mapped[str] = mapped_column(String(10))
    target_grade: Mapped[str | None] = mapped_column(String(4))
    teacher_id: Mapped[int | None] = mapped_column(
        ForeignKey("teacher.id", ondelete="CASCADE"), index=True
    )
    student_id: Mapped[int | None] = mapped_column(
        ForeignKey("student.id", ondelete="CASCADE"), index=True
    )
    weekdays: Mapped[str] = mapped_column(String(40))
    start: Mapped[dt.time]
    end: Mapped[dt.time]
    kind: Mapped[str] = mapped_column(String(10))
    label: Mapped[str | None] = mapped_column(String(100))
    # The week of the cycle the block holds in (1 = week A, for A/B schedules); None:
    # every week.
    cycle_week: Mapped[int | None]

    school: Mapped[School] = relationship(back_populates="blocks")
    teacher: Mapped[Teacher | None] = relationship()
    student: Mapped[Student | None] = relationship()

    @property
    def target(self) -> str:
        """The bundle's `target` cell."""
        if self.scope == "grade":
            return self.target_grade or ""
        if self.scope == "teacher" and self.teacher is not None:
            return self.teacher.code
        if self.scope == "student" and self.student is not None:
            return self.student.code
        return ""
