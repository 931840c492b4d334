"""Proposals: every one fits the schedule in force on its date (checked by the solver's
own validator), the model prefers earlier dates, days the therapist is at the school and
the line's own length, and covers all of a therapist's owed lines together."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from schoolot.extensions import db
from schoolot.makeups.choose import Candidate, choose
from schoolot.makeups.owed import OwedLine
from schoolot.makeups.propose import propose_for_therapist
from schoolot.makeups.rules import MakeupRules, Slot
from schoolot.models import Makeup
from tests.factories import (
    make_block,
    make_calendar_day,
    make_scheduled_session,
    make_service,
    make_student,
)
from tests.makeups.checks import date_violations
from tests.makeups.district import FIRST, LAST, MakeupDistrict, t

MON, TUE, WED, THU, FRI = (dt.date(2026, 11, 16) + dt.timedelta(days=i) for i in range(5))


@pytest.fixture
def district(app) -> MakeupDistrict:
    return MakeupDistrict(db.session)


def owe(d: MakeupDistrict, **minutes: int) -> list[OwedLine]:
    lines = {"ana": d.sv_ana, "maya": d.sv_maya, "ben": d.sv_ben}
    return [OwedLine(lines[name].id, d.ward.id, m, 0) for name, m in minutes.items()]


def slots(made: list[Makeup]) -> list[tuple[str, dt.date, str, str]]:
    return [
        (m.service_line.code, m.date, f"{m.start:%H:%M}", f"{m.end:%H:%M}")
        for m in sorted(made, key=lambda m: (m.date, m.start))
    ]


def assert_valid(d: MakeupDistrict, made: list[Makeup]) -> None:
    for date in sorted({m.date for m in made}):
        assert date_violations(db.session, d.ward.id, date, made) == [], date


def test_every_proposal_keeps_the_rules_of_its_date(district):
    # A tight district: lunch 12:00-12:45, Oak released early on Wed, closed on Tue,
    # grade 2 at specials every morning 10:00-10:30.
    district.district.lunch_window_start = dt.time(12, 0)
    district.district.lunch_window_end = dt.time(12, 45)
    make_calendar_day(db.session, district.oak, date=TUE, kind="closed", note="Inset day")
    make_calendar_day(db.session, district.oak, date=WED, kind="early_release", end_time=t("11:00"))
    make_block(
        db.session,
        district.oak,
        scope="grade",
        target_grade="2",
        start=t("10:00"),
        end=t("10:30"),
    )
    result = propose_for_therapist(
        db.session, district.ward, owe(district, ana=90, maya=60, ben=90), FIRST, LAST
    )
    assert sum(m.minutes for m in result.made) == 240
    assert result.left == []
    assert all(m.state == "proposed" for m in result.made)
    assert all(m.date != TUE or m.school_id != district.oak.id for m in result.made)
    assert_valid(district, result.made)


def test_the_earliest_days_come_first_and_the_lines_own_length(district):
    result = propose_for_therapist(
        db.session, district.ward, owe(district, ana=30, ben=50), FIRST, LAST
    )
    made = slots(result.made)
    assert [m[1] for m in made if m[0] == "SV-ANA"] == [MON]
    # 50 minutes of a 45-minute line: one session of 45 and one of 15 (the shortest).
    ben = sorted(
        (dt.datetime.combine(m.date, m.end) - dt.datetime.combine(m.date, m.start)).seconds // 60
        for m in result.made
        if m.service_line_id == district.sv_ben.id
    )
    assert ben == [15, 45]
    assert_valid(district, result.made)


def test_a_day_the_therapist_is_at_the_school_beats_an_earlier_day(district):
    # Maya is busy all Monday; Tuesday has no session anywhere, Wednesday has Ana at Oak.
    make_block(
        db.session,
        district.oak,
        scope="student",
        student=district.maya,
        weekdays="Mon",
        start=t("08:00"),
        end=t("15:00"),
    )
    result = propose_for_therapist(db.session, district.ward, owe(district, maya=30), FIRST, LAST)
    assert [m[1] for m in slots(result.made)] == [WED]
    assert "you are there that day" in result.made[0].note


def test_a_closed_week_moves_makeups_to_the_next(district):
    for day in (MON, TUE, WED, THU, FRI):
        make_calendar_day(db.session, None, date=day, kind="closed", note="Break")
    result = propose_for_therapist(db.session, district.ward, owe(district, ana=30), FIRST, LAST)
    assert [m[1] for m in slots(result.made)] == [dt.date(2026, 11, 23)]


def test_undecided_proposals_are_replaced_and_declined_slots_not_proposed_again(district):
    first = propose_for_therapist(db.session, district.ward, owe(district, ana=30), FIRST, LAST)
    declined = first.made[0]
    declined.state = "declined"
    db.session.flush()
    second = propose_for_therapist(db.session, district.ward, owe(district, ana=30), FIRST, LAST)
    third = propose_for_therapist(db.session, district.ward, owe(district, ana=30), FIRST, LAST)
    states = db.session.execute(select(Makeup.state, Makeup.date, Makeup.start)).all()
    assert sorted(s for s, _, _ in states) == ["declined", "proposed"]
    assert slots(second.made) == slots(third.made)
    assert (second.made[0].date, second.made[0].start) != (declined.date, declined.start)


def test_nothing_fits_leaves_the_minutes_listed(district):
    for day in range(21):
        date = FIRST + dt.timedelta(days=day)
        make_calendar_day(db.session, None, date=date, kind="closed", note="Strike")
    result = propose_for_therapist(db.session, district.ward, owe(district, ana=45), FIRST, LAST)
    assert result.made == []
    assert [(line.code, minutes) for line, minutes in result.left] == [("SV-ANA", 45)]


# --- the model on its own -------------------------------------------------------------


def test_choose_covers_most_minutes_then_the_cheapest():
    candidates = [
        Candidate(line=1, day=0, start=540, end=570, cost=10),
        Candidate(line=1, day=1, start=540, end=570, cost=20),
        Candidate(line=2, day=0, start=550, end=580, cost=0),  # overlaps the first
        Candidate(line=2, day=2, start=600, end=630, cost=50),
    ]
    chosen = choose(candidates, {1: 30, 2: 30}, lambda day: True)
    assert chosen == [candidates[2], candidates[1]]  # 60 minutes for cost 20, not 60


def test_choose_cuts_off_a_day_that_does_not_fit_together():
    # Each fits alone; together on day 0 they would leave no lunch, says the caller.
    candidates = [
        Candidate(line=1, day=0, start=660, end=690, cost=0),
        Candidate(line=2, day=0, start=720, end=750, cost=0),
        Candidate(line=2, day=3, start=720, end=750, cost=30),
    ]
    chosen = choose(candidates, {1: 30, 2: 30}, lambda day: len(day) < 2)
    assert chosen == [candidates[0], candidates[2]]


def _lea(d: MakeupDistrict, grade: str = "2", grouping: str = "group"):
    """Lea, in a Tue 09:00-09:30 pull-out group session of her own at Oak."""
    lea = make_student(
        db.session,
        d.taylor,
        d.ward,
        "S-LEA",
        first_name="Lea",
        last_name="Ng",
        grade=grade,
        iep_start=dt.date(2026, 8, 1),
        iep_end=dt.date(2027, 6, 30),
    )
    line = make_service(
        db.session, lea, "SV-LEA", minutes=30, session_minutes=30, grouping=grouping
    )
    make_scheduled_session(db.session, d.version, d.ward, [line], "Tue", t("9:00"), t("9:30"))
    return line


def test_a_makeup_joins_a_group_session_of_a_compatible_student(district):
    _lea(district)
    result = propose_for_therapist(db.session, district.ward, owe(district, ana=30), FIRST, LAST)
    # Joining Tue's group takes none of the therapist's time: it beats Mon 08:30.
    assert slots(result.made) == [("SV-ANA", TUE, "09:00", "09:30")]
    assert result.made[0].note == (
        "Proposed for minutes owed back on SV-ANA: Tue 17 Nov 2026, joining your group "
        "session then (with 1 other student)."
    )
    assert_valid(district, result.made)  # validate reads the group of two (rule 7)
    # The same rule checks a move there: Ana may join; Maya's line is individual.
    rules = MakeupRules(db.session, district.ward, [district.sv_ana, district.sv_maya], FIRST, LAST)
    assert rules.check(Slot(district.sv_ana.id, TUE, 540, 570)) is None
    assert rules.check(Slot(district.sv_maya.id, TUE, 540, 570)) == (
        "Zoe Ward has a session 09:00-09:30 at Oak Elementary that day"
    )


@pytest.mark.parametrize(
    "why", ["an individual line", "grades too far apart", "a group line the student's own is not"]
)
def test_no_join_where_the_group_rule_refuses(district, why):
    if why == "an individual line":
        _lea(district)
        owed = owe(district, maya=30)  # Maya's line is individual
    elif why == "grades too far apart":
        _lea(district, grade="6")
        owed = owe(district, ana=30)
    else:
        _lea(district, grouping="individual")
        owed = owe(district, ana=30)
    result = propose_for_therapist(db.session, district.ward, owed, FIRST, LAST)
    assert all((m.date, m.start) != (TUE, t("09:00")) for m in result.made)
    assert all("joining" not in m.note for m in result.made)
    assert_valid(district, result.made)
