"""Workload figures on a small district, against the sums in hand_district's docstring."""

from __future__ import annotations

import pytest

from schoolot.caseload.snapshot import load_snapshot
from schoolot.caseload.workload import school_loads, spread, workloads
from schoolot.extensions import db
from schoolot.models import Student
from tests.caseload.hand_district import HandDistrict


@pytest.fixture
def hand(app) -> HandDistrict:
    district = HandDistrict(db.session)
    db.session.commit()
    return district


def _loads(snapshot) -> dict[str, object]:
    return {w.name: w for w in workloads(snapshot)}


def test_each_therapists_workload_is_the_hand_sum(hand):
    loads = _loads(load_snapshot(db.session, hand.today))
    a, b = loads["Alice Able"], loads["Bea Best"]
    assert (a.students, a.lines) == (3, 4)
    assert (a.individual_minutes, a.group_minutes, a.direct_minutes) == (60, 120, 180)
    assert (a.consult_minutes, a.session_minutes, a.travel_minutes) == (30, 120, 20)
    assert (a.documentation_minutes, a.workload_minutes, a.capacity_minutes) == (30, 200, 1800)
    assert (a.workload_per_fte, a.status, a.idle_minutes) == (200, "under", 190)
    assert (a.schools, a.school_names, a.email) == (1, ("Oak Elementary",), hand.a_user.email)
    assert (b.students, b.lines, b.session_minutes, b.documentation_minutes) == (1, 1, 45, 10)
    assert (b.workload_minutes, b.capacity_minutes, b.workload_per_fte) == (55, 900, 110)
    assert (b.status, b.idle_minutes, b.email, b.label) == ("under", 0, None, "B-code")


def test_only_students_with_a_line_in_effect_count(hand):
    snapshot = load_snapshot(db.session, hand.today)
    assert [s.code for s in snapshot.students] == ["S4", "S1", "S6", "S3", "S2"]  # by name
    assert [s.code for s in snapshot.unassigned()] == ["S6"]
    assert snapshot.therapist_of(hand.s2.id) == hand.a.id  # by the schedule in force
    assert snapshot.therapist_of(hand.s5.id) is None  # IEP ended


def test_the_thresholds_decide_over_ok_and_under(hand):
    hand.district.capacity_minutes_per_fte = 150
    db.session.commit()
    loads = _loads(load_snapshot(db.session, hand.today))
    # A: 200 per FTE > 150 x 100%; B: 110 per FTE is between 90 (60%) and 150.
    assert (loads["Alice Able"].status, loads["Alice Able"].capacity_minutes) == ("over", 150)
    assert (loads["Bea Best"].status, loads["Bea Best"].capacity_minutes) == ("ok", 75)


def test_without_a_schedule_in_force_sessions_are_the_iep_minutes(hand):
    hand.version.state = "archived"
    db.session.commit()
    loads = _loads(load_snapshot(db.session, hand.today))
    a = loads["Alice Able"]
    # s2 is nobody's now; A: L1 60 + L3 60 in full, consult 30, documentation 20.
    assert (a.students, a.session_minutes, a.travel_minutes, a.idle_minutes) == (2, 120, 0, None)
    assert a.workload_minutes == 120 + 30 + 20


def test_a_move_in_memory_takes_the_lines_and_their_sessions_along(hand):
    snapshot = load_snapshot(db.session, hand.today)
    moved = _loads(snapshot.with_changes(moves={hand.s1.id: hand.b.id}))
    # A keeps the group (s3's L3) but loses L1's two sessions; B owes L1 in full.
    assert (moved["Alice Able"].session_minutes, moved["Alice Able"].students) == (60, 2)
    assert moved["Alice Able"].workload_minutes == 60 + 30 + 20 + 20
    assert (moved["Bea Best"].session_minutes, moved["Bea Best"].workload_minutes) == (105, 125)
    assert db.session.get(Student, hand.s1.id).therapist_id == hand.a.id  # nothing written


def test_moving_one_of_a_group_leaves_the_group_with_the_therapist(hand):
    snapshot = load_snapshot(db.session, hand.today)
    loads = _loads(snapshot.with_changes(moves={hand.s2.id: hand.b.id}, fte={hand.b.id: 1.0}))
    assert loads["Alice Able"].session_minutes == 120  # the group still runs for s3
    assert loads["Bea Best"].session_minutes == 45 + 60
    assert loads["Bea Best"].capacity_minutes == 1800


def test_spread_and_school_loads(hand):
    snapshot = load_snapshot(db.session, hand.today)
    found = spread(workloads(snapshot))
    assert (found.most.name, found.least.name) == ("Alice Able", "Bea Best")
    assert found.ratio == pytest.approx(200 / 110)
    schools = {s.name: s for s in school_loads(snapshot)}
    oak, lin = schools["Oak Elementary"], schools["Lincoln Elementary"]
    assert (oak.students, oak.minutes_owed, oak.therapist_names) == (3, 210, ("Alice Able",))
    assert (oak.covering, oak.free_capacity_minutes, oak.unassigned) == (1, 1600, 0)
    assert (lin.students, lin.unassigned, lin.minutes_owed) == (2, 1, 105)
    assert (lin.therapist_names, lin.covering) == (("Bea Best",), 2)
    assert lin.free_capacity_minutes == 1600 + 845
