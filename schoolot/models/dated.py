"""Sessions of quarterly and yearly service lines, placed on dates (schoolot.dated).

A line of so many sessions a quarter or a year is not part of the repeating cycle of
weeks: each of its sessions is one dated session of a schedule version, placed when
the version is stored, so publishing the version publishes them with it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schoolot.extensions import Base
from schoolot.models.district import School
from schoolot.models.schedules import ScheduleVersion
from schoolot.models.staff import Therapist
from schoolot.models.students import ServiceLine
from schoolot.models.users import utcnow


class DatedLineSession(Base):
    """One session of a quarterly or yearly line on its date, in one schedule version."""

    __tablename__ = "dated_line_session"
    __table_args__ = (
        CheckConstraint('"end" > start', name="in_order"),
        UniqueConstraint("schedule_id", "uid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(
        ForeignKey("schedule_version.id", ondelete="CASCADE"), index=True
    )
    # Calendar identity (iCalendar UID), opaque.
    uid: Mapped[str] = mapped_column(String(32))
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
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    schedule: Mapped[ScheduleVersion] = relationship()
    service_line: Mapped[ServiceLine] = relationship()
    therapist: Mapped[Therapist] = relationship()
    school: Mapped[School] = relationship()

    @property
    def minutes(self) -> int:
        start = dt.datetime.combine(self.date, self.start)
        return int((dt.datetime.combine(self.date, self.end) - start).total_seconds() // 60)
