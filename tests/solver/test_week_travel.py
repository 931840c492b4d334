"""Place: the therapist's schools, pinned days, and driving between schools
(schedule.md rules 1 and 2)."""

from __future__ import annotations

from schoolot.solver.validate import validate
from tests.solver.strategies import District
from tests.solver.weeks import as_solution, week


def two_schools(
    drive: int | None = 15, pinned: dict[str, int] | None = None, off: str = "Tue Wed Thu Fri"
):
    d = District()
    oak, elm = d.school("OAK"), d.school("ELM")
    if drive is not None:
        d.travel(oak, elm, drive)
    d.therapist("ot1", [oak, elm], off=off, pinned=pinned)
    t_oak, t_elm = d.teacher("T1", oak), d.teacher("T2", elm)
    ana = d.student("Ana (gr 3)", t_oak, 3, busy=[("*", "08:00", "09:00"), ("*", "09:30", "15:00")])
    ben = d.student("Ben (gr 2)", t_elm, 2, busy=[("*", "08:00", "09:30"), ("*", "10:30", "15:00")])
    d.line(ana, 1, 30)
    d.line(ben, 1, 30)
    return d.build()


def test_two_schools_in_a_day_get_the_drive_between_them():
    problem = two_schools(drive=15)
    result = week(problem)
    oak, elm = sorted(result.sessions, key=lambda s: s.start)
    assert (oak.school, oak.start) == (0, 9 * 60)
    assert elm.school == 1 and elm.start >= oak.end + 15
    (leg,) = result.travel
    assert (leg.from_school, leg.to_school) == (0, 1)
    assert oak.end <= leg.start and leg.end <= elm.start and leg.end - leg.start == 15
    assert validate(problem, as_solution(problem, result)) == []


def test_schools_with_no_travel_are_not_both_visited_in_a_day():
    problem = two_schools(drive=None)
    result = week(problem)
    assert len(result.sessions) == 1 and len(result.unmet) == 1
    assert result.travel == ()


def test_a_pinned_day_stays_at_its_school():
    # Monday pinned to OAK: Ben (ELM) goes to Tuesday.
    problem = two_schools(pinned={"Mon": 0}, off="Wed Thu Fri")
    result = week(problem)
    by_school = {s.school: s.day for s in result.sessions}
    assert by_school == {0: 0, 1: 1}
    assert result.travel == ()


def test_sessions_only_at_the_therapists_schools():
    d = District()
    oak, elm = d.school("OAK"), d.school("ELM")
    d.therapist("ot1", [oak])
    teacher = d.teacher("T1", elm)
    d.line(d.student("Ana (gr 3)", teacher, 3, therapist=0), 1, 30)
    result = week(d.build())
    assert result.sessions == () and result.unmet == (0,)


def test_the_day_is_one_visit_per_school_to_save_driving():
    # Two students at each school, all free all day: one trip, not back and forth.
    d = District()
    oak, elm = d.school("OAK"), d.school("ELM")
    d.travel(oak, elm, 20)
    d.therapist("ot1", [oak, elm], off="Tue Wed Thu Fri")
    t_oak, t_elm = d.teacher("T1", oak), d.teacher("T2", elm)
    for i, teacher in enumerate((t_oak, t_elm, t_oak, t_elm)):
        d.line(d.student(f"S{i} (gr {i})", teacher, 3 * i), 1, 30)
    problem = d.build()
    result = week(problem)
    assert len(result.sessions) == 4
    assert len(result.travel) == 1
    assert validate(problem, as_solution(problem, result)) == []
