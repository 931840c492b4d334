"""Therapists with their schools and working hours, and teachers."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schoolot.cycle import SERVICE_MODELS
from schoolot.extensions import Base
from schoolot.models.base import in_list
from schoolot.models.district import School

if TYPE_CHECKING:  # only for the annotations; the modules import this one
    from schoolot.models.students import Student


THERAPIST_ROLES = ("OT", "COTA")

therapist_school = Table(
    "therapist_school",
    Base.metadata,
    Column("therapist_id", ForeignKey("therapist.id", ondelete="CASCADE"), primary_key=True),
    Column("school_id", ForeignKey("school.id", ondelete="CASCADE"), primary_key=True),
)


class Therapist(Base):
    __tablename__ = "therapist"
    __table_args__ = (
        CheckConstraint(in_list("role", THERAPIST_ROLES), name="role"),
        CheckConstraint("fte > 0 AND fte <= 1", name="fte_range"),
        CheckConstraint(
            "service_model IS NULL OR " + in_list("service_model", SERVICE_MODELS),
            name="service_model",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(8), default="OT")
    fte: Mapped[float] = mapped_column(default=1.0)
    # "weekly" or "3:1" (schoolot/cycle.py); None: the district's service model.
    service_model: Mapped[str | None] = mapped_column(String(8))

    schools: Mapped[list[School]] = relationship(secondary=therapist_school, order_by="School.code")
    hours: Mapped[list[TherapistHours]] = relationship(
        back_populates="therapist", cascade="all, delete-orphan", order_by="TherapistHours.id"
    )
    students: Mapped[list[Student]] = relationship(back_populates="therapist")


class TherapistHours(Base):
    """Working hours on one or several weekdays, optionally pinned to one school."""

    __tablename__ = "therapist_hours"
    __table_args__ = (
        CheckConstraint('"end" > start', name="in_order"),
        CheckConstraint("cycle_week IS NULL OR cycle_week >= 1", name="cycle_week_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(
        ForeignKey("therapist.id", ondelete="CASCADE"), index=True
    )
    weekdays: Mapped[str] = mapped_column(String(40))
    start: Mapped[dt.time]
    end: Mapped[dt.time]
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"))
    # The week of the cycle these hours hold in (1 = week A); None: every week.
    cycle_week: Mapped[int | None]

    therapist: Mapped[Therapist] = relationship(back_populates="hours")
    school: Mapped[School | None] = relationship()


class Teacher(Base):
    __tablename__ = "teacher"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    grade: Mapped[str | None] = mapped_column(String(4))
    room: Mapped[str | None] = mapped_column(String(40))

    school: Mapped[School] = relationship(back_populates="teachers")
    students: Mapped[list[Student]] = relationship(back_populates="teacher")
