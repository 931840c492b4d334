"""The instance analysis: each reason a line cannot be met, found on a problem small
enough to check by eye, and the explanation of a line the optimiser left out."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from schoolot.solver.capacity import shortfalls
from schoolot.solver.explain import explain_dropped
from schoolot.solver.instance import (
    free_windows,
    lunch_fits,
    lunch_fits_around,
    lunch_safe_starts,
    session_starts,
    therapist_at,
)
from schoolot.solver.problem import CONSULT, PlacedSession
from schoolot.solver.proofs import analyse
from schoolot.solver.solution import Session, Solution, Unscheduled
from tests.solver.strategies import District, minutes, one_school_one_student

EVERY_DAY_BUT_MON = {"Tue": 1, "Wed": 1, "Thu": 1, "Fri": 1}


def test_a_line_that_fits_has_no_reason():
    problem = one_school_one_student()
    assert analyse(problem, (0,)) == {}


def test_separate_days_the_therapist_is_not_there():
    d = District()
    oak, elm = d.school("OAK"), d.school("ELM")
    d.travel(oak, elm, 10)
    d.therapist("ot2", [oak, elm], pinned=EVERY_DAY_BUT_MON)
    t1 = d.teacher("T1", oak)
    ana = d.student("Ana L. (gr 3)", t1, 3, busy=[("Tue Thu Fri", "08:00", "15:00")])
    d.line(ana, 2, 30)
    assert analyse(d.build(), (0,)) == {
        0: "needs 2 x 30 min on separate days; free pull-out windows at OAK for Ana L. (gr 3) "
        "fit a 30-min session only on Mon and Wed, and ot2 is at OAK only on Mon"
    }


def test_no_therapist_serves_the_school():
    d = District()
    oak, elm = d.school("OAK"), d.school("ELM")
    d.therapist("ot1", [elm])
    ana = d.student("Ana L. (gr 3)", d.teacher("T1", oak), 3)
    d.line(ana, 1, 30)
    assert analyse(d.build(), (None,)) == {
        0: "no therapist serves OAK: add OAK to a therapist's schools so Ana L. (gr 3) can be "
        "served"
    }


def test_the_assigned_therapist_does_not_serve_the_school():
    d = District()
    oak, elm = d.school("OAK"), d.school("ELM")
    d.therapist("ot1", [oak])
    d.therapist("ot2", [elm])
    ana = d.student("Ana L. (gr 3)", d.teacher("T1", oak), 3)
    d.line(ana, 1, 30)
    assert analyse(d.build(), (1,)) == {
        0: "ot2 does not serve OAK, Ana L. (gr 3)'s school: assign a therapist who does, or "
        "add OAK to ot2's schools"
    }


def test_no_free_window_of_the_session_length():
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak])
    ana = d.student(
        "Ana L. (gr 3)",
        d.teacher("T1", oak),
        3,
        busy=[("*", "08:20", "15:00")],
        protected=[("*", "08:00", "08:05")],
    )
    d.line(ana, 1, 30)
    assert analyse(d.build(), (0,)) == {
        0: "needs 1 x 30 min; Ana L. (gr 3) has no free pull-out window of 30 min on any day "
        "(busy and protected blocks leave at most 15 min): free the student for 30 min"
    }


def test_the_teacher_has_no_time_for_a_consult():
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak])
    t1 = d.teacher("T1", oak, busy=[("*", "08:20", "15:00")])
    ana = d.student("Ana L. (gr 3)", t1, 3)
    d.line(ana, 1, 30, delivery=CONSULT)
    assert analyse(d.build(), (0,)) == {
        0: "needs 1 x 30 min; teacher T1 (Ana L. (gr 3)'s teacher) has no free 30-min window at "
        "OAK on any day for a consult (longest 20 min): free the teacher for 30 min"
    }


def test_the_therapist_is_never_at_the_school():
    d = District()
    oak, elm = d.school("OAK", closed="Thu"), d.school("ELM")
    d.therapist("ot1", [oak, elm], off="Fri", pinned={"Mon": elm, "Tue": elm, "Wed": elm})
    ana = d.student("Ana L. (gr 3)", d.teacher("T1", oak), 3)
    d.line(ana, 1, 30)
    assert analyse(d.build(), (0,)) == {
        0: "needs 1 x 30 min; ot1 is never at OAK: off Fri; school closed Thu; pinned to ELM "
        "on Mon, Tue and Wed"
    }


def test_the_therapist_hours_miss_the_free_windows():
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak], hours=("12:00", "16:00"))
    ana = d.student("Ana L. (gr 3)", d.teacher("T1", oak), 3, busy=[("*", "12:00", "15:00")])
    d.line(ana, 1, 30)
    reason = analyse(d.build(), (0,))[0]
    assert reason.startswith(
        "needs 1 x 30 min; free pull-out windows at OAK for Ana L. (gr 3) fit a 30-min session "
        "on every day, and ot1 is at OAK every day; Mon: ot1 works 12:00-16:00, Ana L. (gr 3) "
        "is free 08:00-12:00"
    )


def test_locked_sessions_leave_no_room():
    d = District()
    oak, elm = d.school("OAK"), d.school("ELM")
    ot1 = d.therapist("ot1", [oak, elm], pinned=EVERY_DAY_BUT_MON)
    t1 = d.teacher("T1", oak)
    morning_only = [("*", "10:00", "15:00")]
    ana = d.student("Ana L. (gr 3)", t1, 3, busy=morning_only)
    ben = d.student("Ben K. (gr 3)", t1, 3)
    d.line(ana, 1, 60)
    d.line(ben, 1, 120)
    d.place(ot1, oak, "Mon", "08:00", (1,), locked=True)
    reasons = analyse(d.build(), (0, 0))
    assert reasons == {
        0: "needs 1 x 60 min; free pull-out windows at OAK for Ana L. (gr 3) fit a 60-min "
        "session on every day, and ot1 is at OAK only on Mon; Mon: locked sessions leave no room"
    }


def test_an_unassigned_line_fails_only_if_every_candidate_fails():
    d = District()
    oak, elm = d.school("OAK"), d.school("ELM")
    all_week_at_elm = dict.fromkeys(d.weekdays, elm)
    d.therapist("ot1", [oak, elm], pinned=all_week_at_elm)
    d.therapist("ot2", [oak, elm])
    ana = d.student("Ana L. (gr 3)", d.teacher("T1", oak), 3)
    d.line(ana, 1, 30)
    problem = d.build()
    assert analyse(problem, (None,)) == {}
    only_ot1 = replace(
        problem,
        therapists=(problem.therapists[0], replace(problem.therapists[1], pinned=(elm,) * 5)),
    )
    reason = analyse(only_ot1, (None,))[0]
    assert reason.startswith("no candidate therapist can meet it: with ot1: needs 1 x 30 min;")
    assert "; with ot2: needs 1 x 30 min; ot2 is never at OAK" in reason


def test_more_sessions_than_days_count_room_within_days():
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak])
    ana = d.student(
        "Ana L. (gr 3)",
        d.teacher("T1", oak),
        3,
        busy=[("Mon", "09:00", "15:00"), ("Tue Wed Thu Fri", "08:00", "15:00")],
    )
    d.line(ana, 6, 30)
    reason = analyse(d.build(), (0,))[0]
    assert reason == (
        "needs 6 x 30 min; free pull-out windows at OAK for Ana L. (gr 3) fit a 30-min session "
        "only on Mon, and ot1 is at OAK every day: room for only 2 sessions"
    )


def _one_day_caseload(group: bool) -> District:
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak], off="Tue Wed Thu Fri")
    t1 = d.teacher("T1", oak)
    for i in range(10):
        s = d.student(f"S{i} (gr 2)", t1, 2)
        d.line(s, 1, 60, group=group, max_group=4)
    return d


def test_a_therapist_short_of_minutes_is_a_shortfall_not_a_proof():
    problem = _one_day_caseload(group=False).build()
    assignments = (0,) * 10
    assert analyse(problem, assignments) == {}
    (shortfall,) = shortfalls(problem, assignments)
    # OAK 08:00-15:00 on Mon is 420 minutes, less a 30-minute lunch.
    assert (shortfall.owed, shortfall.available, shortfall.short) == (600, 390, 210)
    assert shortfall.days == (0,)
    assert shortfall.services == tuple(range(10))
    assert shortfall.reason.startswith("ot1 owes 600 min at OAK this week (SV1, SV2, SV3")
    assert shortfall.reason.endswith(
        "but, on the days those lines fit (Mon), has at most 390 min there: 210 min cannot be "
        "scheduled; move a student to another therapist or give ot1 more time at OAK"
    )


def test_groups_count_once_against_the_therapist_time():
    problem = _one_day_caseload(group=True).build()
    assert shortfalls(problem, (0,) * 10) == []


def test_helpers_prepare_windows_and_starts():
    problem = one_school_one_student()
    assert therapist_at(problem, 0, 0, 0) == (minutes("08:00"), minutes("15:00"))
    assert free_windows(problem, 0, 0) == (
        (minutes("08:00"), minutes("09:00")),
        (minutes("10:00"), minutes("11:30")),
        (minutes("12:00"), minutes("15:00")),
    )
    starts = session_starts(problem, 0, 0, 0)
    assert starts[:3] == [minutes("08:00"), minutes("08:05"), minutes("08:10")]
    assert minutes("09:00") not in starts  # protected ELA block


def test_a_dropped_line_that_still_fits_says_so():
    problem = one_school_one_student()
    solution = Solution((0,), (), (), (Unscheduled(0, "left out"),))
    assert explain_dropped(problem, (0,), solution, 0) == (
        "still fits around this schedule (ot1 at OAK: Mon 08:00, Tue 08:00, Wed 08:00, "
        "Thu 08:00, Fri 08:00); the solver stopped before placing it: a longer time limit "
        "should place it"
    )


def test_a_dropped_line_names_what_it_competes_with():
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak])
    t1 = d.teacher("T1", oak)
    ana = d.student(
        "Ana L. (gr 3)",
        t1,
        3,
        busy=[
            ("Mon Wed Thu Fri", "08:00", "15:00"),
            ("Tue", "08:00", "09:00"),
            ("Tue", "09:45", "15:00"),
        ],
    )
    d.line(ana, 1, 30)
    for name in ("Ben", "Cal", "Dee"):
        d.line(d.student(f"{name} (gr 3)", t1, 3), 1, 15)
    problem = d.build()
    sessions = tuple(
        Session(0, oak, 1, minutes(start), minutes(start) + 15, "pull_out", (j,))
        for j, start in ((1, "09:00"), (2, "09:15"), (3, "09:30"))
    )
    solution = Solution((0, 0, 0, 0), sessions, (), (Unscheduled(0, "left out"),))
    assert explain_dropped(problem, (0, 0, 0, 0), solution, 0) == (
        "needs 1 x 30 min; it fits only Tue 09:00-09:45 at OAK, and none of those days has "
        "room left: Tue: ot1 already serves 3 other line(s) then: SV2 (Ben (gr 3)), "
        "SV3 (Cal (gr 3)), SV4 (Dee (gr 3)); ot1 has 2055 free minutes at OAK this week"
    )


def test_a_dropped_line_behind_a_school_without_travel():
    d = District()
    oak, far = d.school("OAK"), d.school("FAR")
    d.therapist("ot1", [oak, far])
    ana = d.student(
        "Ana L. (gr 3)", d.teacher("T1", oak), 3, busy=[("Tue Wed Thu Fri", "08:00", "15:00")]
    )
    d.line(ana, 1, 30)
    dee = d.student("Dee N. (gr 2)", d.teacher("T2", far), 2)
    d.line(dee, 1, 30)
    problem = d.build()
    at_far = Session(0, far, 0, minutes("14:00"), minutes("14:30"), "pull_out", (1,))
    solution = Solution((0, 0), (at_far,), (), (Unscheduled(0, "left out"),))
    reason = explain_dropped(problem, (0, 0), solution, 0)
    assert "Mon: ot1 is at FAR, with no travel to OAK" in reason


def test_locked_sessions_count_towards_the_line():
    d = District()
    oak = d.school("OAK")
    ot1 = d.therapist("ot1", [oak])
    ana = d.student(
        "Ana L. (gr 3)", d.teacher("T1", oak), 3, busy=[("Tue Wed Thu Fri", "08:00", "15:00")]
    )
    d.line(ana, 2, 30)
    problem = d.build()
    assert 0 in analyse(problem, (0,))  # only Monday is free: 2 sessions cannot fit
    locked = PlacedSession(ot1, oak, 1, minutes("08:00"), (0,), locked=True)
    assert analyse(replace(problem, in_force=(locked,)), (0,)) == {}


@given(
    st.integers(600, 720),
    st.integers(0, 200),
    st.integers(10, 90),
    st.integers(5, 60),
    st.lists(st.integers(420, 900), max_size=30),
)
def test_lunch_safe_starts_agree_with_the_lunch_rule(w0, width, lunch, length, starts):
    problem = replace(one_school_one_student(), lunch_window=(w0, w0 + width), lunch_minutes=lunch)
    expected = [s for s in starts if lunch_fits_around(problem, s, s + length)]
    assert lunch_safe_starts(problem, starts, length) == expected
    assert expected == [s for s in starts if lunch_fits(problem, [(s, s + length)])]


def test_a_locked_group_session_is_not_offered_to_a_dropped_line():
    """Joining a locked session would change it, which re-planning must not do."""
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak])
    t1 = d.teacher("T1", oak)
    only_tue_nine = [
        ("Mon Wed Thu Fri", "08:00", "15:00"),
        ("Tue", "08:00", "09:00"),
        ("Tue", "09:30", "15:00"),
    ]
    ana = d.student("Ana L. (gr 3)", t1, 3, busy=only_tue_nine)
    ben = d.student("Ben K. (gr 3)", t1, 3)
    d.line(ana, 1, 30, group=True)
    ben_line = d.line(ben, 1, 30, group=True)
    d.place(0, oak, "Tue", "09:00", (ben_line,), locked=True)
    problem = d.build()
    nine = minutes("09:00")
    solution = Solution(
        assignments=(0, 0),
        sessions=(Session(0, oak, 1, nine, nine + 30, "pull_out", (ben_line,)),),
        travel=(),
        unscheduled=(Unscheduled(0, "left out"),),
    )
    assert "still fits" not in explain_dropped(problem, (0, 0), solution, 0)
