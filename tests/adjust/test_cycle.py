"""Adjusting an A/B draft by hand: a session moves inside its own week of the cycle,
and the draft week page shows one cycle week at a time.

tests/adjust/adjust_district.py's draft as a 2-week cycle: week A as there (Ana Mon
and Wed 9:00, Ben Tue 9:00), week B the same, and Thursday 9:00-10:00 busy in week B
only (Assembly). Ana's week-B Monday may then go where her week-A Monday may (21
places, adjust_district's count) but Thursday: 21 - 7 = 14 places, all in week B.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask

from schoolot.adjust import alternatives as alt
from schoolot.adjust.apply import move_session, parse_place
from schoolot.adjust.draft_week import load_draft_week
from schoolot.extensions import db
from schoolot.models import District, ScheduledSession
from schoolot.solver.windows import hhmm
from tests.adjust.adjust_district import AdjustDistrict
from tests.factories import make_block, make_scheduled_session

STARTS = ["09:00", "09:05", "09:10", "09:15", "09:20", "09:25", "09:30"]


class AbDistrict(AdjustDistrict):
    def __init__(self, session) -> None:
        super().__init__(session)
        session.scalar(db.select(District)).cycle_weeks = 2
        self.draft.cycle_weeks = 2
        make_block(
            session,
            self.oak,
            weekdays="Thu",
            start=dt.time(9, 0),
            end=dt.time(10, 0),
            label="Assembly",
            cycle_week=2,
        )
        week_b = {"cycle_week": 2}
        self.ana_mon_b = make_scheduled_session(
            session, self.draft, self.ot1, [self.ana_line], **week_b
        )
        make_scheduled_session(session, self.draft, self.ot1, [self.ana_line], "Wed", **week_b)
        make_scheduled_session(session, self.draft, self.ot1, [self.ben_line], "Tue", **week_b)


@pytest.fixture
def d(app: Flask) -> AbDistrict:
    district = AbDistrict(db.session)
    db.session.commit()
    return district


def _week(d):
    return load_draft_week(db.session(), d.draft, d.ot1.id)


def _text(week, place: alt.Place) -> str:
    return f"w{week.problem.week_of(place.day)} {week.problem.weekdays[place.day]} " + hhmm(
        place.start
    )


def test_the_ab_draft_is_valid_as_built(d):
    week = _week(d)
    assert (week.problem.cycle_weeks, len(week.rows)) == (2, 6)
    assert week.errors() == []


def test_a_week_b_session_moves_only_inside_week_b(d):
    week = _week(d)
    found = alt.alternatives(week, week.position(d.ana_mon_b.id))
    expected = (
        [f"w2 Mon {s}" for s in STARTS[1:]] + ["w2 Tue 09:30"] + [f"w2 Fri {s}" for s in STARTS]
    )
    assert [_text(week, p) for p in found.places] == expected
    # Week A's Monday still has its 21, Thursday included (no Assembly in week A).
    week_a = alt.alternatives(week, week.position(d.ana_mon.id)).places
    assert len(week_a) == 21
    assert {week.problem.week_of(p.day) for p in week_a} == {1}
    # It may join Ben's week-B group, not his week-A one.
    assert [week.rows[g].cycle_week for g in found.joins] == [2]


def test_a_move_keeps_the_session_in_its_cycle_week(d):
    week = _week(d)
    k = week.position(d.ana_mon_b.id)
    move_session(db.session(), week, k, parse_place(week, k, "Fri", "09:15"))
    db.session.commit()
    row = db.session.get(ScheduledSession, d.ana_mon_b.id)
    assert (row.cycle_week, row.weekday, row.start, row.locked) == (2, "Fri", dt.time(9, 15), True)
    assert _week(d).errors() == []


def test_the_week_page_shows_one_cycle_week_with_tabs(d, client, login):
    login(d.coordinator)
    url = f"/schedules/versions/{d.draft.id}/therapists/{d.ot1.id}"
    page_a = client.get(url).text
    page_b = client.get(url + "?cycle_week=2").text
    assert 'aria-current="page">Week A</a>' in page_a
    assert 'aria-current="page">Week B</a>' in page_b
    a, b = f'id="session-{d.ana_mon.id}"', f'id="session-{d.ana_mon_b.id}"'
    assert a in page_a and b not in page_a
    assert b in page_b and a not in page_b
    # A week beyond the cycle shows week A.
    assert a in client.get(url + "?cycle_week=7").text


def test_a_move_through_the_page_returns_to_its_week(d, client, login):
    login(d.own_therapist)
    url = f"/schedules/versions/{d.draft.id}/sessions/{d.ana_mon_b.id}"
    page = client.get(url).text
    assert "Alternatives for Week B Mon 09:00" in page
    assert "Places it could move to in Week B: 14" in page
    response = client.post(url + "/move", data={"day": "Fri", "start": "09:30"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("cycle_week=2")
    page = client.get(response.headers["Location"]).text
    assert "Moved to Week B Fri 09:30-10:00 and locked there" in page


def test_alternatives_checked_on_their_cycle_week_are_those_of_the_whole_cycle(d):
    """alternatives() validates only the session's own cycle week (errors_in); the
    places and joins it finds are exactly those that add no error to the whole cycle."""
    week = _week(d)
    before = set(week.errors())
    for k in range(len(week.sessions)):
        found = alt.alternatives(week, k)
        places = [
            place
            for place in alt.candidate_places(week, k)
            if alt.day_allows(week, k, place)
            and set(week.errors(alt.moved(week, k, place))) <= before
        ]
        joins = [
            g
            for g in alt.join_candidates(week, k)
            if set(week.errors(alt.joined(week, k, g))) <= before
        ]
        assert list(found.places) == places and list(found.joins) == joins, k
        assert places, k
