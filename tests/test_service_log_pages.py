"""The logging pages: the therapist's Today page turned into the day's log, its forms
(a session's students, all delivered as planned, a session not planned), amending a
saved log with its history, a goal's progress note, and who may do each.

The small district of tests/carryover_district.py: Mondays 09:00-09:30 Mia and Noah
together, Wednesdays 10:00-10:30 Mia alone, standing from 1 Sep 2026; Mon 14 Sep 2026
is a past school day whenever the tests run (the district's year is 2026-27)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from schoolot.extensions import db
from schoolot.models import GoalProgress, SessionLog
from tests.carryover_district import small_district
from tests.factories import make_goal, make_therapist, make_user

MONDAY = dt.date(2026, 9, 14)


@pytest.fixture
def small(app):
    small = small_district(db.session)
    small.goal = make_goal(db.session, small.noah, "G-NOAH", description="Cuts on a line")
    small.ann = make_user(db.session, "therapist", therapist=small.therapist)
    other = make_therapist(db.session, [small.school], name="Bo Other")
    small.other = make_user(db.session, "therapist", therapist=other)
    small.teacher = make_user(db.session, "teacher", teacher=small.mia.teacher)
    small.coordinator = make_user(db.session, "coordinator")
    db.session.commit()
    return small


def _today_url(small, date: dt.date = MONDAY) -> str:
    return f"/timetable/therapists/{small.therapist.id}/today?date={date.isoformat()}"


def _session_url(small, what: str) -> str:
    return f"/log/therapists/{small.therapist.id}/{MONDAY.isoformat()}/{what}"


def _logs() -> list[SessionLog]:
    return list(db.session.scalars(select(SessionLog).order_by(SessionLog.student_id)))


def test_the_today_page_offers_each_student_of_the_day_to_log(client, login, small):
    login(small.ann)
    page = client.get(_today_url(small)).text
    assert "All delivered as planned" in page
    assert "Logs the 2 students not logged yet" in page
    assert 'id="session-s' + small.monday.uid + '"' in page
    assert f'name="status-{small.mia_line.id}" value="delivered" checked' in page
    assert f'name="reason-{small.noah_line.id}"' in page
    assert "Goal G-NOAH: Cuts on a line" in page
    assert "Add a session not planned" in page


def test_a_missed_student_without_a_reason_is_refused_naming_them(client, login, small):
    login(small.ann)
    response = client.post(
        _session_url(small, f"sessions/s{small.monday.uid}"),
        data={f"status-{small.mia_line.id}": "delivered", f"status-{small.noah_line.id}": "missed"},
        follow_redirects=True,
    )
    assert "Not saved: Noah Kim: reason: say why the session was missed" in response.text
    assert _logs() == []


def test_a_session_saved_shows_locked_with_amend(client, login, small):
    login(small.ann)
    response = client.post(
        _session_url(small, f"sessions/s{small.monday.uid}"),
        data={
            f"status-{small.mia_line.id}": "delivered",
            f"minutes-{small.mia_line.id}": "25",
            f"status-{small.noah_line.id}": "missed",
            f"reason-{small.noah_line.id}": "student_absent",
            # A goal's mark on a missed student is not sent on: progress needs a session.
            f"goal-{small.noah_line.id}-{small.goal.id}": "met",
        },
        follow_redirects=True,
    )
    page = response.text
    assert "Saved 09:00: 2 students." in page
    assert "Delivered 25 min" in page and "Missed: Student absent" in page
    assert page.count('class="log-amend"') == 2
    assert "Every session of this day is logged." in page
    assert "All delivered as planned" not in page
    assert [(log.status, log.minutes, log.reason) for log in _logs()] == [
        ("delivered", 25, None),
        ("missed", 0, "student_absent"),
    ]
    assert db.session.scalars(select(GoalProgress)).all() == []


def test_all_delivered_as_planned_logs_the_day_in_one_post(client, login, small):
    login(small.ann)
    response = client.post(_session_url(small, "all-delivered"), follow_redirects=True)
    assert "Logged as delivered: 1 session, 2 students." in response.text
    assert [(log.status, log.minutes, log.group_size) for log in _logs()] == [
        ("delivered", 30, 2),
        ("delivered", 30, 2),
    ]
    again = client.post(_session_url(small, "all-delivered"), follow_redirects=True)
    assert "Nothing left to log this day." in again.text


def test_amending_asks_a_reason_and_shows_the_history(client, login, small):
    login(small.ann)
    client.post(_session_url(small, "all-delivered"))
    noah = _logs()[1]
    url = f"/log/entries/{noah.id}/amend"
    assert "Delivered 30 min" in client.get(url).text

    refused = client.post(url, data={"status": "missed", "reason": "student_absent"})
    assert refused.status_code == 422
    assert "say why the log changes" in refused.text

    done = client.post(
        url,
        data={"status": "missed", "reason": "student_absent", "why": "Sick, the office said"},
        follow_redirects=True,
    )
    page = done.text
    assert "Amended the log of Noah Kim." in page
    assert "Reason: Sick, the office said" in page
    assert "status: delivered → missed" in page and "minutes: 30 → 0" in page
    assert page.index("amended it") < page.index("logged it")  # newest first


def test_an_extra_session_is_logged_from_the_day(client, login, small):
    login(small.ann)
    response = client.post(
        _session_url(small, "unplanned"),
        data={
            "line": str(small.noah_line.id),
            "kind": "extra",
            "start": "11:15",
            "minutes": "20",
            "note": "Scissors practice",
        },
        follow_redirects=True,
    )
    assert "Logged the extra session at 11:15." in response.text
    assert "11:15 · Noah Kim" in response.text and "Extra: delivered 20 min" in response.text
    (log,) = _logs()
    assert (log.kind, log.minutes, log.note, log.session_uid) == (
        "extra",
        20,
        "Scissors practice",
        None,
    )


def test_only_the_therapist_and_coordinators_log_their_sessions(client, login, small):
    for stranger in (small.other, small.teacher):
        login(stranger)
        assert client.get(_today_url(small)).status_code == 403
        assert client.post(_session_url(small, "all-delivered")).status_code == 403
    login(small.teacher)
    assert client.get("/log/").status_code == 403
    assert _logs() == []

    login(small.ann)
    client.post(_session_url(small, "all-delivered"))
    login(small.other)
    assert client.get(f"/log/entries/{_logs()[0].id}/amend").status_code == 403


def test_a_coordinator_picks_the_therapist_and_logs_their_day(client, login, small):
    login(small.coordinator)
    assert "Ann Otter" in client.get("/log/").text
    picked = client.get(f"/log/?therapist={small.therapist.id}&date={MONDAY.isoformat()}")
    assert picked.status_code == 302
    assert picked.location.endswith(_today_url(small))
    assert "All delivered as planned" in client.get(_today_url(small)).text
    client.post(_session_url(small, "all-delivered"))
    assert {log.recorded_by_id for log in _logs()} == {small.coordinator.id}


def test_a_progress_note_is_added_on_the_students_page(client, login, small):
    login(small.ann)
    page = client.get(f"/students/{small.noah.id}").text
    assert "Progress notes" in page and "No progress noted yet." in page
    prefix = f"goal{small.goal.id}"
    response = client.post(
        f"/log/goals/{small.goal.id}/progress",
        data={
            f"{prefix}-date": "2026-09-14",
            f"{prefix}-mark": "good_progress",
            f"{prefix}-note": "Cut a curve",
        },
        follow_redirects=True,
    )
    assert "Progress noted on goal G-NOAH." in response.text
    assert "Good progress: Cut a curve" in response.text
    login(small.teacher)
    assert client.post(f"/log/goals/{small.goal.id}/progress").status_code in (403, 404)
    assert len(db.session.scalars(select(GoalProgress)).all()) == 1


def test_a_day_before_the_schedule_stood_shows_its_sessions_with_nothing_to_log(
    client, login, small
):
    login(small.ann)
    page = client.get(_today_url(small, dt.date(2026, 8, 24))).text
    assert "Mia L., Noah K." in page  # the timetable's own block
    assert "All delivered as planned" not in page and 'class="log-form' not in page


def test_a_therapists_menu_leads_to_the_day_to_log(client, login, small):
    login(small.ann)
    dashboard = client.get("/dashboard").text
    assert '<a href="/timetable/today">Today</a>' in dashboard

    answer = client.get("/timetable/today?date=2026-09-14", follow_redirects=True)

    assert answer.request.path == f"/timetable/therapists/{small.therapist.id}/today"
    assert "All delivered as planned" in answer.text
