"""The district's settings: name, time zone, school year and scheduling defaults."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from schoolot import cycle, rules
from schoolot.district.cycle import automatic_weeks, therapist_models
from schoolot.district.problems import required_text
from schoolot.models import Block, CalendarDay, District, TherapistHours
from schoolot.models.district import FEED_NAME_STYLES
from schoolot.problems import Problems
from schoolot.values import (
    DEFAULT_SCHOOL_DAYS,
    format_time,
    minutes_of,
    parse_choice,
    parse_weekdays,
)


def get_district(session: Session) -> District | None:
    """The one district, or None before it is set up."""
    return session.scalar(select(District).order_by(District.id).limit(1))


def district_today(district: District, now: dt.datetime | None = None) -> dt.date:
    """Today's date where the district is (its time zone), not the server's."""
    moment = now or dt.datetime.now(dt.UTC)
    return moment.astimezone(zoneinfo.ZoneInfo(district.timezone)).date()


def district_school_days(session: Session) -> str | None:
    """The district's school days; None before the district is set up."""
    district = get_district(session)
    return district.school_days if district else None


def school_days_or_default(session: Session) -> str:
    """The district's school days, or the default week before the district is set up."""
    return district_school_days(session) or " ".join(DEFAULT_SCHOOL_DAYS)


def timezone_problem(name: str) -> str | None:
    """None when `name` is an IANA time zone, else a message."""
    if not name:
        return "enter an IANA time zone, e.g. America/Chicago"
    return rules.known_timezone(name)


def save_district(
    session: Session,
    *,
    name: str,
    timezone: str,
    year_start: dt.date,
    year_end: dt.date,
    school_days: str = "Mon Tue Wed Thu Fri",
    lunch_minutes: int = 30,
    lunch_window_start: dt.time = dt.time(11, 0),
    lunch_window_end: dt.time = dt.time(13, 30),
    group_grade_span: int = 1,
    feed_names: str = "first_initial",
    capacity_minutes_per_fte: int = 1800,
    documentation_minutes_per_student: int = 10,
    over_percent: int = 100,
    under_percent: int = 60,
    cycle_weeks: int | None = None,
    cycle_anchor: dt.date | None = None,
    service_model: str = "weekly",
) -> District:
    """Create the district's settings, or update them when the district exists."""
    problems = Problems()
    name = required_text(problems, "name", name, "district's name")
    timezone = (timezone or "").strip()
    problems.add("timezone", timezone_problem(timezone))
    # The model requires a year of at least two days, like the bundle import.
    problems.add("year_end", rules.in_order(year_start, year_end, "the school year"))
    try:
        school_days = parse_weekdays(school_days, allow_all=False)
    except ValueError as error:
        problems.add("school_days", str(error))
    if lunch_minutes < 0:
        problems.add("lunch_minutes", "lunch minutes cannot be negative")
    window_problem = rules.in_order(lunch_window_start, lunch_window_end, "the lunch window")
    problems.add("lunch_window_end", window_problem)
    window = minutes_of(lunch_window_end) - minutes_of(lunch_window_start)
    if not window_problem and lunch_minutes > window:
        problems.add(
            "lunch_minutes",
            f"{lunch_minutes} minutes of lunch do not fit in the lunch window "
            f"{format_time(lunch_window_start)}-{format_time(lunch_window_end)}",
        )
    if group_grade_span < 0:
        problems.add("group_grade_span", "the grade span cannot be negative")
    try:
        feed_names = parse_choice(feed_names, FEED_NAME_STYLES)
    except ValueError as error:
        problems.add("feed_names", str(error))
    _check_workload_settings(
        problems,
        capacity_minutes_per_fte,
        documentation_minutes_per_student,
        over_percent,
        under_percent,
    )
    _check_cycle(session, problems, cycle_weeks, cycle_anchor, service_model, year_start, year_end)
    if not problems:
        problems.add("year_start", _calendar_outside_year(session, year_start, year_end))
    problems.raise_if_any()

    district = get_district(session)
    if district is None:
        district = District()
        session.add(district)
    district.name = name
    district.timezone = timezone
    district.year_start = year_start
    district.year_end = year_end
    district.school_days = school_days
    district.lunch_minutes = lunch_minutes
    district.lunch_window_start = lunch_window_start
    district.lunch_window_end = lunch_window_end
    district.group_grade_span = group_grade_span
    district.feed_names = feed_names
    district.capacity_minutes_per_fte = capacity_minutes_per_fte
    district.documentation_minutes_per_student = documentation_minutes_per_student
    district.over_percent = over_percent
    district.under_percent = under_percent
    district.cycle_weeks = cycle_weeks
    district.cycle_anchor = cycle_anchor
    district.service_model = service_model
    session.flush()
    return district


def _check_workload_settings(
    problems: Problems, capacity: int, documentation: int, over: int, under: int
) -> None:
    """The workload settings (docs/caseload.md), each refused in the field's own words."""
    if capacity <= 0:
        problems.add("capacity_minutes_per_fte", "capacity per FTE must be at least 1 minute")
    elif capacity > 7 * 24 * 60:
        problems.add(
            "capacity_minutes_per_fte",
            f"capacity per FTE of {capacity} minutes is more than a week holds (10,080)",
        )
    if documentation < 0:
        problems.add(
            "documentation_minutes_per_student", "documentation minutes cannot be negative"
        )
    if under < 0:
        problems.add("under_percent", "the under-used threshold cannot be negative")
    if over <= under:
        problems.add(
            "over_percent",
            f"the over-capacity threshold ({over}%) must be above the under-used one ({under}%)",
        )


def _check_cycle(
    session: Session,
    problems: Problems,
    weeks_setting: int | None,
    anchor: dt.date | None,
    service_model: str,
    year_start: dt.date,
    year_end: dt.date,
) -> None:
    """The cycle of weeks (docs/cycle.md): 1 to 8 weeks (None: automatic), an anchor in
    the year, 3:1 only with 4 or 8 weeks, and no block or hours in a week beyond it."""
    if weeks_setting is not None and not 1 <= weeks_setting <= cycle.MAX_CYCLE_WEEKS:
        problems.add("cycle_weeks", f"a cycle has 1 to {cycle.MAX_CYCLE_WEEKS} weeks")
        return
    if service_model not in cycle.SERVICE_MODELS:
        problems.add("service_model", f"'{service_model}' is not one of weekly, 3:1")
        return
    if anchor is not None:
        problems.add("cycle_anchor", rules.cycle_anchor_in_year(anchor, year_start, year_end))
    weeks = weeks_setting or automatic_weeks(session, service_model)
    problems.add("service_model", rules.three_one_cycle(service_model, weeks))
    if service_model != cycle.THREE_ONE and cycle.THREE_ONE in therapist_models(session):
        problems.add("cycle_weeks", rules.three_one_cycle(cycle.THREE_ONE, weeks, "a therapist"))
    problems.add("cycle_weeks", weeks_in_use_beyond(session, weeks))


def weeks_in_use_beyond(session: Session, weeks: int) -> str | None:
    """Blocks and working hours set to a week beyond a cycle of `weeks` weeks."""
    found: list[tuple[int, str, int]] = []
    for model, what in ((Block, "block(s)"), (TherapistHours, "working hours row(s)")):
        count, last = session.execute(
            select(func.count(), func.max(model.cycle_week)).where(model.cycle_week > weeks)
        ).one()
        if count and last is not None:
            found.append((count, what, last))
    if not found:
        return None
    listed = " and ".join(f"{count} {what}" for count, what, _ in found)
    last = max(week for _, _, week in found)
    return (
        f"{listed} hold in weeks beyond a cycle of {weeks} week(s) (up to week {last}): "
        "set them to a week of the cycle or to every week first"
    )


def _calendar_outside_year(session: Session, start: dt.date, end: dt.date) -> str | None:
    """Shrinking the year must not strand calendar days outside it."""
    stranded = list(
        session.scalars(
            select(CalendarDay.date)
            .where((CalendarDay.date < start) | (CalendarDay.date > end))
            .order_by(CalendarDay.date)
        )
    )
    if not stranded:
        return None
    shown = ", ".join(str(d) for d in stranded[:5]) + (" ..." if len(stranded) > 5 else "")
    return (
        f"{len(stranded)} calendar day(s) would fall outside the school year ({shown}); "
        "delete or move them first"
    )
