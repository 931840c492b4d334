"""Who serves whom: pinned students stay, the others balance workload per FTE,
prefer a therapist already at their school and respect capacity."""

from __future__ import annotations

from schoolot.solver.assign import (
    assign_students,
    assignment_cost,
    greedy_assignment,
    prepare_assignment,
)
from tests.solver.strategies import District, two_therapists_shared_school


def test_pinned_students_keep_their_therapist():
    problem = two_therapists_shared_school()
    chosen = assign_students(problem, seed=0, time_limit=2)
    assert chosen[0] == 0
    for student, therapist in zip(problem.students, chosen, strict=True):
        assert therapist in (student.candidates | {student.therapist})


def test_workload_is_balanced_per_fte():
    # ot1 full time, ot2 half time, both at OAK: six alike students split 4 to 2.
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak])
    d.therapist("ot2", [oak], fte=0.5, off="Thu Fri")
    teacher = d.teacher("T1", oak)
    for i in range(6):
        d.line(d.student(f"S{i} (gr 3)", teacher, 3), 2, 30)
    chosen = assign_students(d.build(), seed=0, time_limit=2)
    assert sorted(chosen).count(0) == 4 and sorted(chosen).count(1) == 2


def test_a_therapist_already_at_the_school_is_preferred():
    # ot1 has pinned students at OAK only; ot2 at ELM only; a new ELM student goes to ot2.
    d = District()
    oak, elm = d.school("OAK"), d.school("ELM")
    d.travel(oak, elm, 25)
    ot1 = d.therapist("ot1", [oak, elm])
    ot2 = d.therapist("ot2", [oak, elm])
    t_oak, t_elm = d.teacher("T1", oak), d.teacher("T2", elm)
    for i in range(3):
        d.line(d.student(f"O{i} (gr 3)", t_oak, 3, therapist=ot1), 1, 30)
        d.line(d.student(f"E{i} (gr 3)", t_elm, 3, therapist=ot2), 1, 30)
    newcomer = d.student("New (gr 3)", t_elm, 3)
    d.line(newcomer, 1, 30)
    chosen = assign_students(d.build(), seed=0, time_limit=2)
    assert chosen[newcomer] == ot2


def test_capacity_is_not_exceeded_when_another_therapist_has_room():
    # ot2 works one short day; ot1 every day: the heavy students go to ot1.
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak])
    d.therapist("ot2", [oak], hours=("08:00", "10:00"), off="Tue Wed Thu Fri", fte=0.9)
    teacher = d.teacher("T1", oak)
    for i in range(4):
        d.line(d.student(f"S{i} (gr 3)", teacher, 3), 3, 45)
    problem = d.build()
    chosen = assign_students(problem, seed=0, time_limit=2)
    data = prepare_assignment(problem)
    load = sum(data.demand[s] for s, t in enumerate(chosen) if t == 1)
    assert load <= data.capacity[1]


def test_a_student_with_no_candidate_is_left_unassigned():
    d = District()
    oak, far = d.school("OAK"), d.school("FAR")
    d.therapist("ot1", [oak])
    d.line(d.student("Ana (gr 3)", d.teacher("T1", far), 3), 1, 30)
    assert assign_students(d.build(), seed=0, time_limit=1) == (None,)


def test_the_model_never_does_worse_than_the_greedy_pass():
    problem = two_therapists_shared_school()
    data = prepare_assignment(problem)
    greedy = greedy_assignment(problem, data)
    chosen = assign_students(problem, seed=0, time_limit=2)
    assert assignment_cost(problem, data, chosen) <= assignment_cost(problem, data, greedy)


def test_students_in_the_schedule_in_force_keep_their_therapist():
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak])
    d.therapist("ot2", [oak])
    teacher = d.teacher("T1", oak)
    for i in range(4):
        d.line(d.student(f"S{i} (gr 3)", teacher, 3), 1, 30)
    for i in range(4):  # all four with ot1: unbalanced, yet moving them costs more
        d.place(0, oak, "Mon", f"{9 + i:02d}:00", (i,))
    chosen = assign_students(d.build(), seed=0, time_limit=2)
    assert chosen == (0, 0, 0, 0)
