"""The feed's iCalendar text: framing, names, time zone, events, identical bytes."""

from __future__ import annotations

import re

import icalendar
import pytest

from schoolot.extensions import db
from schoolot.feeds.ical import build_feed, calendar_name, feed_filename
from schoolot.feeds.ical_text import escape_text, fold
from schoolot.models import ScheduleVersion
from tests.factories import make_district, make_school, make_teacher, make_therapist
from tests.feed_district import FeedDistrict
from tests.feed_readers import libical_reading, read_with_icalendar, read_with_vobject


@pytest.fixture
def district(app) -> FeedDistrict:
    district = FeedDistrict(db.session)
    db.session.commit()
    return district


def feed(kind: str, owner) -> bytes:
    return build_feed(db.session(), kind, owner.id)


def lines(body: bytes) -> list[str]:
    """The unfolded content lines."""
    return body.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


def events(body: bytes) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(body).walk("VEVENT")


# --- framing ------------------------------------------------------------------------


def test_a_feed_is_crlf_utf8_folded_at_75_octets_with_version_prodid_and_no_method(district):
    for kind, owner in (("therapist", district.ward), ("teacher", district.taylor)):
        body = feed(kind, owner)
        text = body.decode("utf-8")
        assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
        assert text.endswith("END:VCALENDAR\r\n")
        assert "\n" not in text.replace("\r\n", "")  # every line ends in CRLF
        assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
        unfolded = lines(body)
        assert not any(line.startswith("METHOD") for line in unfolded)
        assert sum(line.startswith("VERSION:") for line in unfolded) == 1


def test_folding_never_splits_a_utf8_character_and_unfolds_to_the_line():
    line = "SUMMARY:" + "Zoë Ñúñez, " * 20
    folded = fold(line)
    assert folded.endswith("\r\n")
    parts = folded[:-2].split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join([parts[0], *(part[1:] for part in parts[1:])]) == line
    exactly = "X" * 75
    assert fold(exactly) == exactly + "\r\n"
    assert fold(exactly + "Y") == exactly + "\r\n Y\r\n"


def test_text_values_are_escaped():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert escape_text("bell\x07") == "bell"


def test_the_calendar_names_itself_once_and_asks_for_an_hourly_refresh(district):
    unfolded = lines(feed("teacher", district.taylor))
    assert [line for line in unfolded if line.startswith("NAME")] == [
        "NAME:OT: Room 301 (Ms. Taylor)"
    ]
    assert [line for line in unfolded if line.startswith("X-WR-CALNAME")] == [
        "X-WR-CALNAME:OT: Room 301 (Ms. Taylor)"
    ]
    assert "X-WR-TIMEZONE:America/Chicago" in unfolded
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in unfolded
    assert "X-PUBLISHED-TTL:PT1H" in unfolded
    calendar = icalendar.Calendar.from_ical(feed("teacher", district.taylor))
    assert calendar.decoded("REFRESH-INTERVAL").total_seconds() == 3600
    # An X- property is text to icalendar: read it as the duration it must be.
    ttl = icalendar.vDuration.from_ical(str(calendar["X-PUBLISHED-TTL"]))
    assert ttl.total_seconds() == 3600


def test_names_and_file_names_of_each_kind_of_feed(district):
    assert calendar_name("therapist", district.ward) == "OT: Zoe Ward"
    assert calendar_name("school", district.oak) == "OT: Oak Elementary"
    assert calendar_name("teacher", district.chen) == "OT: Mr. Chen"  # no room known
    assert feed_filename("teacher", district.taylor) == "ot-room-301-ms-taylor.ics"


def test_the_vtimezone_has_rrule_rules_and_every_time_names_it(district):
    unfolded = lines(feed("therapist", district.ward))
    start = unfolded.index("BEGIN:VTIMEZONE")
    end = unfolded.index("END:VTIMEZONE")
    assert unfolded.count("BEGIN:VTIMEZONE") == 1
    zone = unfolded[start : end + 1]
    assert zone[1] == "TZID:America/Chicago"
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU" in zone
    assert "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU" in zone
    assert not any(line.startswith(("RDATE", "COMMENT")) for line in zone)
    times = [line for line in unfolded if re.match(r"DT(START|END)[;:]", line)]
    event_times = times[2:]  # the first two are the VTIMEZONE's own DTSTARTs
    assert event_times and all(
        line.startswith(("DTSTART;TZID=America/Chicago:", "DTEND;TZID=America/Chicago:"))
        for line in event_times
    )


def test_with_no_schedule_in_force_the_feed_is_an_empty_valid_calendar(app):
    make_district(db.session, timezone="America/Chicago")
    school = make_school(db.session, "OAK", name="Oak Elementary")
    teacher = make_teacher(db.session, school, name="Ms. Taylor", room="301")
    therapist = make_therapist(db.session, [school], name="Zoe Ward")
    db.session.commit()
    for kind, owner in (("teacher", teacher), ("therapist", therapist), ("school", school)):
        body = feed(kind, owner)
        assert b"BEGIN:VTIMEZONE" in body and b"BEGIN:VEVENT" not in body
        assert read_with_icalendar(body) == [] and read_with_vobject(body) == []
        reading = libical_reading(body)
        assert reading["restriction_ok"] and reading["errors"] == []
        assert reading["zones"] == ["America/Chicago"] and reading["events"] == []


# --- events -------------------------------------------------------------------------


def test_each_event_carries_uid_sequence_last_modified_and_the_revision_as_dtstamp(district):
    district.monday.sequence = 3
    db.session.commit()
    found = events(feed("therapist", district.ward))
    mondays = [e for e in found if str(e["UID"]).startswith("mon0000000000001-")]
    assert mondays
    first = mondays[0]
    assert str(first["UID"]) == "mon0000000000001-20260824@schoolot"  # Monday of the week
    assert first.decoded("SEQUENCE") == 3
    assert first.decoded("LAST-MODIFIED").isoformat() == "2026-08-30T18:30:00+00:00"
    assert first.decoded("DTSTAMP").isoformat() == "2026-09-01T12:00:00+00:00"
    assert len({str(e["UID"]) for e in found}) == len(found)  # one event per UID


def test_categories_say_the_delivery_and_location_the_school_and_room(district):
    by_delivery = {}
    for event in events(feed("therapist", district.ward)):
        by_delivery.setdefault(str(event["CATEGORIES"].cats[0]), event)
    assert set(by_delivery) == {"pull-out", "push-in", "consult"}
    # Ana's push-in is in Ms. Taylor's room; the Monday group mixes two classes.
    assert str(by_delivery["push-in"]["LOCATION"]) == "Oak Elementary, Room 301"
    assert str(by_delivery["pull-out"]["LOCATION"]) == "Oak Elementary"
    assert str(by_delivery["consult"]["LOCATION"]) == "Oak Elementary, Room 301"


def test_summaries_name_the_delivery_and_the_students(district):
    summaries = {str(e["SUMMARY"]) for e in events(feed("therapist", district.ward))}
    assert summaries == {
        "OT pull-out: Leo P., Maya R.",
        "OT push-in: Ana L.",
        "OT consult: Maya R.",
    }


def test_unchanged_data_gives_identical_bytes(district):
    first = feed("school", district.oak)
    db.session.expire_all()
    assert feed("school", district.oak) == first


def test_a_new_revision_of_the_schedule_changes_only_the_dtstamps(district):
    before = feed("therapist", district.ward)
    version = db.session.get(ScheduleVersion, district.version.id)
    version.revised_at = version.revised_at.replace(hour=13)
    db.session.commit()
    after = feed("therapist", district.ward)
    assert before != after
    assert before.replace(b"DTSTAMP:20260901T120000Z", b"DTSTAMP:20260901T130000Z") == after
