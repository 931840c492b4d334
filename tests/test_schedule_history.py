"""Past dates keep the schedule that stood on them: eras of published schedules, and the
feeds and timetables drawn from them."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import icalendar
import pytest

from schoolot.extensions import db
from schoolot.feeds.ical import build_feed
from schoolot.models import ScheduleVersion
from schoolot.timetable.history import Dates, History
from schoolot.timetable.in_force import InForce
from tests.factories import make_district, make_scheduled_session, make_user, make_version
from tests.feed_district import FeedDistrict, t
from tests.feed_readers import read_with_libical

D = dt.date


def _published(when: dt.datetime, state: str = "archived") -> ScheduleVersion:
    return ScheduleVersion(state=state, published_at=when)


# --- eras ---------------------------------------------------------------------------


def test_each_schedule_stands_from_its_publication_day_to_the_next_ones(app):
    district = make_district(db.session, timezone="America/Chicago")
    first = _published(dt.datetime(2026, 9, 1, 12, 0))
    # 03:00 UTC on 2 Nov is still 1 November in Chicago.
    second = _published(dt.datetime(2026, 11, 2, 3, 0))
    third = _published(dt.datetime(2027, 1, 5, 15, 0), state="published")

    history = History.of([first, second, third], district)

    assert [(era.version, era.dates) for era in history.eras] == [
        (first, Dates(None, D(2026, 10, 31))),
        (second, Dates(D(2026, 11, 1), D(2027, 1, 4))),
        (third, Dates(D(2027, 1, 5), None)),
    ]
    assert history.in_force is third
    assert history.on(D(2026, 8, 20)) is first  # the first stands for the weeks before it
    assert history.on(D(2026, 10, 31)) is first
    assert history.on(D(2026, 11, 1)) is second
    assert history.on(D(2027, 5, 1)) is third
    assert list(history.between(D(2026, 10, 26), D(2026, 11, 1))) == [
        (first, D(2026, 10, 26), D(2026, 10, 31)),
        (second, D(2026, 11, 1), D(2026, 11, 1)),
    ]
    assert list(history.between(D(2027, 2, 1), D(2027, 2, 7))) == [
        (third, D(2027, 2, 1), D(2027, 2, 7))
    ]


def test_the_last_schedule_published_on_a_day_stands_for_that_day(app):
    district = make_district(db.session, timezone="America/Chicago")
    morning = _published(dt.datetime(2026, 10, 5, 14, 0))
    afternoon = _published(dt.datetime(2026, 10, 5, 20, 0), state="published")

    history = History.of([morning, afternoon], district)

    assert [era.version for era in history.eras] == [afternoon]
    assert history.on(D(2026, 10, 5)) is afternoon


def test_no_history_before_a_schedule_is_published(app):
    district = make_district(db.session)
    make_version(db.session, "draft")
    make_version(db.session, "discarded")
    history = History.load(db.session(), district)
    assert history.eras == [] and history.in_force is None and history.on(D(2026, 9, 1)) is None


# --- feeds and timetables -------------------------------------------------------------

# The new schedule is published on Wednesday 4 November 2026 (09:00 in Chicago): Maya and
# Leo's group moves from Monday 09:00 to Thursday 11:00, the same session (uid) moved.
REPUBLISHED = dt.datetime(2026, 11, 4, 15, 0)
SWITCH_WEEK = D(2026, 11, 2)


@pytest.fixture
def district(app) -> FeedDistrict:
    district = FeedDistrict(db.session)
    old = district.version
    old.state = "archived"
    db.session.flush()
    new = make_version(db.session, "published", published_at=REPUBLISHED, revised_at=REPUBLISHED)
    for row in (district.monday, district.wednesday, district.friday, district.tuesday):
        moved = row is district.monday
        make_scheduled_session(
            db.session,
            new,
            row.therapist,
            list(row.services),
            "Thu" if moved else row.weekday,
            t("11:00") if moved else row.start,
            t("11:30") if moved else row.end,
            uid=row.uid,
            sequence=row.sequence + 1 if moved else row.sequence,
            modified_at=REPUBLISHED if moved else row.modified_at,
        )
    db.session.commit()
    return district


def _group_dates(body: bytes) -> list[tuple[dt.date, dt.time, str]]:
    return sorted(
        (event.decoded("DTSTART").date(), event.decoded("DTSTART").time(), str(event["UID"]))
        for event in icalendar.Calendar.from_ical(body).walk("VEVENT")
        if str(event["UID"]).startswith("mon0000000000001-")
    )


def test_a_feed_keeps_past_dates_as_planned_then_and_the_new_schedule_from_its_day(district):
    body = build_feed(db.session(), "teacher", district.taylor.id)
    group = _group_dates(body)

    before = [(date, time) for date, time, _ in group if date < D(2026, 11, 4)]
    after = [(date, time) for date, time, _ in group if date >= D(2026, 11, 4)]
    assert before and all(date.weekday() == 0 and time == dt.time(9, 0) for date, time in before)
    assert after and all(date.weekday() == 3 and time == dt.time(11, 0) for date, time in after)
    assert (D(2026, 8, 24), dt.time(9, 0)) in before  # the school year's first Monday
    assert (D(2026, 11, 2), dt.time(9, 0)) in before  # the Monday before the switch
    assert (D(2026, 11, 5), dt.time(11, 0)) in after  # the Thursday after it

    # The week of the switch holds the session twice: the Monday (old schedule) names
    # its date in its UID, the Thursday keeps the week's.
    uids = {date: uid for date, _, uid in group}
    assert uids[D(2026, 11, 2)] == "mon0000000000001-20261102-earlier@schoolot"
    assert uids[D(2026, 11, 5)] == "mon0000000000001-20261102@schoolot"
    assert uids[D(2026, 10, 26)] == "mon0000000000001-20261026@schoolot"
    every_uid = [str(e["UID"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")]
    assert not [uid for uid, n in Counter(every_uid).items() if n > 1]
    assert len(read_with_libical(body)) == len(every_uid)


def test_each_date_carries_the_stamp_of_the_schedule_that_stood_on_it(district):
    body = build_feed(db.session(), "teacher", district.taylor.id)
    stamps = {
        event.decoded("DTSTART").date(): event.decoded("DTSTAMP")
        for event in icalendar.Calendar.from_ical(body).walk("VEVENT")
    }
    assert stamps[D(2026, 10, 26)].replace(tzinfo=None) == dt.datetime(2026, 9, 1, 12, 0)
    assert stamps[D(2026, 11, 5)].replace(tzinfo=None) == REPUBLISHED


def _day(page: str, date: dt.date) -> str:
    """The HTML of one day's column of a week page."""
    column = rf'<ol class="tt-day[^"]*" data-date="{date.isoformat()}"(.*?)</ol>'
    match = re.search(column, page, re.S)
    assert match, date
    return match.group(1)


def test_a_past_week_shows_the_schedule_of_then_and_the_week_of_the_switch_both(
    client, login, district
):
    login(make_user(db.session, "therapist", therapist=district.ward))
    db.session.commit()
    url = f"/timetable/therapists/{district.ward.id}?week="

    october = client.get(url + "2026-10-26").text
    assert "Maya R." in _day(october, D(2026, 10, 26))
    assert "Maya R." not in _day(october, D(2026, 10, 29))

    switch = client.get(url + SWITCH_WEEK.isoformat()).text
    assert "09:00" in _day(switch, D(2026, 11, 2)) and "Maya R." in _day(switch, D(2026, 11, 2))
    assert "Maya R." in _day(switch, D(2026, 11, 5))
    assert "11:00" in _day(switch, D(2026, 11, 5))

    december = client.get(url + "2026-11-30").text
    assert "Maya R." not in _day(december, D(2026, 11, 30))
    assert "Maya R." in _day(december, D(2026, 12, 3))


def test_the_overview_of_the_switch_week_takes_each_day_from_its_schedule(district):
    overview = InForce.load(db.session()).overview(SWITCH_WEEK, today=D(2026, 11, 4))
    ward = next(row for row in overview.rows if row.therapist.id == district.ward.id)
    minutes = {day.date: day.session_minutes for day in ward.week.days}
    # Monday the group (old schedule); Wednesday the push-in and Thursday the moved
    # group (new schedule, from Wednesday on); Friday the consult.
    assert minutes == {
        D(2026, 11, 2): 30,
        D(2026, 11, 3): 0,
        D(2026, 11, 4): 45,
        D(2026, 11, 5): 30,
        D(2026, 11, 6): 30,
    }
