"""The iCalendar feed of a therapist, a teacher or a school.

The whole school year, each date with the schedule that stood on it
(`schoolot.timetable.history`: past weeks keep the sessions planned then), one VEVENT
per session on each date it happens (`schoolot.timetable.dated`): nothing on a closed
day, nothing past an early release, nothing outside a student's service dates; in a
cycle of several weeks (docs/cycle.md), only on the dates of the session's cycle week. Clients
differ on overrides of a recurring series, so there is no RRULE. Every time carries the
district zone's TZID, defined by a VTIMEZONE in the RRULE style
(`schoolot.feeds.vtimezone`).

Identity: an occurrence's UID is its session's opaque `uid` and the Monday of its week,
so it survives re-solves, and a session moved to another weekday keeps it (with a
higher SEQUENCE and a new LAST-MODIFIED from the session). In the week a new schedule
takes over, a session it moved to a later weekday would be in that week twice (its
earlier date under the old schedule): that earlier date's UID names the date instead.
DTSTAMP is the revision of the schedule that stood on the date, so unchanged data
gives the same bytes. An accepted makeup is a one-off event (`timetable.one_off`) with
its own stable UID (`makeup-<Makeup.uid>`) and SEQUENCE, bumped when it moves; declined
and proposed ones are not in a feed. No METHOD: the feed is a published calendar, not
an iTIP message.

Privacy: students appear only as the district's `feed_names` style ("Maya R." or
"M.R."); a teacher's feed lists only that teacher's students (others in a group as a
count). No ids, goals, diagnoses or notes.

The text is written directly, not through the `icalendar` library (too slow for the
50 ms budget of a therapist's year: see `schoolot.feeds.ical_text`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot.district.settings import get_district
from schoolot.errors import SchoolotError
from schoolot.feeds.ical_text import escape_text, fold, param_value, utc_datetime
from schoolot.feeds.names import by_label, room_label, student_label, student_labels
from schoolot.feeds.vtimezone import vtimezone_lines
from schoolot.models import (
    District,
    ScheduledSession,
    ScheduleVersion,
    School,
    Student,
    Teacher,
    Therapist,
)
from schoolot.timetable.dated import DatedSession, dated_sessions, service_dates
from schoolot.timetable.history import History
from schoolot.timetable.one_off import OneOffSession, accepted_makeups, dated_one_offs
from schoolot.timetable.school_year import SchoolYear, monday_of
from schoolot.timetable.sources import SCHOOL, TEACHER, THERAPIST, select_sessions

PRODID = "-//schoolot//Occupational therapy schedule//EN"
# How often clients should fetch again (RFC 7986 REFRESH-INTERVAL, and Outlook's TTL).
REFRESH = "PT1H"
UID_DOMAIN = "schoolot"
DELIVERY_LABELS = {"pull_out": "pull-out", "push_in": "push-in", "consult": "consult"}
OWNERS: dict[str, type[Therapist] | type[Teacher] | type[School]] = {
    THERAPIST: Therapist,
    TEACHER: Teacher,
    SCHOOL: School,
}


class UnknownFeedOwner(SchoolotError):
    """No therapist, teacher or school with that id."""


def feed_owner(session: Session, kind: str, owner_id: int) -> Therapist | Teacher | School:
    """The therapist, teacher or school a feed belongs to; UnknownFeedOwner otherwise."""
    model = OWNERS.get(kind)
    if model is None:
        raise UnknownFeedOwner(f"no feed kind {kind!r} (therapist, teacher or school)")
    owner = session.get(model, owner_id)
    if owner is None:
        raise UnknownFeedOwner(f"no {kind} with id {owner_id}")
    assert isinstance(owner, Therapist | Teacher | School)
    return owner


def owner_by_code(session: Session, kind: str, code: str) -> Therapist | Teacher | School | None:
    """The therapist, teacher or school with that id of the bundle (its `code`)."""
    model = OWNERS[kind]
    owner = session.scalar(select(model).where(model.code == code.strip()))
    assert owner is None or isinstance(owner, Therapist | Teacher | School)
    return owner


def calendar_name(kind: str, owner: Therapist | Teacher | School) -> str:
    """The name a calendar client shows: 'OT: Room 301 (Ms. Taylor)', 'OT: Zoe Ward'."""
    if kind == TEACHER:
        assert isinstance(owner, Teacher)
        room = room_label(owner)
        return f"OT: {room} ({owner.name})" if room else f"OT: {owner.name}"
    return f"OT: {owner.name}"


def feed_filename(kind: str, owner: Therapist | Teacher | School) -> str:
    """A file name for the feed: 'ot-room-301-ms-taylor.ics'."""
    slug = re.sub(r"[^a-z0-9]+", "-", calendar_name(kind, owner).lower()).strip("-")
    return f"{slug or 'ot'}.ics"


def build_feed(session: Session, kind: str, owner_id: int) -> bytes:
    """The feed of `kind` ('therapist', 'teacher', 'school') `owner_id` as iCalendar
    bytes (UTF-8, CRLF, folded): the school year, each date from the schedule that stood
    on it; a valid calendar with no event before a schedule is published.
    UnknownFeedOwner for a wrong id."""
    owner = feed_owner(session, kind, owner_id)
    district = get_district(session)
    zone_name = district.timezone if district is not None else "UTC"
    name = calendar_name(kind, owner)
    out = [
        fold(line)
        for line in (
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            f"PRODID:{PRODID}",
            "CALSCALE:GREGORIAN",
            f"NAME:{escape_text(name)}",
            f"X-WR-CALNAME:{escape_text(name)}",
            f"X-WR-TIMEZONE:{escape_text(zone_name)}",
            f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}",
            f"X-PUBLISHED-TTL:{REFRESH}",
        )
    ]
    first_year, last_year = _years(district)
    out += [fold(line) for line in vtimezone_lines(zone_name, first_year, last_year)]
    if district is not None:
        out += _events(session, district, kind, owner_id)
    out.append(fold("END:VCALENDAR"))
    return "".join(out).encode()


def _events(session: Session, district: District, kind: str, owner_id: int) -> list[str]:
    """The VEVENTs of the year, each date from the schedule that stood on it."""
    year = SchoolYear.of(session, district)
    style, zone = district.feed_names, district.timezone
    parts = []
    for version, first, last in History.load(session, district).between(year.start, year.end):
        selection = select_sessions(session, version, kind, owner_id)
        dated = dated_sessions(year, selection.sessions, first, last, shows=selection.shows)
        parts.append((_EventWriter(kind, style, zone, version, selection.shows), dated))
    # Newest era first, to know which (session, week) a later schedule holds.
    later: set[tuple[str, dt.date]] = set()
    events: list[list[str]] = []
    for writer, dated in reversed(parts):
        weeks = [(o.session.uid, monday_of(o.date)) for o in dated]
        events.append(
            [writer.event(o, clashes=week in later) for o, week in zip(dated, weeks, strict=True)]
        )
        later.update(weeks)
    one_offs = dated_one_offs(year, accepted_makeups(session, kind, owner_id, year.start, year.end))
    if one_offs:
        writer = _EventWriter(kind, style, zone, None, None)
        events.insert(0, [writer.one_off_event(o) for o in one_offs])
    return [event for era in reversed(events) for event in era]


def _years(district: District | None) -> tuple[int, int]:
    """The calendar years the VTIMEZONE must cover: the school year's."""
    if district is None:
        today = dt.date.today()
        return today.year, today.year + 1
    return district.year_start.year, district.year_end.year


@dataclass
class _EventWriter:
    """Writes the VEVENTs of one feed. The lines a session has on every date (summary,
    location...) are written once per session and set of students, then reused."""

    kind: str
    style: str
    zone_name: str
    version: ScheduleVersion | None  # None for one-off events, stamped by their own time
    shows: Callable[[Student], bool] | None

    def __post_init__(self) -> None:
        tzid = f";TZID={param_value(self.zone_name)}"
        # DTSTART;TZID=...:YYYYMMDDTHHMMSS stays within 75 octets for any zone name of
        # the tz database (the longest has 32 characters); longer ones are refused.
        if len(f"DTSTART{tzid}:20260101T000000".encode()) > 75:
            raise ValueError(f"time zone name too long for a feed: {self.zone_name!r}")
        self.dtstart = f"DTSTART{tzid}:"
        self.dtend = f"DTEND{tzid}:"
        self._times: dict[int, tuple[str, str, str]] = {}
        stamped = self.version.revised_at if self.version is not None else None
        self.stamp = fold(f"DTSTAMP:{utc_datetime(stamped)}") if stamped else ""
        self._details: dict[tuple, str] = {}
        self._hidden: dict[int, list[tuple[int, dt.date, dt.date]]] = {}

    def event(self, occurrence: DatedSession, *, clashes: bool = False) -> str:
        """The VEVENT of `occurrence`; `clashes`: a later schedule has the session in
        this week too, so this date's UID names the date rather than the week."""
        session = occurrence.session
        date = occurrence.date
        times = self._times.get(session.id)
        if times is None:
            times = self._times[session.id] = (
                session.uid,
                f"T{session.start:%H%M%S}\r\n",
                f"T{session.end:%H%M%S}\r\n",
            )
        uid, start, end = times
        others = self._others_on(session, date)
        key = (session.id, tuple(s.id for s in occurrence.students), others)
        details = self._details.get(key)
        if details is None:
            details = self._details[key] = self._session_lines(session, occurrence.students, others)
        day = f"{date.year:04d}{date.month:02d}{date.day:02d}"
        when = f"{day}-earlier" if clashes else f"{monday_of(date):%Y%m%d}"
        return (
            "BEGIN:VEVENT\r\n"
            + fold(f"UID:{uid}-{when}@{UID_DOMAIN}")
            + self.stamp
            + self.dtstart
            + day
            + start
            + self.dtend
            + day
            + end
            + details
            + "END:VEVENT\r\n"
        )

    def one_off_event(self, occurrence: DatedSession) -> str:
        """The VEVENT of an accepted makeup or of a quarterly or yearly line's dated
        session on its date: its own UID (`makeup-` or `dated-` and its uid), stamped
        when it was last decided or moved."""
        one_off = occurrence.session
        day = f"{occurrence.date:%Y%m%d}"
        return (
            "BEGIN:VEVENT\r\n"
            + fold(f"UID:{_uid_prefix(one_off)}-{one_off.uid}@{UID_DOMAIN}")
            + fold(f"DTSTAMP:{utc_datetime(one_off.modified_at)}")
            + f"{self.dtstart}{day}T{one_off.start:%H%M%S}\r\n"
            + f"{self.dtend}{day}T{one_off.end:%H%M%S}\r\n"
            + self._session_lines(one_off, occurrence.students, 0)
            + "END:VEVENT\r\n"
        )

    def _others_on(self, session: ScheduledSession, date: dt.date) -> int:
        """How many students of the session's group this feed does not show, on `date`."""
        if self.shows is None:
            return 0
        hidden = self._hidden.get(session.id)
        if hidden is None:
            shows = self.shows
            hidden = self._hidden[session.id] = [
                (line.student.id, *service_dates(line))
                for line in session.services
                if not shows(line.student)
            ]
        return len({student for student, first, last in hidden if first <= date <= last})

    def _session_lines(
        self, session: ScheduledSession, students: tuple[Student, ...], others: int
    ) -> str:
        delivery = DELIVERY_LABELS.get(session.delivery, session.delivery)
        names = ", ".join(student_labels(students, self.style))
        if others:
            names += f" + {others} other{'s' if others > 1 else ''}"
        teachers = {student.teacher_id: student.teacher for student in students}
        room = room_label(next(iter(teachers.values()))) if len(teachers) == 1 else None
        location = session.school.name + (f", {room}" if room else "")
        what = f"makeup, {delivery}" if isinstance(session, OneOffSession) else delivery
        lines = [
            f"SEQUENCE:{session.sequence}",
            f"LAST-MODIFIED:{utc_datetime(session.modified_at)}",
            f"SUMMARY:{escape_text(f'OT {what}: {names}')}",
            f"DESCRIPTION:{escape_text(self._description(session, delivery, students, others))}",
            f"LOCATION:{escape_text(location)}",
            f"CATEGORIES:{escape_text(delivery)}",
            "STATUS:CONFIRMED",
            # A teacher's or school's calendar shows when students leave; it does not
            # make the teacher busy. A therapist's sessions are their busy time.
            f"TRANSP:{'OPAQUE' if self.kind == THERAPIST else 'TRANSPARENT'}",
        ]
        return "".join(fold(line) for line in lines)

    def _description(
        self, session: ScheduledSession, delivery: str, students: tuple[Student, ...], others: int
    ) -> str:
        therapist = f"{session.therapist.name} ({session.therapist.role})"
        consult = session.delivery == "consult"
        if consult:
            who = "you" if self.kind == TEACHER else "the class teacher"
            lines = [f"Occupational therapy consult with {who}, by {therapist}."]
        else:
            lines = [f"Occupational therapy, {delivery}, with {therapist}."]
        if isinstance(session, OneOffSession):
            lines.insert(0, "A makeup session, for minutes owed back.")
        if self.kind == TEACHER:
            labels = ", ".join(student_labels(students, self.style))
            plural = "s" if len(students) > 1 else ""
            # Labels end in a period ("Maya R."): no second one after them.
            lines.append(f"About: {labels}" if consult else f"Your student{plural}: {labels}")
            if others:
                plural = "s" if others > 1 else ""
                lines.append(f"Also in the group: {others} student{plural} of other classes.")
        else:
            lines.append("About:" if consult else "Students:")
            lines += [f"- {_with_class(s, self.style)}" for s in by_label(students, self.style)]
        return "\n".join(lines)


def _with_class(student: Student, style: str) -> str:
    """'Maya R. (Ms. Taylor, Room 301)'."""
    teacher = student.teacher
    room = room_label(teacher)
    where = f"{teacher.name}, {room}" if room else teacher.name
    return f"{student_label(student, style)} ({where})"


def _uid_prefix(session: ScheduledSession | OneOffSession) -> str:
    return session.uid_prefix if isinstance(session, OneOffSession) else "makeup"
