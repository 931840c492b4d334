"""The VTIMEZONE: yearly rules derived from the zone's real transitions, read back the
same by dateutil (through icalendar) and libical as zoneinfo has them."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import icalendar
import pytest

from schoolot.feeds.vtimezone import transitions, vtimezone_lines
from tests.feed_readers import libical_reading


def calendar_with_zone(zone: str, first: int, last: int, events: str = "") -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//schoolot tests//EN",
        *vtimezone_lines(zone, first, last),
        *events.split("\n"),
        "END:VCALENDAR",
    ]
    return ("\r\n".join(line for line in lines if line) + "\r\n").encode()


def offsets_disagree(zone_name: str, first: int, last: int) -> list[dt.datetime]:
    """Wall times (every hour, at half past, over the years) where the VTIMEZONE, read by dateutil
    through icalendar, gives another UTC offset than zoneinfo."""
    body = calendar_with_zone(zone_name, first, last)
    component = icalendar.Calendar.from_ical(body).walk("VTIMEZONE")[0]
    theirs = component.to_tz(lookup_tzid=False)  # built from our text, not looked up
    assert type(theirs).__name__ == "_tzicalvtz"
    ours = zoneinfo.ZoneInfo(zone_name)
    wrong = []
    moment = dt.datetime(first, 1, 1, 0, 30)
    while moment.year <= last:
        offset = moment.replace(tzinfo=ours).utcoffset()
        # Wall times skipped or repeated by a change have no one right offset: left out.
        clear = offset == moment.replace(tzinfo=ours, fold=1).utcoffset()
        if clear and moment.replace(tzinfo=theirs).utcoffset() != offset:
            wrong.append(moment)
        moment += dt.timedelta(hours=1)
    return wrong


ZONES = [
    "America/Chicago",
    "America/Los_Angeles",
    "America/New_York",
    "America/Denver",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Phoenix",
    "America/Puerto_Rico",
    "Europe/Berlin",
    "Europe/London",
    "Australia/Sydney",
    "America/Santiago",
    "UTC",
]


@pytest.mark.parametrize("zone", ZONES)
def test_the_vtimezone_gives_zoneinfos_offset_at_every_time_of_the_years(zone):
    assert offsets_disagree(zone, 2025, 2027) == []


def test_a_zone_with_daylight_saving_gets_two_yearly_rules():
    assert vtimezone_lines("America/Chicago", 2025, 2027) == (
        "BEGIN:VTIMEZONE",
        "TZID:America/Chicago",
        "BEGIN:DAYLIGHT",
        "DTSTART:20240310T020000",
        "TZOFFSETFROM:-0600",
        "TZOFFSETTO:-0500",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
        "TZNAME:CDT",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "DTSTART:20241103T020000",
        "TZOFFSETFROM:-0500",
        "TZOFFSETTO:-0600",
        "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
        "TZNAME:CST",
        "END:STANDARD",
        "END:VTIMEZONE",
    )


def test_a_last_sunday_rule_is_written_as_minus_one():
    lines = vtimezone_lines("Europe/Berlin", 2025, 2027)
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in lines
    assert "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU" in lines


def test_a_zone_without_daylight_saving_gets_one_standard_observance():
    lines = vtimezone_lines("America/Phoenix", 2025, 2027)
    assert lines.count("BEGIN:STANDARD") == 1 and "BEGIN:DAYLIGHT" not in lines
    assert "TZOFFSETFROM:-0700" in lines and "TZOFFSETTO:-0700" in lines
    assert not any(line.startswith(("RRULE", "RDATE")) for line in lines)


def test_a_zone_whose_rules_change_gets_each_change_and_no_rdate():
    # Mexico City kept daylight time in 2022 and abolished it from 2023 on.
    assert transitions(zoneinfo.ZoneInfo("America/Mexico_City"), 2023) == []
    lines = vtimezone_lines("America/Mexico_City", 2022, 2023)
    assert not any(line.startswith(("RRULE", "RDATE")) for line in lines)
    assert offsets_disagree("America/Mexico_City", 2022, 2023) == []


def test_libical_reads_the_offsets_from_the_vtimezone_itself():
    """Two events on either side of the spring change: libical's UTC times follow the
    VTIMEZONE's rules, and a wrong rule (third Sunday) moves one of them."""
    events = "\n".join(
        [
            "BEGIN:VEVENT",
            "UID:a@test",
            "DTSTAMP:20260901T000000Z",
            "DTSTART;TZID=America/Chicago:20270312T090000",
            "DTEND;TZID=America/Chicago:20270312T093000",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:b@test",
            "DTSTAMP:20260901T000000Z",
            "DTSTART;TZID=America/Chicago:20270315T090000",
            "DTEND;TZID=America/Chicago:20270315T093000",
            "END:VEVENT",
        ]
    )
    body = calendar_with_zone("America/Chicago", 2025, 2027, events)
    reading = libical_reading(body)
    assert reading["errors"] == [] and reading["restriction_ok"]
    starts = {
        event["uid"]: dt.datetime.fromtimestamp(event["start_utc"], dt.UTC)
        for event in reading["events"]
    }
    assert starts["a@test"].hour == 15 and starts["b@test"].hour == 14
    wrong = body.replace(b"BYMONTH=3;BYDAY=2SU", b"BYMONTH=3;BYDAY=3SU")
    wrong_starts = {e["uid"]: e["start_utc"] for e in libical_reading(wrong)["events"]}
    assert dt.datetime.fromtimestamp(wrong_starts["b@test"], dt.UTC).hour == 15
