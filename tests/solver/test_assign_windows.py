"""The assignment counts when students are free, and which schools one therapist can
combine on a day, not minutes alone."""

from __future__ import annotations

from schoolot.solver.assign import assign_students
from schoolot.solver.contention import Contention, relieve
from tests.solver.strategies import District

# Everything but 09:00-09:30 is busy for the class of these tests.
ONLY_NINE = [("*", "08:00", "09:00"), ("*", "09:30", "15:00")]


def _class_free_at_nine(d: District, teacher: int, count: int, therapist=None) -> list[int]:
    students = []
    for i in range(count):
        student = d.student(f"S{i} (gr 3)", teacher, 3, therapist=therapist, busy=ONLY_NINE)
        d.line(student, 1, 30)
        students.append(student)
    return students


def test_a_class_with_one_free_stretch_a_day_is_split_between_therapists():
    # Six 30-minute students free only 09:00-09:30: one therapist holds five a week
    # (one a day), so the sixth goes to ot2, although ot1 has hours to spare.
    d = District()
    oak, elm = d.school("OAK"), d.school("ELM")
    d.travel(oak, elm, 20)
    ot1 = d.therapist("ot1", [oak, elm])
    ot2 = d.therapist("ot2", [oak, elm])
    busy_elm = d.teacher("T2", elm)
    for i in range(8):  # ot2's own caseload at ELM: ot1 is the lighter by minutes
        d.line(d.student(f"E{i} (gr 3)", busy_elm, 3, therapist=ot2), 2, 45)
    students = _class_free_at_nine(d, d.teacher("T1", oak), 6)
    problem = d.build()
    for seconds in (0, 5):  # the greedy pass alone, and with the model
        chosen = assign_students(problem, seed=0, time_limit=seconds)
        mine = [chosen[s] for s in students]
        assert mine.count(ot2) >= 1 and mine.count(ot1) <= 5


def test_a_school_with_no_drive_to_a_therapists_others_goes_to_one_who_can_reach_it():
    # ot1 serves AAA; BBB has no drive from AAA, so its new student goes to ot2 (at
    # CCC, 20 minutes away), although ot2 carries more.
    d = District()
    aaa, bbb, ccc = d.school("AAA"), d.school("BBB"), d.school("CCC")
    d.travel(bbb, ccc, 20)
    ot1 = d.therapist("ot1", [aaa, bbb])
    ot2 = d.therapist("ot2", [bbb, ccc])
    t_a, t_b, t_c = d.teacher("TA", aaa), d.teacher("TB", bbb), d.teacher("TC", ccc)
    d.line(d.student("A (gr 3)", t_a, 3, therapist=ot1), 1, 30)
    for i in range(6):
        d.line(d.student(f"C{i} (gr 3)", t_c, 3, therapist=ot2), 2, 30)
    newcomer = d.student("New (gr 3)", t_b, 3)
    d.line(newcomer, 2, 30)
    chosen = assign_students(d.build(), seed=0, time_limit=5)
    assert chosen[newcomer] == ot2


def test_the_flow_counts_minutes_students_compete_for():
    # Three 30-minute students free only Mon 09:00-09:30: one of them fits.
    d = District(weekdays=("Mon",))
    oak = d.school("OAK")
    d.therapist("ot1", [oak])
    students = _class_free_at_nine(d, d.teacher("T1", oak), 3)
    contention = Contention(d.build())
    assert contention.unfit(0, range(len(students))) == 60
    assert contention.unfit(0, [0]) == 0


def test_relieve_moves_students_a_full_therapist_cannot_fit_to_one_with_room():
    d = District(weekdays=("Mon",))
    oak = d.school("OAK")
    ot1, ot2 = d.therapist("ot1", [oak]), d.therapist("ot2", [oak])
    students = _class_free_at_nine(d, d.teacher("T1", oak), 2)
    problem = d.build()
    chosen = relieve(problem, (ot1, ot1), students, until=float("inf"))
    assert sorted(chosen) == [ot1, ot2]
