"""build_problem: the solver's Problem computed from tiny hand-built districts."""

from __future__ import annotations

import datetime as dt

import pytest

from schoolot.extensions import db
from schoolot.models import ScheduledSession, ScheduleVersion, TherapistHours
from schoolot.scheduling.problem_builder import NoDistrict, build_problem
from tests.factories import (
    make_block,
    make_district,
    make_scheduled_session,
    make_school,
    make_service,
    make_student,
    make_teacher,
    make_therapist,
    make_travel,
    make_version,
)

AS_OF = dt.date(2026, 9, 1)


def hm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def span(start: str, end: str) -> tuple[int, int]:
    return (hm(start), hm(end))


class Tiny:
    """One school (08:00-15:00), two grade-2 classes and a grade-3 class, one therapist."""

    def __init__(self, **district) -> None:
        s = db.session
        self.district = make_district(s, **district)
        self.oak = make_school(s, "OAK")
        self.t2a = make_teacher(s, self.oak, "t2a@x.example", grade="2")
        self.t2b = make_teacher(s, self.oak, "t2b@x.example", grade="2")
        self.t3 = make_teacher(s, self.oak, "t3@x.example", grade="3")
        self.ot = make_therapist(s, [self.oak], "ot@x.example")
        self.ana = make_student(s, self.t2a, code="S1", first_name="Ana", last_name="Lopez")
        self.bo = make_student(s, self.t2b, code="S2", first_name="Bo", last_name="Ng")
        self.cy = make_student(s, self.t3, code="S3", first_name="Cy", last_name="Ode", grade="3")
        for student in (self.ana, self.bo, self.cy):
            make_service(s, student, f"SV-{student.code}")

    def problem(self, **kw):
        return build_problem(db.session, as_of=kw.pop("as_of", AS_OF), **kw)


def student(problem, code):
    return next(s for s in problem.students if s.code == code)


def test_a_grade_lunch_takes_the_grade_out_of_both_windows(app):
    tiny = Tiny()
    make_block(db.session, tiny.oak, scope="grade", target_grade="2", kind="busy")

    problem, _ = tiny.problem()

    lunch_out = ((hm("08:00"), hm("11:30")), (hm("12:00"), hm("15:00")))
    ana = student(problem, "S1")
    assert ana.free_pull_out == (lunch_out,) * 5
    assert ana.free_push_in == (lunch_out,) * 5


def test_a_grade_block_leaves_other_grades_free(app):
    tiny = Tiny()
    make_block(db.session, tiny.oak, scope="grade", target_grade="2", kind="busy")

    problem, _ = tiny.problem()

    assert student(problem, "S3").free_pull_out == ((span("08:00", "15:00"),),) * 5


def test_a_protected_block_excludes_pull_out_but_allows_push_in(app):
    tiny = Tiny()
    make_block(
        db.session,
        tiny.oak,
        scope="teacher",
        teacher=tiny.t2a,
        kind="protected",
        start=dt.time(9, 0),
        end=dt.time(10, 30),
        label="ELA block",
    )

    problem, _ = tiny.problem()

    ana = student(problem, "S1")
    assert ana.free_pull_out[0] == (span("08:00", "09:00"), span("10:30", "15:00"))
    assert ana.free_push_in[0] == (span("08:00", "15:00"),)


def test_a_teacher_busy_block_covers_their_students_and_their_consult_time(app):
    tiny = Tiny()
    make_block(
        db.session,
        tiny.oak,
        scope="teacher",
        teacher=tiny.t2a,
        kind="busy",
        weekdays="Mon",
        start=dt.time(13, 0),
        end=dt.time(14, 0),
        label="Specials",
    )

    problem, _ = tiny.problem()

    cut = (span("08:00", "13:00"), span("14:00", "15:00"))
    whole = (span("08:00", "15:00"),)
    assert student(problem, "S1").free_push_in[:2] == (cut, whole)
    teacher = next(t for t in problem.teachers if t.code == "t2a@x.example")
    assert teacher.free[:2] == (cut, whole)


def test_a_teacher_busy_block_leaves_another_class_free(app):
    tiny = Tiny()
    make_block(
        db.session,
        tiny.oak,
        scope="teacher",
        teacher=tiny.t2a,
        kind="busy",
        start=dt.time(13, 0),
        end=dt.time(14, 0),
    )

    problem, _ = tiny.problem()

    assert student(problem, "S2").free_push_in[0] == (span("08:00", "15:00"),)
    other = next(t for t in problem.teachers if t.code == "t2b@x.example")
    assert other.free[0] == (span("08:00", "15:00"),)


def test_school_and_grade_blocks_do_not_limit_a_teachers_consult_time(app):
    tiny = Tiny()
    make_block(db.session, tiny.oak)  # school-wide lunch
    make_block(db.session, tiny.oak, scope="teacher", teacher=tiny.t2a, kind="protected")

    problem, _ = tiny.problem()

    teacher = next(t for t in problem.teachers if t.code == "t2a@x.example")
    assert teacher.free[0] == (span("08:00", "15:00"),)


def test_a_student_block_covers_only_that_student(app):
    tiny = Tiny()
    make_block(
        db.session,
        tiny.oak,
        scope="student",
        student=tiny.bo,
        kind="busy",
        start=dt.time(8, 0),
        end=dt.time(8, 30),
        label="Speech",
    )

    problem, _ = tiny.problem()

    assert student(problem, "S2").free_pull_out[0] == (span("08:30", "15:00"),)
    assert student(problem, "S1").free_pull_out[0] == (span("08:00", "15:00"),)


def test_a_star_hours_row_covers_every_school_day(app):
    tiny = Tiny(school_days="Mon Tue Wed Thu")
    tiny.ot.hours.clear()
    tiny.ot.hours.append(TherapistHours(weekdays="*", start=dt.time(7, 30), end=dt.time(15, 30)))
    db.session.flush()

    problem, _ = tiny.problem()

    assert problem.weekdays == ("Mon", "Tue", "Wed", "Thu")
    assert problem.therapists[0].hours == (span("07:30", "15:30"),) * 4


def test_a_weekday_with_no_hours_row_is_not_worked(app):
    tiny = Tiny()
    tiny.ot.hours.clear()
    tiny.ot.hours.append(
        TherapistHours(weekdays="Mon Wed", start=dt.time(8, 0), end=dt.time(12, 0))
    )
    db.session.flush()

    problem, _ = tiny.problem()

    morning = span("08:00", "12:00")
    assert problem.therapists[0].hours == (morning, None, morning, None, None)


def test_an_hours_row_with_a_school_pins_that_day(app):
    tiny = Tiny()
    elm = make_school(db.session, "ELM")
    tiny.ot.schools.append(elm)
    tiny.ot.hours.clear()
    tiny.ot.hours.append(
        TherapistHours(weekdays="Tue", start=dt.time(8, 0), end=dt.time(16, 0), school=elm)
    )
    tiny.ot.hours.append(
        TherapistHours(weekdays="Mon Wed Thu Fri", start=dt.time(8, 0), end=dt.time(16, 0))
    )
    db.session.flush()

    problem, index = tiny.problem()

    elm_index = index.school_index[elm.id]
    assert problem.therapists[0].pinned == (None, elm_index, None, None, None)
    assert problem.therapists[0].schools == frozenset({elm_index, index.school_index[tiny.oak.id]})


def test_travel_is_symmetric_with_none_where_no_row(app):
    tiny = Tiny()
    elm = make_school(db.session, "ELM")
    pine = make_school(db.session, "PINE")
    make_travel(db.session, elm, tiny.oak, minutes=12)

    problem, index = tiny.problem()

    e, o, p = (index.school_index[s.id] for s in (elm, tiny.oak, pine))
    assert problem.travel[e][o] == problem.travel[o][e] == 12
    assert problem.travel[o][p] is None
    assert problem.travel[p][p] == 0


def test_lunch_and_group_settings_come_from_the_district(app):
    tiny = Tiny(lunch_minutes=45, lunch_window_start=dt.time(11, 30), group_grade_span=2)

    problem, _ = tiny.problem()

    assert problem.lunch_minutes == 45
    assert problem.lunch_window == span("11:30", "13:30")
    assert problem.group_grade_span == 2


def test_grades_are_ranks_with_k_as_0_and_pk_as_minus_1(app):
    tiny = Tiny()
    pk = make_teacher(db.session, tiny.oak, "tpk@x.example", grade="PK")
    k = make_teacher(db.session, tiny.oak, "tk@x.example", grade="K")
    for teacher, code in ((pk, "S4"), (k, "S5")):
        make_service(db.session, make_student(db.session, teacher, code=code))

    problem, _ = tiny.problem()

    assert [student(problem, c).grade for c in ("S4", "S5", "S1", "S3")] == [-1, 0, 2, 3]


def test_a_student_label_shows_first_name_last_initial_and_grade_only(app):
    tiny = Tiny()

    problem, _ = tiny.problem()

    assert student(problem, "S1").label == "Ana L. (gr 2)"


def test_candidates_are_the_therapists_serving_the_students_school(app):
    tiny = Tiny()
    elm = make_school(db.session, "ELM")
    make_therapist(db.session, [elm], "elsewhere@x.example")
    both = make_therapist(db.session, [elm, tiny.oak], "both@x.example")

    problem, index = tiny.problem()

    assert student(problem, "S1").candidates == frozenset(
        {index.therapist_index[tiny.ot.id], index.therapist_index[both.id]}
    )


def test_a_students_pinned_therapist_is_kept(app):
    tiny = Tiny()
    tiny.ana.therapist = tiny.ot
    db.session.flush()

    problem, index = tiny.problem()

    assert student(problem, "S1").therapist == index.therapist_index[tiny.ot.id]
    assert student(problem, "S2").therapist is None


def test_a_monthly_line_makes_a_four_week_cycle_with_its_sessions_once(app):
    """No cycle setting and a monthly line: the cycle is 4 weeks; 120 min/month in 30-min
    sessions is 4 sessions in the cycle (not 1 every week), the weekly line 2 x 4."""
    tiny = Tiny()
    make_service(
        db.session,
        tiny.ana,
        "SV-month",
        minutes=120,
        per="month",
        session_minutes=30,
        delivery="push_in",
        grouping="group",
        max_group=2,
    )

    problem, _ = tiny.problem()

    assert problem.cycle_weeks == 4
    assert len(problem.weekdays) == 4 * 5
    line = next(line for line in problem.services if line.code == "SV-month")
    assert (line.sessions, line.per, line.length, line.delivery, line.group) == (
        4,
        "month",
        30,
        "push_in",
        True,
    )
    weekly = next(line for line in problem.services if line.code == "SV-S1")
    assert (weekly.sessions, weekly.per, weekly.group) == (8, "week", False)


def test_a_one_week_setting_keeps_the_old_weekly_pattern(app):
    tiny = Tiny()
    tiny.district.cycle_weeks = 1
    make_service(db.session, tiny.ana, "SV-month", minutes=120, per="month", session_minutes=30)

    problem, _ = tiny.problem()

    assert (problem.cycle_weeks, len(problem.weekdays)) == (1, 5)
    line = next(line for line in problem.services if line.code == "SV-month")
    assert line.sessions == 1
    assert problem.week_caps(0, 0) is None


def test_quarterly_and_yearly_lines_are_not_in_the_problem(app):
    tiny = Tiny()
    make_service(db.session, tiny.ana, "SV-q", minutes=120, per="quarter", session_minutes=30)
    make_service(db.session, tiny.ana, "SV-y", minutes=60, per="year", session_minutes=30)

    problem, index = tiny.problem()

    assert {line.code for line in problem.services} == {"SV-S1", "SV-S2", "SV-S3"}
    assert len(index.service_ids) == 3


def test_a_line_that_ended_before_as_of_is_not_scheduled(app):
    tiny = Tiny()
    make_service(db.session, tiny.ana, "SV-old", end=dt.date(2026, 10, 1))

    before, _ = tiny.problem(as_of=dt.date(2026, 9, 1))
    after, _ = tiny.problem(as_of=dt.date(2026, 10, 2))

    assert "SV-old" in [line.code for line in before.services]
    assert "SV-old" not in [line.code for line in after.services]


def test_a_line_starting_after_the_year_is_not_scheduled(app):
    tiny = Tiny()
    make_service(db.session, tiny.ana, "SV-next", start=dt.date(2027, 6, 1))

    problem, _ = tiny.problem()

    assert "SV-next" not in [line.code for line in problem.services]


def test_a_student_whose_iep_ended_is_left_out(app):
    tiny = Tiny()
    tiny.bo.iep_start, tiny.bo.iep_end = dt.date(2025, 9, 1), dt.date(2026, 8, 30)
    db.session.flush()

    problem, _ = tiny.problem()

    assert [s.code for s in problem.students] == ["S1", "S3"]


def test_as_of_defaults_to_today_clipped_into_the_year(app):
    tiny = Tiny(year_start=dt.date(2000, 8, 1), year_end=dt.date(2001, 6, 1))
    tiny.ana.iep_start, tiny.ana.iep_end = dt.date(2000, 3, 1), dt.date(2001, 6, 1)
    db.session.flush()

    _, index = build_problem(db.session)

    assert index.as_of == dt.date(2001, 6, 1)


def test_the_index_maps_problem_indices_to_rows_and_back(app):
    tiny = Tiny()

    problem, index = tiny.problem()

    for i in range(len(problem.services)):
        assert index.service_index[index.service_ids[i]] == i
    ana = index.student_index[tiny.ana.id]
    assert problem.students[ana].code == "S1"
    assert problem.teachers[problem.students[ana].teacher].code == "t2a@x.example"


def test_the_schedule_in_force_becomes_placed_sessions_with_their_locks(app):
    tiny = Tiny()
    line = tiny.ana.services[0]
    version = ScheduleVersion(
        state="published",
        solver_status="FEASIBLE",
        objective=0,
        bound=0,
        seconds=0,
        seed=0,
        time_limit=1,
        lines_met=1,
        lines_owed=1,
        travel_minutes=0,
    )
    version.sessions.append(
        ScheduledSession(
            uid="u1",
            therapist=tiny.ot,
            school=tiny.oak,
            weekday="Wed",
            start=dt.time(9, 0),
            end=dt.time(9, 30),
            delivery="pull_out",
            locked=True,
            services=[line],
        )
    )
    db.session.add(version)
    db.session.flush()

    problem, index = tiny.problem(in_force=version)

    (placed,) = problem.in_force
    assert (placed.therapist, placed.school, placed.day, placed.start, placed.locked) == (
        0,
        0,
        2,
        hm("09:00"),
        True,
    )
    assert placed.services == (index.service_index[line.id],)
    assert index.in_force_id == version.id


def test_no_district_is_a_clear_error(app):
    with pytest.raises(NoDistrict, match="import a bundle first"):
        build_problem(db.session)


def test_reasons_name_therapists_schools_and_teachers_not_their_codes(app):
    """A reason reads 'Sara Rodriguez does not serve Hawthorne Elementary', not the
    therapist's email and the school's code."""
    from schoolot.solver.solve import solve

    tiny = Tiny()
    pine = make_school(db.session, "PINE", name="Pine Elementary")
    tiny.oak.name = "Hawthorne Elementary"
    elsewhere = make_therapist(db.session, [pine], "sara@x.example", name="Sara Rodriguez")
    tiny.ana.therapist = elsewhere
    db.session.flush()
    problem, _ = tiny.problem()
    assert [t.label for t in problem.therapists] == [tiny.ot.name, "Sara Rodriguez"]
    assert {k.label for k in problem.schools} == {"Hawthorne Elementary", "Pine Elementary"}
    assert {t.label for t in problem.teachers} == {tiny.t2a.name, tiny.t2b.name, tiny.t3.name}

    solution = solve(problem, time_limit=5, seed=0, workers=1)

    (left_out,) = solution.unscheduled
    assert "Sara Rodriguez does not serve Hawthorne Elementary" in left_out.reason
    assert "@" not in left_out.reason and "OAK" not in left_out.reason


# --- the cycle of weeks ------------------------------------------------------------------


def test_an_ab_block_holds_only_in_its_cycle_week(app):
    """Cycle 2: Music for grade 2 on Mondays of week B only; Lunch every week."""
    tiny = Tiny(cycle_weeks=2)
    make_block(db.session, tiny.oak, scope="grade", target_grade="2")
    make_block(
        db.session,
        tiny.oak,
        scope="grade",
        target_grade="2",
        weekdays="Mon",
        start=dt.time(9, 0),
        end=dt.time(10, 0),
        label="Music",
        cycle_week=2,
    )

    problem, _ = tiny.problem()

    lunch_out = (span("08:00", "11:30"), span("12:00", "15:00"))
    music_out = (span("08:00", "09:00"), span("10:00", "11:30"), span("12:00", "15:00"))
    assert problem.weekdays == ("Mon", "Tue", "Wed", "Thu", "Fri") * 2
    # Week A's Monday (day 0) has no Music; week B's Monday (day 5) has.
    assert (
        student(problem, "S1").free_pull_out == (lunch_out,) * 5 + (music_out,) + (lunch_out,) * 4
    )
    assert student(problem, "S3").free_pull_out == ((span("08:00", "15:00"),),) * 10
    # 60 min a week in 30-min sessions: 2 a week, 4 in the cycle, exactly 2 each week.
    assert [line.sessions for line in problem.services] == [4, 4, 4]
    assert problem.week_caps(0, 0) == (2, 2)


def test_hours_of_one_cycle_week_take_the_place_of_every_week_hours(app):
    tiny = Tiny(cycle_weeks=2)
    tiny.ot.hours.append(
        TherapistHours(weekdays="Fri", start=dt.time(8, 0), end=dt.time(12, 0), cycle_week=2)
    )
    tiny.ot.hours.append(
        TherapistHours(weekdays="Mon", start=dt.time(8, 0), end=dt.time(16, 0), cycle_week=9)
    )
    db.session.flush()

    problem, _ = tiny.problem()

    hours = problem.therapists[0].hours
    assert hours[4] == span("08:00", "16:00")  # Friday of week A: every-week hours
    assert hours[9] == span("08:00", "12:00")  # Friday of week B: its own hours
    assert hours[0] == hours[5] == span("08:00", "16:00")  # week 9 is beyond the cycle


def test_a_three_one_therapist_has_the_fourth_week_off_for_direct_lines(app):
    tiny = Tiny()
    tiny.ot.service_model = "3:1"
    make_service(db.session, tiny.ana, "SV-c", minutes=30, per="month", delivery="consult")
    db.session.flush()

    problem, index = tiny.problem()

    assert problem.cycle_weeks == 4
    assert problem.therapists[0].off_weeks == frozenset({4})
    weekly = index.service_index[tiny.ana.services[0].id]
    consult = next(j for j, line in enumerate(problem.services) if line.code == "SV-c")
    # 2 a week x 4 weeks = 8 sessions over the three direct weeks.
    assert problem.week_caps(weekly, 0) == (3, 3, 2, 0)
    assert problem.services[consult].sessions == 1
    assert problem.week_caps(consult, 0) == (1, 1, 1, 1)


def test_a_one_week_version_in_force_stands_in_every_week_of_a_longer_cycle(app):
    """A locked weekly session repeats, locked, in all four weeks; a locked monthly
    session (1 in the cycle) stays locked in week 1 only."""
    tiny = Tiny(cycle_weeks=4)
    weekly = tiny.ana.services[0]
    monthly = make_service(db.session, tiny.bo, "SV-m", minutes=30, per="month")
    version = make_version(db.session, "published")
    for line, weekday in ((weekly, "Wed"), (monthly, "Thu")):
        make_scheduled_session(db.session, version, tiny.ot, [line], weekday, locked=True)

    problem, index = tiny.problem(in_force=version)

    placed = sorted((p.day, p.services, p.locked) for p in problem.in_force)
    w, m = index.service_index[weekly.id], index.service_index[monthly.id]
    assert placed == [
        (2, (w,), True),
        (3, (m,), True),
        (7, (w,), True),
        (8, (m,), False),
        (12, (w,), True),
        (13, (m,), False),
        (17, (w,), True),
        (18, (m,), False),
    ]


def test_a_two_week_version_in_force_keeps_each_session_in_its_week(app):
    tiny = Tiny(cycle_weeks=2)
    version = make_version(db.session, "published", cycle_weeks=2)
    make_scheduled_session(db.session, version, tiny.ot, [tiny.ana.services[0]], "Tue")
    make_scheduled_session(
        db.session, version, tiny.ot, [tiny.ana.services[0]], "Fri", cycle_week=2
    )

    problem, _ = tiny.problem(in_force=version)

    assert sorted(p.day for p in problem.in_force) == [1, 9]
