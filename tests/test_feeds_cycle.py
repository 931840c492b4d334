"""A schedule of a 2-week (A/B) and of a 4-week cycle in a feed: every reader (icalendar,
vobject, libical) finds each session exactly on the calendar dates of its own cycle
week, closed days and early releases still respected, UIDs unique. The dates below are
counted by hand on the 2026-27 calendar, not by the app's own code."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from schoolot.extensions import db
from schoolot.feeds.ical import build_feed
from tests.factories import make_scheduled_session
from tests.feed_district import MODIFIED_AT, FeedDistrict, t
from tests.feed_readers import READERS, libical_reading


def date(month: int, day: int) -> dt.date:
    """A date of the 2026-27 school year."""
    return dt.date(2026 if month >= 8 else 2027, month, day)


def _dates(reader: str, kind: str, owner_id: int, weekday: int) -> list[dt.date]:
    found = READERS[reader](build_feed(db.session(), kind, owner_id))
    assert len({o.uid for o in found}) == len(found), "a UID repeats"
    return sorted(o.start.date() for o in found if o.start.weekday() == weekday)


@pytest.fixture
def ab_district(app) -> FeedDistrict:
    """A/B weeks anchored at the year's start (Wed 2026-08-19: its week, from Mon 08-17,
    is week A). Zoe's Monday group (09:00) is a week-A session; a second Monday session
    (10:00, Maya and Leo again) is week B's; Ana's Wednesday push-in is week B's."""
    district = FeedDistrict(db.session)
    district.version.cycle_weeks = 2
    district.monday.cycle_week = 1
    district.wednesday.cycle_week = 2
    make_scheduled_session(
        db.session,
        district.version,
        district.ward,
        [district.maya_line, district.leo_line],
        "Mon",
        t("10:00"),
        t("10:30"),
        uid="monb000000000001",
        cycle_week=2,
        modified_at=MODIFIED_AT,
    )
    db.session.commit()
    return district


@pytest.mark.parametrize("reader", sorted(READERS))
def test_ab_weeks_each_monday_session_on_its_own_weeks(ab_district, reader):
    found = READERS[reader](build_feed(db.session(), "therapist", ab_district.ward.id))
    mondays = [o for o in found if o.start.weekday() == 0]
    week_a = sorted(o.start.date() for o in mondays if o.start.time() == dt.time(9, 0))
    week_b = sorted(o.start.date() for o in mondays if o.start.time() == dt.time(10, 0))
    # Week A: Mondays 08-17 (before the year), 08-31, 09-14, 09-28, ... ; week B: 08-24,
    # 09-07, 09-21, ...
    assert week_a[:4] == [date(8, 31), date(9, 14), date(9, 28), date(10, 12)]
    assert week_b[:4] == [date(8, 24), date(9, 7), date(9, 21), date(10, 5)]
    assert not set(week_a) & set(week_b)
    # One Monday of two in each; together, every Monday of the year but the closed one.
    every_monday = {dt.date(2026, 8, 24) + dt.timedelta(weeks=n) for n in range(40)}
    assert set(week_a) | set(week_b) == every_monday - {dt.date(2027, 1, 18)}
    # MLK Day (Mon 2027-01-18, closed) is a week-A Monday: 2026-08-17 + 22 weeks.
    assert dt.date(2027, 1, 4) in week_a and dt.date(2027, 2, 1) in week_a
    # Ana's Wednesday push-in is week B's: 08-26, 09-09, 09-23, ... The early releases
    # (Wed 12-02 at 14:45: it fits; Wed 12-16 at 13:00: it does not) are both week B.
    wednesdays = _dates(reader, "teacher", ab_district.taylor.id, 2)
    assert wednesdays[:3] == [dt.date(2026, 8, 26), dt.date(2026, 9, 9), dt.date(2026, 9, 23)]
    assert dt.date(2026, 12, 2) in wednesdays and dt.date(2026, 12, 16) not in wednesdays
    assert dt.date(2026, 12, 9) not in wednesdays  # week A


@pytest.fixture
def four_week_district(app) -> FeedDistrict:
    """A 4-week cycle anchored on Mon 2026-09-07, its week 1: so the weeks of 08-17,
    08-24, 08-31 are weeks 2, 3, 4. Zoe's Monday group is week 1's, Ana's Wednesday
    push-in week 3's, Maya's Friday consult week 4's; Sam's Tuesday at Lincoln week 3's."""
    district = FeedDistrict(db.session)
    district.district.cycle_weeks = 4
    district.district.cycle_anchor = dt.date(2026, 9, 7)
    district.version.cycle_weeks = 4
    district.monday.cycle_week = 1
    district.wednesday.cycle_week = 3
    district.friday.cycle_week = 4
    district.tuesday.cycle_week = 3
    db.session.commit()
    return district


@pytest.mark.parametrize("reader", sorted(READERS))
def test_four_week_cycle_sessions_once_in_four_weeks(four_week_district, reader):
    d = four_week_district
    # Week 1: the weeks of 09-07, 10-05, 11-02, 11-30, 12-28, 2027-01-25, ...
    mondays = _dates(reader, "therapist", d.ward.id, 0)
    assert mondays[:6] == [
        dt.date(2026, 9, 7),
        dt.date(2026, 10, 5),
        dt.date(2026, 11, 2),
        dt.date(2026, 11, 30),
        dt.date(2026, 12, 28),
        dt.date(2027, 1, 25),
    ]
    assert all((b - a).days == 28 for a, b in itertools.pairwise(mondays))
    # Week 3: the weeks of 08-24, 09-21, 10-19, 11-16, 12-14, 2027-01-11.
    tuesdays = _dates(reader, "therapist", d.hill.id, 1)
    assert tuesdays[:5] == [
        dt.date(2026, 8, 25),
        dt.date(2026, 9, 22),
        dt.date(2026, 10, 20),
        dt.date(2026, 11, 17),
        dt.date(2026, 12, 15),
    ]
    # Week 4: the weeks of 08-31 (the consult starts Fri 09-04), 09-28, 10-26, 11-23
    # (Thanksgiving Friday 11-27, closed: nothing), 12-21.
    fridays = _dates(reader, "therapist", d.ward.id, 4)
    assert fridays[:4] == [
        dt.date(2026, 9, 4),
        dt.date(2026, 10, 2),
        dt.date(2026, 10, 30),
        dt.date(2026, 12, 25),
    ]
    # Week 3 Wednesdays until Ana's IEP ends (2027-01-15): 12-16 is released at 13:00,
    # so the 14:00 push-in is not there.
    wednesdays = _dates(reader, "teacher", d.taylor.id, 2)
    assert wednesdays == [
        dt.date(2026, 8, 26),
        dt.date(2026, 9, 23),
        dt.date(2026, 10, 21),
        dt.date(2026, 11, 18),
        dt.date(2027, 1, 13),
    ]


def test_libical_accepts_the_cycle_feed_as_valid(four_week_district):
    reading = libical_reading(build_feed(db.session(), "therapist", four_week_district.ward.id))
    assert reading["parsed"] and reading["restriction_ok"] and reading["error_count"] == 0
