"""Every reader finds in a feed exactly the sessions the app dates from the schedule and
the calendar: nothing on a closed day, past an early release or outside a student's
service, and the same local time on both sides of a daylight-saving change."""

from __future__ import annotations

import datetime as dt

import pytest

from schoolot.extensions import db
from schoolot.feeds.ical import build_feed
from tests.feed_district import DST_ENDS, DST_STARTS, FeedDistrict
from tests.feed_readers import READERS, Occurrence, expected_occurrences


@pytest.fixture
def district(app) -> FeedDistrict:
    district = FeedDistrict(db.session)
    db.session.commit()
    return district


def owners(district: FeedDistrict) -> dict[str, tuple[str, int]]:
    return {
        "therapist": ("therapist", district.ward.id),
        "other therapist": ("therapist", district.hill.id),
        "teacher": ("teacher", district.taylor.id),
        "teacher of a group member": ("teacher", district.chen.id),
        "school": ("school", district.oak.id),
    }


def read(reader: str, district: FeedDistrict, owner: str = "therapist") -> list[Occurrence]:
    kind, owner_id = owners(district)[owner]
    return READERS[reader](build_feed(db.session(), kind, owner_id))


@pytest.mark.parametrize("reader", sorted(READERS))
def test_each_reader_finds_exactly_the_dated_sessions_of_every_feed(district, reader):
    for name, (kind, owner_id) in owners(district).items():
        expected = expected_occurrences(kind, owner_id)
        assert expected, name
        found = READERS[reader](build_feed(db.session(), kind, owner_id))
        assert found == expected, name


@pytest.mark.parametrize("reader", sorted(READERS))
def test_sessions_keep_their_local_time_across_both_daylight_saving_changes(district, reader):
    mondays = {o.start.date(): o for o in read(reader, district) if o.start.weekday() == 0}
    before_fall, after_fall = dt.date(2026, 10, 26), dt.date(2026, 11, 2)
    before_spring, after_spring = dt.date(2027, 3, 8), dt.date(2027, 3, 15)
    assert before_fall < DST_ENDS < after_fall and before_spring < DST_STARTS < after_spring
    for date in (before_fall, after_fall, before_spring, after_spring):
        assert mondays[date].start.time() == dt.time(9, 0)
        assert mondays[date].end.time() == dt.time(9, 30)
    # 09:00 is 14:00 UTC in daylight time (CDT, -5) and 15:00 UTC in standard (CST, -6).
    utc_hours = {date: mondays[date].start_utc.hour for date in mondays}
    assert utc_hours[before_fall] == 14 and utc_hours[after_fall] == 15
    assert utc_hours[before_spring] == 15 and utc_hours[after_spring] == 14


@pytest.mark.parametrize("reader", sorted(READERS))
def test_nothing_on_a_closed_day(district, reader):
    dates = {o.start.date() for o in read(reader, district, "school")}
    assert dt.date(2027, 1, 18) not in dates  # MLK day, a Monday
    assert dt.date(2026, 11, 27) not in dates  # Thanksgiving Friday (the consult)
    assert dt.date(2027, 1, 11) in dates and dt.date(2027, 1, 25) in dates
    # A closure at Lincoln alone leaves Oak's Monday session in place.
    assert dt.date(2026, 10, 12) in dates
    ben = {o.start.date() for o in read(reader, district, "other therapist")}
    assert dt.date(2026, 10, 13) in ben  # Lincoln's Tuesday after its own closed Monday


@pytest.mark.parametrize("reader", sorted(READERS))
def test_nothing_past_an_early_release(district, reader):
    wednesdays = {o.start.date() for o in read(reader, district, "teacher")}
    assert dt.date(2026, 12, 16) not in wednesdays  # released at 13:00, push-in 14:00-14:45
    assert dt.date(2026, 12, 2) in wednesdays  # released at 14:45: the push-in still fits
    assert dt.date(2026, 12, 9) in wednesdays


@pytest.mark.parametrize("reader", sorted(READERS))
def test_nothing_outside_a_students_service_dates(district, reader):
    found = read(reader, district)
    ana = [o for o in found if o.uid.startswith("wed")]
    consult = [o for o in found if o.uid.startswith("fri")]
    assert max(o.start.date() for o in ana) == dt.date(2027, 1, 13)  # IEP ends Fri 01-15
    assert min(o.start.date() for o in consult) == dt.date(2026, 9, 4)  # the line's start
    assert min(o.start.date() for o in found) == dt.date(2026, 8, 19)  # the year's first day
    assert max(o.start.date() for o in found) == dt.date(2027, 5, 24)  # the last Monday
