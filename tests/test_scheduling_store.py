"""store: a solution kept as a draft; publish, discard; session uids that last."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from schoolot.extensions import db
from schoolot.models import ScheduledSession, ScheduleVersion
from schoolot.scheduling import store
from schoolot.scheduling.problem_builder import build_problem
from schoolot.solver.solution import Session, Solution, SolveStats, TravelLeg, Unscheduled
from schoolot.solver.solve import solve
from tests.factories import (
    make_district,
    make_school,
    make_service,
    make_student,
    make_teacher,
    make_therapist,
    make_travel,
)

AS_OF = dt.date(2026, 9, 1)
MON, TUE, WED, THU = 0, 1, 2, 3


def hm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


class Week:
    """A therapist at two schools 10 minutes apart; Ana (OAK) owes 2 x 30 min pull-out,
    Bo (ELM) owes 1 x 30 min; both pinned to the therapist. Index 0 is ELM, 1 is OAK."""

    def __init__(self) -> None:
        s = db.session
        make_district(s)
        self.oak = make_school(s, "OAK")
        self.elm = make_school(s, "ELM")
        make_travel(s, self.oak, self.elm, minutes=10)
        self.ot = make_therapist(s, [self.oak, self.elm], "ot@x.example")
        ana_teacher = make_teacher(s, self.oak, "t.oak@x.example")
        bo_teacher = make_teacher(s, self.elm, "t.elm@x.example")
        self.ana = make_student(s, ana_teacher, self.ot, "S1", first_name="Ana", last_name="Li")
        self.bo = make_student(s, bo_teacher, self.ot, "S2", first_name="Bo", last_name="Ng")
        self.ana_line = make_service(s, self.ana, "SV1", minutes=60, session_minutes=30)
        self.bo_line = make_service(s, self.bo, "SV2", minutes=30, session_minutes=30)

    def problem(self, in_force: ScheduleVersion | None = None):
        return build_problem(db.session, in_force, as_of=AS_OF)

    @staticmethod
    def solution(problem, ana_days=(MON, TUE), ana_start="09:00", bo=True, **stats) -> Solution:
        """Ana at OAK at `ana_start` on `ana_days`; Bo at ELM on Wednesday at 09:00."""
        ana = next(j for j, line in enumerate(problem.services) if line.code == "SV1")
        bo_line = next(j for j, line in enumerate(problem.services) if line.code == "SV2")
        oak = next(i for i, school in enumerate(problem.schools) if school.code == "OAK")
        elm = next(i for i, school in enumerate(problem.schools) if school.code == "ELM")
        start = hm(ana_start)
        sessions = [Session(0, oak, d, start, start + 30, "pull_out", (ana,)) for d in ana_days]
        unscheduled = []
        if bo:
            sessions.append(Session(0, elm, WED, hm("09:00"), hm("09:30"), "pull_out", (bo_line,)))
        else:
            unscheduled.append(Unscheduled(bo_line, "no free window at ELM"))
        values = dict(status="OPTIMAL", objective=40.0, bound=40.0, seconds=0.5)
        values.update(stats)
        return Solution(
            assignments=(0, 0),
            sessions=tuple(sessions),
            travel=(),
            unscheduled=tuple(unscheduled),
            stats=SolveStats(**values),
        )

    def store(self, solution=None, in_force=None, **kw) -> ScheduleVersion:
        problem, index = self.problem(in_force)
        if solution is None:
            solution = self.solution(problem, **kw)
        return store.store_solution(
            db.session, problem, index, solution, in_force, None, time_limit=5, seed=3
        )

    def published(self, **kw) -> ScheduleVersion:
        return store.publish(db.session, self.store(**kw))


def sessions_by_day(version: ScheduleVersion) -> dict[str, ScheduledSession]:
    return {row.weekday: row for row in version.sessions}


def versions() -> int:
    return db.session.scalar(select(func.count()).select_from(ScheduleVersion))


# --- storing -------------------------------------------------------------------------


def test_a_stored_solution_is_a_draft_with_its_sessions(app):
    week = Week()

    version = week.store()

    assert version.state == "draft"
    got = sorted(
        (row.weekday, row.start, row.end, row.school.code, [line.code for line in row.services])
        for row in version.sessions
    )
    assert got == [
        ("Mon", dt.time(9, 0), dt.time(9, 30), "OAK", ["SV1"]),
        ("Tue", dt.time(9, 0), dt.time(9, 30), "OAK", ["SV1"]),
        ("Wed", dt.time(9, 0), dt.time(9, 30), "ELM", ["SV2"]),
    ]


def test_a_stored_draft_keeps_the_solver_numbers(app):
    week = Week()

    version = week.store(status="FEASIBLE", objective=50.0, bound=30.0, seconds=2.5)

    assert (version.solver_status, version.objective, version.bound, version.seconds) == (
        "FEASIBLE",
        50.0,
        30.0,
        2.5,
    )
    assert (version.time_limit, version.seed) == (5.0, 3)


def test_a_stored_draft_counts_lines_met_and_owed(app):
    week = Week()

    version = week.store(bo=False)

    assert (version.lines_met, version.lines_owed) == (1, 2)
    (item,) = version.unscheduled
    assert (item.service_line.code, item.reason) == ("SV2", "no free window at ELM")


def test_a_stored_draft_keeps_assignments(app):
    week = Week()

    version = week.store()

    assert sorted((a.student.code, a.therapist.code) for a in version.assignments) == [
        ("S1", "ot@x.example"),
        ("S2", "ot@x.example"),
    ]


def test_a_stored_draft_keeps_travel_and_sums_its_minutes(app):
    week = Week()
    problem, index = week.problem()
    oak = next(i for i, school in enumerate(problem.schools) if school.code == "OAK")
    elm = 1 - oak
    ana = next(j for j, line in enumerate(problem.services) if line.code == "SV1")
    bo = 1 - ana
    solution = Solution(
        assignments=(0, 0),
        sessions=(
            Session(0, oak, MON, hm("09:00"), hm("09:30"), "pull_out", (ana,)),
            Session(0, elm, MON, hm("09:45"), hm("10:15"), "pull_out", (bo,)),
            Session(0, oak, TUE, hm("09:00"), hm("09:30"), "pull_out", (ana,)),
        ),
        travel=(TravelLeg(0, MON, oak, elm, hm("09:30"), hm("09:40")),),
        unscheduled=(),
    )

    version = store.store_solution(db.session, problem, index, solution, None, None, 5, 0)

    assert version.travel_minutes == 10
    (leg,) = version.travel
    assert (leg.weekday, leg.from_school.code, leg.to_school.code, leg.start, leg.end) == (
        "Mon",
        "OAK",
        "ELM",
        dt.time(9, 30),
        dt.time(9, 40),
    )


def test_a_solution_breaking_a_rule_is_refused_and_nothing_is_stored(app):
    week = Week()
    problem, index = week.problem()
    broken = week.solution(problem, ana_days=(MON,))  # SV1 owes two sessions

    with pytest.raises(store.InvalidSolution, match="SV1"):
        store.store_solution(db.session, problem, index, broken, None, None, 5, 0)

    assert versions() == 0


def test_a_draft_is_based_on_the_schedule_in_force(app):
    week = Week()
    first = week.published()

    second = week.store(in_force=first)

    assert second.based_on_id == first.id


# --- publish, discard, in force, newest --------------------------------------------


def test_publishing_a_draft_puts_it_in_force(app):
    week = Week()
    draft = week.store()

    store.publish(db.session, draft)

    assert draft.state == "published"
    assert draft.published_at is not None
    assert draft.revised_at >= draft.created_at
    assert store.in_force(db.session) is draft


def test_publishing_archives_the_schedule_in_force(app):
    week = Week()
    first = week.published()
    second = week.store(in_force=first)

    store.publish(db.session, second)

    assert first.state == "archived"
    assert store.in_force(db.session) is second


def test_publishing_an_unchanged_schedule_keeps_its_revision(app):
    """revised_at is when the calendar last changed (the feeds' DTSTAMP)."""
    week = Week()
    first = week.published()
    first.revised_at -= dt.timedelta(days=3)
    db.session.flush()
    same = week.store(in_force=first)

    store.publish(db.session, same)

    assert same.revised_at == first.revised_at
    assert same.published_at > first.revised_at


def test_publishing_a_changed_schedule_is_a_new_revision(app):
    week = Week()
    first = week.published()
    first.revised_at -= dt.timedelta(days=3)
    db.session.flush()
    moved = week.store(in_force=first, ana_start="10:00")

    store.publish(db.session, moved)

    assert moved.revised_at == moved.published_at > first.revised_at


def test_only_a_draft_can_be_published(app):
    week = Week()
    version = week.published()

    with pytest.raises(store.WrongState, match="only a draft can be published"):
        store.publish(db.session, version)


def test_a_discarded_draft_cannot_be_published(app):
    week = Week()
    draft = week.store()
    store.discard(db.session, draft)

    assert draft.state == "discarded"
    with pytest.raises(store.WrongState):
        store.publish(db.session, draft)


def test_the_schedule_in_force_cannot_be_discarded(app):
    week = Week()
    version = week.published()

    with pytest.raises(store.WrongState, match="only a draft can be discarded"):
        store.discard(db.session, version)


def test_nothing_is_in_force_before_a_publish(app):
    week = Week()
    week.store()

    assert store.in_force(db.session) is None


def test_newest_skips_discarded_versions(app):
    week = Week()
    kept = week.store()
    store.discard(db.session, week.store())

    assert store.newest(db.session) is kept


def test_newest_of_a_state(app):
    week = Week()
    draft = week.store()
    week.published()

    assert store.newest(db.session, state="draft") is draft


# --- uids ----------------------------------------------------------------------------


def test_new_sessions_get_distinct_opaque_uids(app):
    week = Week()

    version = week.store()

    uids = [row.uid for row in version.sessions]
    assert len(set(uids)) == 3
    assert all(len(uid) == 16 and int(uid, 16) >= 0 for uid in uids)


def test_an_unchanged_session_keeps_its_uid_sequence_and_modified_at(app):
    week = Week()
    first = week.published()

    second = week.store(in_force=first)

    before, after = sessions_by_day(first), sessions_by_day(second)
    for day in ("Mon", "Tue", "Wed"):
        assert (after[day].uid, after[day].sequence, after[day].modified_at) == (
            before[day].uid,
            before[day].sequence,
            before[day].modified_at,
        )


def test_a_moved_session_keeps_its_uid_with_the_next_sequence(app):
    week = Week()
    first = week.published()
    before = sessions_by_day(first)

    second = week.store(in_force=first, ana_days=(MON, TUE), ana_start="10:00")

    after = sessions_by_day(second)
    assert after["Mon"].uid == before["Mon"].uid
    assert after["Mon"].sequence == before["Mon"].sequence + 1
    assert after["Mon"].modified_at >= before["Mon"].modified_at
    assert after["Mon"].modified_at == second.created_at


def test_a_session_moved_to_another_day_keeps_a_uid_of_its_line(app):
    week = Week()
    first = week.published()
    before = sessions_by_day(first)

    second = week.store(in_force=first, ana_days=(MON, THU))

    after = sessions_by_day(second)
    moved = after["Thu"]
    assert after["Mon"].uid == before["Mon"].uid
    assert after["Mon"].sequence == before["Mon"].sequence
    assert moved.uid == before["Tue"].uid
    assert moved.sequence == before["Tue"].sequence + 1


def test_a_session_of_a_line_not_in_force_gets_a_fresh_uid(app):
    week = Week()
    first = week.published(bo=False)

    second = week.store(in_force=first)

    old = {row.uid for row in first.sessions}
    bo = next(row for row in second.sessions if row.school.code == "ELM")
    assert bo.uid not in old
    assert bo.sequence == 0


def test_re_solving_an_unchanged_district_keeps_every_uid(app):
    week = Week()
    problem, index = week.problem()
    solution = solve(problem, time_limit=2, seed=1, workers=1)
    first = store.publish(
        db.session, store.store_solution(db.session, problem, index, solution, None, None, 2, 1)
    )

    _, index = week.problem(first)
    again = solve(problem, time_limit=2, seed=1, workers=1)
    second = store.store_solution(db.session, problem, index, again, first, None, 2, 1)

    assert sorted((r.uid, r.sequence) for r in second.sessions) == sorted(
        (r.uid, r.sequence) for r in first.sessions
    )


def test_a_locked_session_left_in_place_stays_locked(app):
    week = Week()
    first = week.published()
    sessions_by_day(first)["Mon"].locked = True
    db.session.flush()

    second = week.store(in_force=first)

    assert [row.weekday for row in second.sessions if row.locked] == ["Mon"]


def test_a_locked_group_that_lost_a_line_stays_locked(app):
    week = Week()
    week.ana_line.grouping = week.bo_line.grouping = "group"
    week.bo.school, week.bo.teacher = week.oak, week.ana.teacher
    db.session.flush()
    _, index = week.problem()
    oak = index.school_index[week.oak.id]
    ana, bo = index.service_index[week.ana_line.id], index.service_index[week.bo_line.id]
    group = Session(0, oak, MON, hm("09:00"), hm("09:30"), "pull_out", (ana, bo))
    alone = Session(0, oak, TUE, hm("09:00"), hm("09:30"), "pull_out", (ana,))
    first = store.publish(
        db.session,
        week.store(solution=Solution((0, 0), (group, alone), (), ())),
    )
    sessions_by_day(first)["Mon"].locked = True
    week.bo_line.end = AS_OF - dt.timedelta(days=1)  # Bo's service ended
    db.session.flush()
    _, index = week.problem(first)
    ana = index.service_index[week.ana_line.id]
    kept = Session(0, oak, MON, hm("09:00"), hm("09:30"), "pull_out", (ana,))

    second = week.store(solution=Solution((0,), (kept, alone), (), ()), in_force=first)

    assert sessions_by_day(second)["Mon"].locked
