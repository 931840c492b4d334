"""Logging on the day (schoolot.service_log.logging) on the small district of
tests/carryover_district.py: Mondays 09:00-09:30 Mia and Noah together, Wednesdays
10:00-10:30 Mia alone, standing from Tue 1 Sep 2026. Mon 14 Sep is a school day."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from schoolot.errors import ValidationFailed
from schoolot.extensions import db
from schoolot.models import GoalProgress, Makeup, SessionLog
from schoolot.service_log.day import day_to_log
from schoolot.service_log.logging import (
    LogRefused,
    Outcome,
    amend_log,
    log_history,
    log_unplanned,
    record_all_delivered,
    record_goal_progress,
    record_session,
)
from tests.carryover_district import small_district
from tests.factories import (
    make_calendar_day,
    make_goal,
    make_scheduled_session,
    make_school,
    make_service,
    make_student,
    make_teacher,
    make_therapist,
    make_user,
)

D = dt.date
T = dt.time
MONDAY = D(2026, 9, 14)
TODAY = D(2026, 9, 16)


@pytest.fixture
def small(app):
    return small_district(db.session)


@pytest.fixture
def ann(small):
    return make_user(db.session, "therapist", therapist=small.therapist)


def _logs() -> list[SessionLog]:
    return list(db.session.scalars(select(SessionLog).order_by(SessionLog.student_id)))


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_group_session_is_logged_per_student_with_minutes_note_and_goals(small, ann):
    goal = make_goal(db.session, small.noah, "G-NOAH")
    key = f"s{small.monday.uid}"
    outcomes = [
        Outcome(small.mia_line.id, "delivered"),
        Outcome(
            small.noah_line.id,
            "delivered",
            minutes=25,
            note="Left early for the bus",
            progress=((goal.id, "some_progress"),),
        ),
    ]

    record_session(db.session, ann, small.therapist.id, MONDAY, key, outcomes, TODAY)

    mia, noah = _logs()
    assert (mia.student_id, mia.status, mia.minutes, mia.planned_minutes) == (
        small.mia.id,
        "delivered",
        30,
        30,
    )
    assert (noah.minutes, noah.note, noah.group_size, noah.kind) == (
        25,
        "Left early for the bus",
        2,
        "planned",
    )
    assert noah.session_uid == small.monday.uid and noah.start == T(9, 0)
    assert noah.recorded_by_id == ann.id and noah.school_id == small.school.id
    progress = db.session.scalars(select(GoalProgress)).one()
    assert (progress.goal_id, progress.log_id, progress.mark, progress.date) == (
        goal.id,
        noah.id,
        "some_progress",
        MONDAY,
    )


def test_a_missed_session_needs_a_reason_and_delivers_no_minutes(small, ann):
    key = f"s{small.monday.uid}"
    with pytest.raises(ValidationFailed) as refused:
        record_session(
            db.session,
            ann,
            small.therapist.id,
            MONDAY,
            key,
            [Outcome(small.mia_line.id, "delivered"), Outcome(small.noah_line.id, "missed")],
            TODAY,
        )
    assert refused.value.problems == ["Noah Kim: reason: say why the session was missed"]
    assert _count(SessionLog) == 0  # nothing half-applied: Mia's log is not kept either

    missed = Outcome(small.noah_line.id, "missed", reason="student_absent")
    (log,) = record_session(db.session, ann, small.therapist.id, MONDAY, key, [missed], TODAY)
    assert (log.status, log.reason, log.minutes, log.planned_minutes) == (
        "missed",
        "student_absent",
        0,
        30,
    )


def test_a_saved_log_is_not_logged_twice(small, ann):
    key = f"s{small.monday.uid}"
    outcome = [Outcome(small.mia_line.id, "delivered")]
    record_session(db.session, ann, small.therapist.id, MONDAY, key, outcome, TODAY)
    with pytest.raises(ValidationFailed) as refused:
        record_session(db.session, ann, small.therapist.id, MONDAY, key, outcome, TODAY)
    assert refused.value.problems == ["Mia Lopez: already logged; amend it with a reason"]


def test_amending_needs_a_reason_and_the_history_keeps_before_and_after(small, ann):
    key = f"s{small.monday.uid}"
    delivered = [Outcome(small.noah_line.id, "delivered")]
    (log,) = record_session(db.session, ann, small.therapist.id, MONDAY, key, delivered, TODAY)
    db.session.commit()

    with pytest.raises(ValidationFailed) as refused:
        amend_log(db.session, ann, log.id, "  ", "missed", None, "student_absent", None)
    assert refused.value.problems == ["reason for the change: say why the log changes"]

    amend_log(
        db.session, ann, log.id, "He was at the dentist", "missed", None, "student_absent", None
    )
    db.session.commit()

    assert (log.status, log.minutes, log.reason) == ("missed", 0, "student_absent")
    assert log.amended_at is not None
    history = log_history(db.session, log.id)
    assert history[0].action == "create" and history[0].reason is None
    changed = {c.field: (c.before, c.after) for c in history[1:]}
    assert changed == {
        "status": ("delivered", "missed"),
        "minutes": ("30", "0"),
        "reason": (None, "student_absent"),
    }
    assert {(c.actor, c.actor_id, c.reason) for c in history[1:]} == {
        ("Ann Otter", ann.id, "He was at the dentist")
    }
    assert len({c.batch for c in history[1:]}) == 1


def test_amending_with_nothing_changed_is_refused(small, ann):
    key = f"s{small.monday.uid}"
    delivered = [Outcome(small.mia_line.id, "delivered")]
    (log,) = record_session(db.session, ann, small.therapist.id, MONDAY, key, delivered, TODAY)
    with pytest.raises(ValidationFailed) as refused:
        amend_log(db.session, ann, log.id, "typo", "delivered", 30, None, None)
    assert refused.value.problems == ["nothing changed: the log already says this"]


def test_a_log_of_someone_elses_session_is_refused(small, ann):
    other = make_user(db.session, "therapist", therapist=make_therapist(db.session, [small.school]))
    teacher = make_user(db.session, "teacher", teacher=small.mia.teacher)
    key = f"s{small.monday.uid}"
    outcome = [Outcome(small.mia_line.id, "delivered")]
    for stranger in (other, teacher):
        with pytest.raises(LogRefused):
            record_session(db.session, stranger, small.therapist.id, MONDAY, key, outcome, TODAY)
        with pytest.raises(LogRefused):
            record_all_delivered(db.session, stranger, small.therapist.id, MONDAY, TODAY)
    assert _count(SessionLog) == 0

    (log,) = record_session(db.session, ann, small.therapist.id, MONDAY, key, outcome, TODAY)
    with pytest.raises(LogRefused):
        amend_log(db.session, other, log.id, "mine now", "missed", None, "other", None)
    # A coordinator logs and amends for any therapist.
    coordinator = make_user(db.session, "coordinator")
    amend_log(db.session, coordinator, log.id, "called in", "missed", None, "other", None)
    assert log.status == "missed"


def test_all_delivered_skips_logged_students_and_cancelled_sessions(small, ann):
    # An early release at noon on Monday cancels a 13:00 session of Mia's.
    afternoon = make_scheduled_session(
        db.session, small.version, small.therapist, [small.mia_line], "Mon", T(13, 0), T(13, 30)
    )
    make_calendar_day(db.session, date=MONDAY, kind="early_release", end_time=T(12, 0), note="")
    key = f"s{small.monday.uid}"
    missed = Outcome(small.noah_line.id, "missed", reason="student_absent")
    record_session(db.session, ann, small.therapist.id, MONDAY, key, [missed], TODAY)

    made = record_all_delivered(db.session, ann, small.therapist.id, MONDAY, TODAY)

    assert [(log.student_id, log.status, log.minutes) for log in made] == [
        (small.mia.id, "delivered", 30)
    ]
    assert {(log.student_id, log.status) for log in _logs()} == {
        (small.mia.id, "delivered"),
        (small.noah.id, "missed"),
    }
    assert record_all_delivered(db.session, ann, small.therapist.id, MONDAY, TODAY) == []
    with pytest.raises(ValidationFailed) as refused:
        record_session(
            db.session,
            ann,
            small.therapist.id,
            MONDAY,
            f"s{afternoon.uid}",
            [Outcome(small.mia_line.id, "delivered")],
            TODAY,
        )
    assert refused.value.problems == ["session: cancelled by the calendar (early release)"]


def test_a_day_ahead_is_not_logged(small, ann):
    with pytest.raises(ValidationFailed) as refused:
        record_all_delivered(db.session, ann, small.therapist.id, D(2026, 9, 21), TODAY)
    assert refused.value.problems == [
        "date: 2026-09-21 is after today; log a session on its day or later"
    ]


def test_an_extra_session_not_planned_is_logged_for_a_caseload_student(small, ann):
    tuesday = D(2026, 9, 15)
    extra = Outcome(small.noah_line.id, "delivered", minutes=20, note="Handwriting catch-up")

    log = log_unplanned(
        db.session, ann, small.therapist.id, tuesday, T(11, 0), "extra", extra, TODAY
    )

    assert (log.kind, log.session_uid, log.planned_minutes, log.minutes, log.group_size) == (
        "extra",
        None,
        None,
        20,
        1,
    )
    day = day_to_log(db.session, small.therapist.id, tuesday, TODAY)
    assert day.sessions == () and [u.id for u in day.unplanned] == [log.id]

    with pytest.raises(ValidationFailed) as refused:
        log_unplanned(
            db.session,
            ann,
            small.therapist.id,
            tuesday,
            T(11, 0),
            "extra",
            Outcome(small.noah_line.id, "delivered"),
            TODAY,
        )
    assert refused.value.problems == ["minutes: say how many minutes were delivered"]

    school = make_school(db.session, "SCH-B")
    stranger = make_student(db.session, make_teacher(db.session, school), None, "ZED1")
    line = make_service(db.session, stranger, "SV-ZED")
    with pytest.raises(ValidationFailed) as refused:
        log_unplanned(
            db.session,
            ann,
            small.therapist.id,
            tuesday,
            T(11, 0),
            "extra",
            Outcome(line.id, "delivered", minutes=20),
            TODAY,
        )
    assert refused.value.problems == ["student: not on this therapist's caseload"]


def test_an_accepted_makeup_is_logged_as_a_makeup_of_its_day(small, ann):
    thursday = D(2026, 9, 10)
    makeup = Makeup(
        uid="mk1",
        service_line=small.mia_line,
        therapist=small.therapist,
        school=small.school,
        date=thursday,
        start=T(13, 0),
        end=T(13, 20),
        state="accepted",
    )
    db.session.add(makeup)
    db.session.flush()

    day = day_to_log(db.session, small.therapist.id, thursday, TODAY)
    (card,) = day.sessions
    assert card.is_makeup and card.key == f"m{makeup.id}" and not card.logged

    record_all_delivered(db.session, ann, small.therapist.id, thursday, TODAY)

    (log,) = _logs()
    assert (log.kind, log.makeup_id, log.minutes, log.session_uid) == (
        "makeup",
        makeup.id,
        20,
        None,
    )
    assert day_to_log(db.session, small.therapist.id, thursday, TODAY).sessions[0].logged


def test_a_progress_note_on_a_goal_is_stored_by_its_therapist_only(small, ann):
    goal = make_goal(db.session, small.mia, "G-MIA")
    note = record_goal_progress(
        db.session, ann, goal.id, MONDAY, "good_progress", "Copied 4 of 5 letters", TODAY
    )
    assert (note.goal_id, note.log_id, note.mark, note.note) == (
        goal.id,
        None,
        "good_progress",
        "Copied 4 of 5 letters",
    )
    teacher = make_user(db.session, "teacher", teacher=small.mia.teacher)
    with pytest.raises(LogRefused):
        record_goal_progress(db.session, teacher, goal.id, MONDAY, "met", None, TODAY)
    with pytest.raises(ValidationFailed) as refused:
        record_goal_progress(db.session, ann, goal.id, MONDAY, "better", None, TODAY)
    assert refused.value.problems == [
        "progress: 'better' is not one of no_progress, some_progress, good_progress, met, regressed"
    ]
    assert _count(GoalProgress) == 1


def test_a_missed_extra_session_amended_to_delivered_needs_its_minutes(small, ann):
    missed = Outcome(small.noah_line.id, "missed", reason="student_unavailable")
    log = log_unplanned(
        db.session, ann, small.therapist.id, MONDAY, T(11, 0), "extra", missed, TODAY
    )
    with pytest.raises(ValidationFailed) as refused:
        amend_log(db.session, ann, log.id, "he came after all", "delivered", None, None, None)
    assert refused.value.problems == ["minutes: say how many minutes were delivered"]
    amend_log(db.session, ann, log.id, "he came after all", "delivered", 15, None, None)
    assert (log.status, log.minutes, log.reason) == ("delivered", 15, None)
    # A note changed alone keeps the minutes the log holds.
    amend_log(db.session, ann, log.id, "what we did", "delivered", None, None, "Cut shapes")
    assert (log.minutes, log.note) == (15, "Cut shapes")


def test_the_history_of_a_new_log_names_what_was_logged_not_internal_ids(small, ann):
    from schoolot.models import Change

    key = f"s{small.monday.uid}"
    record_session(
        db.session,
        ann,
        small.therapist.id,
        MONDAY,
        key,
        [Outcome(small.mia_line.id, "delivered")],
        TODAY,
    )
    db.session.flush()

    created = db.session.scalars(
        select(Change).where(Change.record_kind == "session_log", Change.action == "create")
    ).one()
    assert "status=delivered" in created.after and "minutes=30" in created.after
    # The actor says who recorded it; the weekly session's uid means nothing to a reader.
    assert "recorded_by" not in created.after and "session_uid" not in created.after


def test_a_progress_note_is_in_its_students_history(small, ann):
    from schoolot.models import Change

    goal = make_goal(db.session, small.mia, "G-MIA")
    record_goal_progress(
        db.session, ann, goal.id, MONDAY, "good_progress", "Copied 4 of 5 letters", TODAY
    )
    db.session.flush()

    change = db.session.scalars(select(Change).where(Change.record_kind == "goal_progress")).one()
    assert (change.action, change.student_id) == ("create", small.mia.id)
    assert change.record_label == "progress of G-MIA on 2026-09-14"
    assert "mark=good_progress" in change.after and "goal=G-MIA" in change.after
    assert "recorded_by" not in change.after
