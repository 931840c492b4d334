"""diff.compare: what a draft changes against the schedule in force."""

from __future__ import annotations

from schoolot.extensions import db
from schoolot.scheduling import store
from schoolot.scheduling.diff import compare
from schoolot.scheduling.problem_builder import build_problem
from schoolot.solver.solution import Session, Solution
from tests.factories import make_therapist
from tests.test_scheduling_store import AS_OF, Week, hm


def codes(rows) -> list[str]:
    return [row.code for row in rows]


def test_without_a_schedule_in_force_every_session_is_added(app):
    week = Week()
    draft = week.store()

    diff = compare(db.session, draft, None)

    assert (len(diff.kept), len(diff.moved), len(diff.added), len(diff.removed)) == (0, 0, 3, 0)
    assert codes(diff.students_affected) == ["S1", "S2"]


def test_an_unchanged_draft_keeps_every_session_and_affects_nobody(app):
    week = Week()
    first = week.published()
    draft = week.store(in_force=first)

    diff = compare(db.session, draft, first)

    assert len(diff.kept) == 3
    assert diff.changed == 0
    assert diff.students_affected == []
    assert diff.teachers_affected == []


def test_sessions_that_moved_are_moved_not_removed_and_added(app):
    week = Week()
    first = week.published()
    draft = week.store(in_force=first, ana_start="10:00")

    diff = compare(db.session, draft, first)

    assert (len(diff.kept), len(diff.moved), len(diff.added), len(diff.removed)) == (1, 2, 0, 0)
    change = diff.moved[0]
    assert change.before.uid == change.after.uid
    assert (change.before.start.hour, change.after.start.hour) == (9, 10)


def test_a_line_left_out_of_the_draft_shows_its_session_removed(app):
    week = Week()
    first = week.published()
    draft = week.store(in_force=first, bo=False)

    diff = compare(db.session, draft, first)

    assert [c.before.weekday for c in diff.removed] == ["Wed"]
    assert codes(diff.students_affected) == ["S2"]


def test_a_line_placed_in_the_draft_shows_its_session_added(app):
    week = Week()
    first = week.published(bo=False)
    draft = week.store(in_force=first)

    diff = compare(db.session, draft, first)

    assert [c.after.school.code for c in diff.added] == ["ELM"]


def test_changes_are_counted_per_therapist(app):
    week = Week()
    first = week.published()
    draft = week.store(in_force=first, ana_start="10:00", bo=False)

    diff = compare(db.session, draft, first)

    (therapist, count) = next(iter(diff.by_therapist.items()))
    assert therapist.code == "ot@x.example"
    assert (count.kept, count.moved, count.added, count.removed) == (0, 2, 0, 1)


def test_a_teacher_is_affected_when_a_session_of_their_student_changes(app):
    week = Week()
    first = week.published()
    draft = week.store(in_force=first, ana_start="10:00")

    diff = compare(db.session, draft, first)

    assert codes(diff.teachers_affected) == ["t.oak@x.example"]
    assert diff.by_teacher[week.bo.teacher].kept == 1
    assert diff.by_teacher[week.ana.teacher].moved == 2


def test_a_student_given_another_therapist_is_reassigned(app):
    week = Week()
    # Sorts after ot@x.example: Week's solutions use therapist index 0 for ot.
    ot2 = make_therapist(db.session, [week.oak], "pt@x.example")
    week.ana.therapist = None
    first = week.published()
    problem, index = build_problem(db.session, first, as_of=AS_OF)
    t1, t2 = index.therapist_index[week.ot.id], index.therapist_index[ot2.id]
    oak = index.school_index[week.oak.id]
    elm = index.school_index[week.elm.id]
    ana = index.service_index[week.ana_line.id]
    bo = index.service_index[week.bo_line.id]
    solution = Solution(
        assignments=(t2, t1),
        sessions=(
            Session(t2, oak, 0, hm("09:00"), hm("09:30"), "pull_out", (ana,)),
            Session(t2, oak, 1, hm("09:00"), hm("09:30"), "pull_out", (ana,)),
            Session(t1, elm, 2, hm("09:00"), hm("09:30"), "pull_out", (bo,)),
        ),
        travel=(),
        unscheduled=(),
    )
    draft = store.store_solution(db.session, problem, index, solution, first, None, 5, 0)

    diff = compare(db.session, draft, first)

    (moved,) = diff.reassigned
    assert (moved.student.code, moved.before.code, moved.after.code) == (
        "S1",
        "ot@x.example",
        "pt@x.example",
    )
    assert len(diff.removed) == len(diff.added) == 2  # another therapist: new sessions
