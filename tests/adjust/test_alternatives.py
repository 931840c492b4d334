"""Alternatives, moves, joins and swaps of a draft week, on a district checked by eye."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import select

from schoolot.adjust import alternatives as alt
from schoolot.adjust.apply import (
    ChangeRefused,
    join_session,
    move_session,
    parse_place,
    swap_sessions,
)
from schoolot.adjust.draft_week import NotADraft, load_draft_week
from schoolot.extensions import db
from schoolot.models import ScheduledSession
from schoolot.solver.windows import hhmm
from tests.adjust.adjust_district import AdjustDistrict


@pytest.fixture
def d(app: Flask) -> AdjustDistrict:
    district = AdjustDistrict(db.session)
    db.session.commit()
    return district


def _week(d: AdjustDistrict):
    return load_draft_week(db.session(), d.draft, d.ot1.id)


def _text(week, place: alt.Place) -> str:
    return f"{week.problem.weekdays[place.day]} {hhmm(place.start)}"


def test_the_draft_week_is_valid_as_built(d):
    assert _week(d).errors() == []


def test_every_place_by_hand_count(d):
    week = _week(d)
    found = alt.alternatives(week, week.position(d.ana_mon.id))
    texts = [_text(week, p) for p in found.places]
    starts = ["09:00", "09:05", "09:10", "09:15", "09:20", "09:25", "09:30"]
    expected = (
        [f"Mon {s}" for s in starts[1:]]
        + ["Tue 09:30"]
        + [f"Thu {s}" for s in starts]
        + [f"Fri {s}" for s in starts]
    )
    assert texts == expected
    assert len(texts) == 21


def test_every_listed_place_keeps_the_whole_week_valid(d):
    week = _week(d)
    k = week.position(d.ana_mon.id)
    for place in alt.alternatives(week, k).places:
        assert week.errors(alt.moved(week, k, place)) == []


def test_it_may_join_the_group_of_the_same_class_and_length(d):
    week = _week(d)
    found = alt.alternatives(week, week.position(d.ana_mon.id))
    assert [week.rows[g].id for g in found.joins] == [d.ben_tue.id]


def test_a_full_group_is_not_offered(d):
    d.ben_line.max_group = 1
    db.session.commit()
    week = _week(d)
    assert alt.alternatives(week, week.position(d.ana_mon.id)).joins == ()


def test_move_writes_the_place_and_locks_it(d):
    week = _week(d)
    k = week.position(d.ana_mon.id)
    move_session(db.session(), week, k, parse_place(week, k, "Thu", "09:15"))
    db.session.commit()
    row = db.session.get(ScheduledSession, d.ana_mon.id)
    assert (row.weekday, row.start, row.end, row.locked) == (
        "Thu",
        dt.time(9, 15),
        dt.time(9, 45),
        True,
    )
    assert _week(d).errors() == []


def test_a_move_onto_her_other_session_day_is_refused_naming_rule_6(d):
    week = _week(d)
    k = week.position(d.ana_mon.id)
    with pytest.raises(ChangeRefused) as refused:
        move_session(db.session(), week, k, parse_place(week, k, "Wed", "09:30"))
    db.session.rollback()
    assert any(line.startswith("rule 6 minutes owed") for line in refused.value.problems)
    row = db.session.get(ScheduledSession, d.ana_mon.id)
    assert (row.weekday, row.start, row.locked) == ("Mon", dt.time(9, 0), False)


def test_a_move_into_class_time_is_refused_naming_rule_4(d):
    week = _week(d)
    k = week.position(d.ana_mon.id)
    with pytest.raises(ChangeRefused) as refused:
        move_session(db.session(), week, k, parse_place(week, k, "Thu", "10:00"))
    assert any(line.startswith("rule 4 student free") for line in refused.value.problems)


def test_a_bad_day_or_time_names_the_field(d):
    week = _week(d)
    with pytest.raises(ChangeRefused, match="day: 'Sun' is not a school day"):
        parse_place(week, 0, "Sun", "09:00")
    with pytest.raises(ChangeRefused, match=r"start: .9 o.clock. is not a time"):
        parse_place(week, 0, "Mon", "9 o'clock")


def test_join_puts_her_line_in_the_group_and_drops_her_session(d):
    week = _week(d)
    join_session(db.session(), week, week.position(d.ana_mon.id), week.position(d.ben_tue.id))
    db.session.commit()
    rows = db.session.scalars(select(ScheduledSession).order_by(ScheduledSession.weekday)).all()
    assert [(r.weekday, sorted(line.code for line in r.services), r.locked) for r in rows] == [
        ("Tue", ["SV1", "SV2"], True),
        ("Wed", ["SV1"], False),
    ]
    assert _week(d).errors() == []


def test_swaps_offer_the_exchange_with_ben_first(d):
    week = _week(d)
    swaps = alt.swaps(week, week.position(d.ana_mon.id))
    first = swaps[0]
    assert _text(week, first.place) == "Tue 09:00"
    assert week.rows[first.other].id == d.ben_tue.id
    assert _text(week, first.other_place) == "Mon 09:00"
    assert 1 <= len(swaps) <= alt.MAX_SWAPS


def test_a_swap_moves_both_and_locks_both(d):
    week = _week(d)
    k, other = week.position(d.ana_mon.id), week.position(d.ben_tue.id)
    swap_sessions(
        db.session(),
        week,
        k,
        parse_place(week, k, "Tue", "09:00"),
        other,
        parse_place(week, other, "Mon", "09:00"),
    )
    db.session.commit()
    ana = db.session.get(ScheduledSession, d.ana_mon.id)
    ben = db.session.get(ScheduledSession, d.ben_tue.id)
    assert (ana.weekday, ana.locked, ben.weekday, ben.locked) == ("Tue", True, "Mon", True)
    assert _week(d).errors() == []


def test_only_a_draft_is_adjusted(d):
    d.draft.state = "published"
    d.draft.published_at = dt.datetime(2026, 9, 1)
    db.session.commit()
    with pytest.raises(NotADraft):
        _week(d)
