"""A version's quarterly sessions in the schedule JSON (`dated_sessions`, docs/dated.md)."""

from __future__ import annotations

import datetime as dt

from schoolot.dated.place import place_dated_lines
from schoolot.extensions import db
from schoolot.scheduling.export_json import schedule_document
from tests.dated.district import DatedDistrict


def test_dated_sessions_carry_their_date_and_cycle_week(app):
    district = DatedDistrict(db.session, cycle_weeks=2)
    assert "dated_sessions" not in schedule_document(db.session, district.version)
    place_dated_lines(db.session, district.version, dt.date(2026, 8, 19))
    items = schedule_document(db.session, district.version)["dated_sessions"]
    assert len(items) == 16
    # Week A is the week of Wed 19 Aug (from Mon 17 Aug): Thu 27 Aug is in week B,
    # Tue 15 Sep four weeks after week A's Monday, week A again. Ana's weekly Thursday
    # 08:00 session is week A's (cycle_week 1), so on Thu 27 Aug 08:00 is free.
    first, second = items[0], items[1]
    assert {k: v for k, v in first.items() if k != "id"} == {
        "therapist": "zoe@ot.example",
        "school": "OAK",
        "date": "2026-08-27",
        "cycle_week": 2,
        "weekday": "Thu",
        "start": "08:00",
        "end": "08:30",
        "delivery": "pull_out",
        "services": ["SV-ANA-Q"],
        "students": ["S-ANA"],
    }
    assert (second["date"], second["cycle_week"]) == ("2026-09-15", 1)
