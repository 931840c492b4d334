"""Groups: who may share a session (schedule.md rule 7), on problems small enough to
check by eye. The therapist works Mondays only and every student is free only
09:00-09:30, so two students are both served only if they share one session."""

from __future__ import annotations

from schoolot.solver.problem import CONSULT, PUSH_IN
from schoolot.solver.validate import validate
from tests.solver.strategies import District
from tests.solver.weeks import as_solution, week

ONLY_NINE = [("*", "08:00", "09:00"), ("*", "09:30", "15:00")]


def monday_only(grades, delivery="pull_out", teachers=1, max_group=3, group=True):
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak], off="Tue Wed Thu Fri")
    staff = [d.teacher(f"T{i + 1}", oak) for i in range(teachers)]
    for i, grade in enumerate(grades):
        busy = [] if delivery == CONSULT else ONLY_NINE
        student = d.student(f"S{i + 1} (gr {grade})", staff[i % teachers], grade, busy=busy)
        d.line(student, 1, 30, delivery=delivery, group=group, max_group=max_group)
    return d.build()


def test_group_lines_of_adjacent_grades_share_their_one_common_window():
    problem = monday_only([3, 4])
    result = week(problem)
    assert [s.services for s in result.sessions] == [(0, 1)]
    assert result.sessions[0].start == 9 * 60
    assert validate(problem, as_solution(problem, result)) == []


def test_grades_three_apart_are_not_grouped_so_one_line_is_left_out():
    problem = monday_only([3, 6])
    result = week(problem)
    assert len(result.sessions) == 1 and len(result.sessions[0].services) == 1
    assert len(result.unmet) == 1


def test_a_group_holds_no_more_than_the_smallest_max_group():
    problem = monday_only([3, 3, 3], max_group=2)
    result = week(problem)
    assert [len(s.services) for s in result.sessions] == [2]
    assert len(result.unmet) == 1


def test_a_push_in_group_holds_students_of_one_teacher_only():
    problem = monday_only([3, 3], delivery=PUSH_IN, teachers=2)
    result = week(problem)
    assert [len(s.services) for s in result.sessions] == [1]
    assert len(result.unmet) == 1


def test_individual_lines_are_never_grouped():
    problem = monday_only([3, 3], group=False)
    result = week(problem)
    assert [len(s.services) for s in result.sessions] == [1]


def test_consult_sessions_are_never_grouped():
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak], off="Tue Wed Thu Fri")
    teacher = d.teacher("T1", oak, busy=ONLY_NINE)
    for name in ("Ana (gr 3)", "Ben (gr 3)"):
        d.line(d.student(name, teacher, 3), 1, 30, delivery=CONSULT, group=True)
    problem = d.build()
    result = week(problem)
    assert [s.services for s in result.sessions] in ([(0,)], [(1,)])


def test_grouping_is_preferred_when_it_frees_the_therapists_time():
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak])
    teacher = d.teacher("T1", oak)
    for name in ("Ana (gr 3)", "Ben (gr 3)"):
        d.line(d.student(name, teacher, 3), 1, 30, group=True)
    result = week(d.build())
    assert [s.services for s in result.sessions] == [(0, 1)]
