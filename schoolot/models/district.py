"""The district, its schools, travel times and calendar."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schoolot.cycle import MAX_CYCLE_WEEKS, SERVICE_MODELS
from schoolot.extensions import Base
from schoolot.models.base import in_list

if TYPE_CHECKING:  # only for the annotations; the modules import this one
    from schoolot.models.staff import Teacher
    from schoolot.models.students import Block, Student


CALENDAR_KINDS = ("closed", "early_release")
# Missed sessions owed back by default: therapist- and school-caused (see service_log).
MAKEUP_REASONS_DEFAULT = "student_unavailable therapist_absent school_closed therapist_reassigned"
# How calendar feeds name a student (see District.feed_names).
FEED_NAME_STYLES = ("first_initial", "initials")


class District(Base):
    """The one district this instance serves, and its scheduling settings."""

    __tablename__ = "district"
    __table_args__ = (
        CheckConstraint("year_end > year_start", name="year_in_order"),
        CheckConstraint("lunch_minutes >= 0", name="lunch_minutes_positive"),
        CheckConstraint("lunch_window_end > lunch_window_start", name="lunch_window_in_order"),
        CheckConstraint("group_grade_span >= 0", name="grade_span_positive"),
        CheckConstraint(in_list("feed_names", FEED_NAME_STYLES), name="feed_names"),
        CheckConstraint("capacity_minutes_per_fte > 0", name="capacity_positive"),
        CheckConstraint("documentation_minutes_per_student >= 0", name="documentation_positive"),
        CheckConstraint("under_percent >= 0 AND over_percent > under_percent", name="thresholds"),
        CheckConstraint("access_log_days > 0", name="access_log_days_positive"),
        CheckConstraint("iep_terms_by IN ('edit', 'propose')", name="iep_terms_by"),
        CheckConstraint(
            f"cycle_weeks IS NULL OR (cycle_weeks >= 1 AND cycle_weeks <= {MAX_CYCLE_WEEKS})",
            name="cycle_weeks_range",
        ),
        CheckConstraint(in_list("service_model", SERVICE_MODELS), name="service_model"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))
    year_start: Mapped[dt.date]
    year_end: Mapped[dt.date]
    school_days: Mapped[str] = mapped_column(String(40), default="Mon Tue Wed Thu Fri")
    lunch_minutes: Mapped[int] = mapped_column(default=30)
    lunch_window_start: Mapped[dt.time] = mapped_column(default=dt.time(11, 0))
    lunch_window_end: Mapped[dt.time] = mapped_column(default=dt.time(13, 30))
    group_grade_span: Mapped[int] = mapped_column(default=1)
    # How calendar feeds name a student: "first_initial" (Maya R.) or "initials" (M.R.).
    feed_names: Mapped[str] = mapped_column(String(16), default="first_initial")
    # Workload (docs/caseload.md): minutes a week one full-time therapist can give, the
    # documentation allowed per student a week, and the thresholds, in percent of
    # capacity, above which a therapist is over capacity and below which under-used.
    capacity_minutes_per_fte: Mapped[int] = mapped_column(default=1800, server_default="1800")
    documentation_minutes_per_student: Mapped[int] = mapped_column(default=10, server_default="10")
    over_percent: Mapped[int] = mapped_column(default=100, server_default="100")
    under_percent: Mapped[int] = mapped_column(default=60, server_default="60")
    # Services delivered (docs/compliance.md): the reasons for a missed session whose
    # minutes are owed back as a makeup, space-separated (SessionLog.reason values).
    makeup_reasons: Mapped[str] = mapped_column(
        String(200),
        default=MAKEUP_REASONS_DEFAULT,
        server_default=MAKEUP_REASONS_DEFAULT,
    )

    # Records (issue 14): days an access-log entry is kept, and whether therapists edit
    # IEP terms (line minutes, period, session length, dates) or propose changes.
    access_log_days: Mapped[int] = mapped_column(default=1095, server_default="1095")
    iep_terms_by: Mapped[str] = mapped_column(String(8), default="edit", server_default="edit")

    # The cycle of weeks (schoolot/cycle.py, docs/cycle.md): weeks in the schedule's
    # cycle (None: 4 when any line is monthly or any therapist works 3:1, else 1); the
    # date whose calendar week is week 1 (None: the first day of the school year); and
    # how therapists serve, "weekly" or "3:1" (a therapist may differ).
    cycle_weeks: Mapped[int | None]
    cycle_anchor: Mapped[dt.date | None]
    service_model: Mapped[str] = mapped_column(String(8), default="weekly", server_default="weekly")

    @property
    def makeup_reason_list(self) -> tuple[str, ...]:
        return tuple(self.makeup_reasons.split())

    @property
    def school_day_list(self) -> tuple[str, ...]:
        return tuple(self.school_days.split())


class School(Base):
    __tablename__ = "school"
    __table_args__ = (CheckConstraint("day_end > day_start", name="day_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    day_start: Mapped[dt.time]
    day_end: Mapped[dt.time]
    address: Mapped[str | None] = mapped_column(String(300))

    teachers: Mapped[list[Teacher]] = relationship(back_populates="school", order_by="Teacher.code")
    students: Mapped[list[Student]] = relationship(back_populates="school")
    blocks: Mapped[list[Block]] = relationship(
        back_populates="school", cascade="all, delete-orphan"
    )


class TravelTime(Base):
    """Driving minutes between two schools; a pair given one way holds both ways."""

    __tablename__ = "travel_time"
    __table_args__ = (
        UniqueConstraint("from_school_id", "to_school_id"),
        CheckConstraint("from_school_id <> to_school_id", name="distinct_schools"),
        CheckConstraint("minutes >= 0", name="minutes_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    from_school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"))
    to_school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"))
    minutes: Mapped[int]

    from_school: Mapped[School] = relationship(foreign_keys=[from_school_id])
    to_school: Mapped[School] = relationship(foreign_keys=[to_school_id])


class CalendarDay(Base):
    """A closed or early-release day, for one school or (school empty) every school."""

    __tablename__ = "calendar_day"
    __table_args__ = (
        CheckConstraint(in_list("kind", CALENDAR_KINDS), name="kind"),
        CheckConstraint(
            "(kind = 'early_release') = (end_time IS NOT NULL)", name="end_time_iff_early"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[dt.date] = mapped_column(index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    end_time: Mapped[dt.time | None]
    note: Mapped[str | None] = mapped_column(String(200))

    school: Mapped[School | None] = relationship()
