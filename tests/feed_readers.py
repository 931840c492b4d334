"""Three independent readings of a calendar feed, and what the app says it should hold.

- `icalendar` (the library the project pins): strict parse, local times and TZIDs;
- `vobject`: parse, validate, and UTC times from the feed's own VTIMEZONE (dateutil);
- libical through Debian's Python (tests/libical_reader.py): parse, restriction check,
  X-LIC-ERRORs, and UTC times from libical's own reading of the VTIMEZONE.

Each gives `Occurrence`s; `expected_occurrences` gives the ones the app computes from
the schedule and the calendar (`dated_sessions`), with UTC times from zoneinfo.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import subprocess
import zoneinfo
from dataclasses import dataclass
from typing import Any

import icalendar
import vobject
from sqlalchemy import select

from schoolot.extensions import db
from schoolot.models import District
from schoolot.scheduling.store import in_force
from schoolot.timetable.dated import dated_sessions
from schoolot.timetable.school_year import SchoolYear, monday_of
from schoolot.timetable.sources import select_sessions

SYSTEM_PYTHON = "/usr/bin/python3"
LIBICAL_READER = pathlib.Path(__file__).with_name("libical_reader.py")


@dataclass(frozen=True, order=True)
class Occurrence:
    """One event as a reader sees it: local wall times (naive) and the instants (UTC)."""

    uid: str
    start: dt.datetime
    end: dt.datetime
    start_utc: dt.datetime
    end_utc: dt.datetime


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


def read_with_icalendar(body: bytes) -> list[Occurrence]:
    calendar = icalendar.Calendar.from_ical(body)
    found = []
    for event in calendar.walk("VEVENT"):
        assert event["DTSTART"].params["TZID"] == event["DTEND"].params["TZID"]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        found.append(
            Occurrence(
                str(event["UID"]),
                start.replace(tzinfo=None),
                end.replace(tzinfo=None),
                _utc(start),
                _utc(end),
            )
        )
    return sorted(found)


def read_with_vobject(body: bytes) -> list[Occurrence]:
    calendar = vobject.readOne(body.decode("utf-8"), validate=True)
    assert calendar.validate(raiseException=True)
    found = []
    for event in getattr(calendar, "vevent_list", []):
        start, end = event.dtstart.value, event.dtend.value
        # vobject builds the zone from the feed's VTIMEZONE (dateutil's tzical).
        assert type(start.tzinfo).__name__ == "_tzicalvtz", start.tzinfo
        found.append(
            Occurrence(
                event.uid.value,
                start.replace(tzinfo=None),
                end.replace(tzinfo=None),
                _utc(start),
                _utc(end),
            )
        )
    return sorted(found)


def libical_reading(body: bytes) -> dict[str, Any]:
    """What libical makes of `body` (see tests/libical_reader.py). Fails, never skips,
    when Debian's python3-gi or gir1.2-ical-3.0 is missing."""
    result = subprocess.run(
        [SYSTEM_PYTHON, str(LIBICAL_READER)],
        input=body,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, (
        "libical could not be run: install Debian's python3-gi and gir1.2-ical-3.0\n"
        + result.stderr.decode(errors="replace")
    )
    return json.loads(result.stdout)


def read_with_libical(body: bytes) -> list[Occurrence]:
    """libical's events, after asserting it parsed `body` with no error at all."""
    reading = libical_reading(body)
    assert reading["parsed"] and reading["kind"] == "VCALENDAR"
    assert reading["restriction_ok"], reading["errors"]
    assert reading["errors"] == [] and reading["error_count"] == 0, reading["errors"]
    found = []
    for event in reading["events"]:
        assert event["start_utc"] is not None, f"no VTIMEZONE for {event['tzid']}"
        found.append(
            Occurrence(
                event["uid"],
                dt.datetime.strptime(event["start_local"], "%Y%m%dT%H%M%S"),
                dt.datetime.strptime(event["end_local"], "%Y%m%dT%H%M%S"),
                dt.datetime.fromtimestamp(event["start_utc"], dt.UTC),
                dt.datetime.fromtimestamp(event["end_utc"], dt.UTC),
            )
        )
    return sorted(found)


READERS = {
    "icalendar": read_with_icalendar,
    "vobject": read_with_vobject,
    "libical": read_with_libical,
}


def expected_occurrences(kind: str, owner_id: int) -> list[Occurrence]:
    """The dated sessions the app computes for the feed, as a reader should see them."""
    session = db.session()
    district = session.scalar(select(District))
    year = SchoolYear.load(session)
    version = in_force(session)
    if district is None or year is None or version is None:
        return []
    zone = zoneinfo.ZoneInfo(district.timezone)
    selection = select_sessions(session, version, kind, owner_id)
    found = []
    for dated in dated_sessions(year, selection.sessions, shows=selection.shows):
        start = dt.datetime.combine(dated.date, dated.start)
        end = dt.datetime.combine(dated.date, dated.end)
        found.append(
            Occurrence(
                f"{dated.session.uid}-{monday_of(dated.date):%Y%m%d}@schoolot",
                start,
                end,
                _utc(start.replace(tzinfo=zone)),
                _utc(end.replace(tzinfo=zone)),
            )
        )
    return sorted(found)
