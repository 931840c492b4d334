"""The district's settings for records of student records (issue 14)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from sqlalchemy.orm import Session

from schoolot.errors import ValidationFailed
from schoolot.models import District
from schoolot.models.records import IEP_TERMS_BY

# Ten years: longer is kept forever in all but name, and fits the column's checks.
MOST_DAYS = 3650


def save_records_settings(
    session: Session, district: District, access_log_days: int | None, iep_terms_by: str
) -> District:
    """Set the days access-log entries are kept and who may change IEP terms."""
    problems = []
    if access_log_days is None or not 1 <= access_log_days <= MOST_DAYS:
        problems.append(f"access_log_days: enter a whole number of days from 1 to {MOST_DAYS}")
    if iep_terms_by not in IEP_TERMS_BY:
        problems.append(f"iep_terms_by: choose one of {', '.join(IEP_TERMS_BY)}")
    if problems:
        raise ValidationFailed(problems)
    assert access_log_days is not None
    district.access_log_days = access_log_days
    district.iep_terms_by = iep_terms_by
    session.flush()
    return district


def month_bounds(district: District, month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The calendar month holding `month` in the district's time zone, as naive UTC
    [start, end) moments (how entries are stored)."""
    first = month.replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return day_bounds(district, first, last)


def day_bounds(
    district: District, first: dt.date, last: dt.date
) -> tuple[dt.datetime, dt.datetime]:
    """Days `first` to `last` inclusive in the district's time zone, as naive UTC [start, end)."""
    zone = zoneinfo.ZoneInfo(district.timezone)

    def utc(day: dt.date) -> dt.datetime:
        local = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
        return local.astimezone(dt.UTC).replace(tzinfo=None)

    return utc(first), utc(last + dt.timedelta(days=1))
