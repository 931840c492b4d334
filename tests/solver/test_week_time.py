"""Time: minutes owed whole or not at all, one session a day, one place at a time,
lunch, and the soft rules on time of day (schedule.md rules 1, 3, 4 and 6)."""

from __future__ import annotations

from schoolot.solver.validate import validate
from schoolot.solver.windows import has_free_run
from tests.solver.strategies import District, one_school_one_student
from tests.solver.weeks import as_solution, sessions_of, week


def test_a_line_gets_its_sessions_on_different_days():
    problem = one_school_one_student()
    result = week(problem)
    days = [day for day, _ in sessions_of(result, 0)]
    assert len(days) == 2 and len(set(days)) == 2
    assert validate(problem, as_solution(problem, result)) == []


def test_a_line_with_too_few_free_days_is_left_out_whole():
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak])
    teacher = d.teacher("T1", oak)
    student = d.student("Ana (gr 3)", teacher, 3, busy=[("Wed Thu Fri", "08:00", "15:00")])
    d.line(student, 3, 30)
    d.line(student, 1, 30)
    result = week(d.build())
    assert result.unmet == (0,)
    assert sessions_of(result, 0) == []
    assert len(sessions_of(result, 1)) == 1


def test_sessions_keep_to_the_students_free_time_and_the_therapists_hours():
    d = District()
    oak = d.school("OAK", "08:00", "15:00")
    d.therapist("ot1", [oak], hours=("10:00", "16:00"), off="Tue Wed Thu Fri")
    teacher = d.teacher("T1", oak)
    student = d.student("Ana (gr 3)", teacher, 3, protected=[("*", "10:00", "11:00")])
    d.line(student, 1, 45)
    problem = d.build()
    result = week(problem)
    (session,) = result.sessions
    assert session.start >= 11 * 60
    assert validate(problem, as_solution(problem, result)) == []


def test_lunch_is_kept_when_the_window_is_full_of_demand():
    # Five 30-minute lines free only inside the lunch window 11:00-13:30, one day:
    # four sessions and lunch fill it; the fifth line is left out.
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak], off="Tue Wed Thu Fri")
    teacher = d.teacher("T1", oak)
    busy = [("*", "08:00", "11:00"), ("*", "13:30", "15:00")]
    for i in range(5):
        d.line(d.student(f"S{i} (gr {i})", teacher, i * 3, busy=busy), 1, 30)
    problem = d.build()
    result = week(problem)
    assert len(result.sessions) == 4 and len(result.unmet) == 1
    busy_spans = [(s.start, s.end) for s in result.sessions]
    assert has_free_run(busy_spans, problem.lunch_window, problem.lunch_minutes)
    assert validate(problem, as_solution(problem, result)) == []


def test_the_therapist_holds_one_session_at_a_time():
    # Two individual lines free only 09:00-10:00 on Monday: back to back, not at once.
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak], off="Tue Wed Thu Fri")
    teacher = d.teacher("T1", oak)
    busy = [("*", "08:00", "09:00"), ("*", "10:00", "15:00")]
    for name in ("Ana (gr 3)", "Ben (gr 3)"):
        d.line(d.student(name, teacher, 3, busy=busy), 1, 30)
    result = week(d.build())
    assert sorted(s.start for s in result.sessions) == [9 * 60, 9 * 60 + 30]


def test_a_student_with_two_lines_is_in_one_session_at_a_time():
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak], off="Tue Wed Thu Fri")
    teacher = d.teacher("T1", oak)
    student = d.student(
        "Ana (gr 3)", teacher, 3, busy=[("*", "08:00", "09:00"), ("*", "10:00", "15:00")]
    )
    d.line(student, 1, 30, group=True)
    d.line(student, 1, 30, group=True)
    problem = d.build()
    result = week(problem)
    assert len(result.sessions) == 2
    assert validate(problem, as_solution(problem, result)) == []


def test_a_lines_sessions_start_at_the_same_time_of_day_when_they_can():
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak])
    teacher = d.teacher("T1", oak)
    d.line(d.student("Ana (gr 3)", teacher, 3), 3, 30)
    result = week(d.build())
    assert len({start for _, start in sessions_of(result, 0)}) == 1


def test_a_day_has_no_idle_gap_it_can_avoid():
    # Ana is free only 09:00-09:30; Ben all day, same day: Ben sits next to Ana.
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak], off="Tue Wed Thu Fri")
    teacher = d.teacher("T1", oak)
    ana = d.student(
        "Ana (gr 3)", teacher, 3, busy=[("*", "08:00", "09:00"), ("*", "09:30", "15:00")]
    )
    ben = d.student("Ben (gr 9)", teacher, 9)
    d.line(ana, 1, 30)
    d.line(ben, 1, 30)
    result = week(d.build())
    starts = sorted(s.start for s in result.sessions)
    assert starts in ([8 * 60 + 30, 9 * 60], [9 * 60, 9 * 60 + 30])
