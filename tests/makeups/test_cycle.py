"""Makeup slots in a district with an A/B cycle: a date's rules are those of its own
cycle week (a block of week B only leaves week A's same weekday free)."""

from __future__ import annotations

import datetime as dt

import pytest

from schoolot.extensions import db
from schoolot.makeups.rules import MakeupRules, Slot
from tests.factories import make_block
from tests.makeups.district import FIRST, LAST, MakeupDistrict

# The cycle is anchored at the year's start (Wed 2026-08-19): the week of Mon 08-17 is
# week A, so the week of 11-16 (13 weeks on) is week B and that of 11-23 week A.
TUE_B = dt.date(2026, 11, 17)
TUE_A = dt.date(2026, 11, 24)


@pytest.fixture
def district(app) -> MakeupDistrict:
    d = MakeupDistrict(db.session)
    d.district.cycle_weeks = 2
    # Grade 2's specials at Oak, Tuesdays 10:00-10:30 of week B only.
    make_block(
        db.session,
        d.oak,
        scope="grade",
        target_grade="2",
        weekdays="Tue",
        start=dt.time(10, 0),
        end=dt.time(10, 30),
        label="Specials",
        cycle_week=2,
    )
    db.session.flush()
    return d


def check(d: MakeupDistrict, date: dt.date) -> str | None:
    rules = MakeupRules(db.session, d.ward, [d.sv_maya], FIRST, LAST)
    return rules.check(Slot(d.sv_maya.id, date, 10 * 60, 10 * 60 + 30))


def test_a_block_of_week_b_bars_week_b_only(district):
    refused = check(district, TUE_B)
    assert refused is not None and refused.startswith("Maya R. (gr 2) is not free")
    assert check(district, TUE_A) is None


def test_the_starts_offered_follow_the_dates_cycle_week(district):
    rules = MakeupRules(db.session, district.ward, [district.sv_maya], FIRST, LAST)
    ten = 10 * 60
    assert ten not in rules.starts(district.sv_maya.id, TUE_B, 30)
    assert ten in rules.starts(district.sv_maya.id, TUE_A, 30)
