"""The pages of adjusting a draft by hand, who may use them, and the schedule's CSV page."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask

from schoolot.extensions import db
from schoolot.models import AccessEntry, ScheduleAssignment, ScheduledSession
from tests.adjust.adjust_district import AdjustDistrict


@pytest.fixture
def d(app: Flask) -> AdjustDistrict:
    district = AdjustDistrict(db.session)
    db.session.commit()
    return district


def _urls(d: AdjustDistrict) -> dict[str, str]:
    base = f"/schedules/versions/{d.draft.id}"
    return {
        "week": f"{base}/therapists/{d.ot1.id}",
        "session": f"{base}/sessions/{d.ana_mon.id}",
        "move": f"{base}/sessions/{d.ana_mon.id}/move",
        "join": f"{base}/sessions/{d.ana_mon.id}/join",
        "swap": f"{base}/sessions/{d.ana_mon.id}/swap",
    }


def test_the_schedule_page_links_each_therapist_week_and_the_csv(d, client, login):
    login(d.coordinator)
    page = client.get(f"/schedules/versions/{d.draft.id}").text
    assert _urls(d)["week"] in page
    assert f"/schedules/versions/{d.draft.id}/schedule.csv" in page


def test_the_session_page_lists_the_places_and_the_group(d, client, login):
    login(d.own_therapist)
    page = client.get(_urls(d)["session"])
    assert page.status_code == 200
    assert page.text.count("Move here") == 21
    assert 'aria-label="Move to Thu 09:15"' in page.text
    assert 'aria-label="Join the group of Tue 09:00"' in page.text
    assert "Groups it could join: 1" in page.text


def test_swaps_are_listed_on_request(d, client, login):
    login(d.coordinator)
    assert ">Swap</button>" not in client.get(_urls(d)["session"]).text
    page = client.get(_urls(d)["session"] + "?swaps=1").text
    assert 'aria-label="Swap: this to Tue 09:00, the other to Mon 09:00"' in page


def test_a_move_through_the_page_is_locked_and_the_week_validates(d, client, login):
    login(d.coordinator)
    response = client.post(_urls(d)["move"], data={"day": "Fri", "start": "09:30"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert "Moved to Fri 09:30-10:00 and locked there" in page
    assert "This week keeps every rule" in page
    row = db.session.get(ScheduledSession, d.ana_mon.id)
    assert (row.weekday, row.start, row.locked) == ("Fri", dt.time(9, 30), True)


def test_a_refused_move_says_the_rule_and_changes_nothing(d, client, login):
    login(d.coordinator)
    response = client.post(_urls(d)["move"], data={"day": "Wed", "start": "09:30"})
    page = client.get(response.headers["Location"]).text
    assert "Not moved: the week would break a rule:" in page
    assert "rule 6 minutes owed" in page
    db.session.expire_all()
    row = db.session.get(ScheduledSession, d.ana_mon.id)
    assert (row.weekday, row.locked) == ("Mon", False)


def test_join_through_the_page(d, client, login):
    login(d.own_therapist)
    response = client.post(_urls(d)["join"], data={"group": d.ben_tue.id})
    assert "Joined the group of Tue 09:00" in client.get(response.headers["Location"]).text
    assert db.session.get(ScheduledSession, d.ana_mon.id) is None


def test_swap_through_the_page(d, client, login):
    login(d.coordinator)
    data = {
        "day": "Tue",
        "start": "09:00",
        "other": d.ben_tue.id,
        "other_day": "Mon",
        "other_start": "09:00",
    }
    response = client.post(_urls(d)["swap"], data=data)
    assert "Swapped; both sessions are locked." in client.get(response.headers["Location"]).text
    assert db.session.get(ScheduledSession, d.ben_tue.id).weekday == "Mon"


def test_another_therapist_gets_404_and_a_teacher_403(d, client, login):
    urls = _urls(d)
    login(d.other_therapist)
    for name in ("week", "session"):
        assert client.get(urls[name]).status_code == 404
    assert client.post(urls["move"], data={"day": "Fri", "start": "09:30"}).status_code == 404
    login(d.teacher_user)
    assert client.get(urls["session"]).status_code == 403
    assert client.post(urls["move"], data={"day": "Fri", "start": "09:30"}).status_code == 403
    assert db.session.get(ScheduledSession, d.ana_mon.id).weekday == "Mon"


def test_the_own_therapist_finds_the_draft_on_their_sessions_page(d, client, login):
    login(d.own_therapist)
    page = client.get(f"/schedules/therapists/{d.ot1.id}/sessions").text
    assert _urls(d)["week"] in page


def test_a_published_schedule_is_not_adjusted(d, client, login):
    d.draft.state = "published"
    d.draft.published_at = dt.datetime(2026, 9, 1)
    db.session.commit()
    login(d.coordinator)
    assert client.get(_urls(d)["session"]).status_code == 404


def test_the_csv_page_is_for_coordinators_and_recorded(d, client, login):
    url = f"/schedules/versions/{d.draft.id}/schedule.csv"
    login(d.own_therapist)
    assert client.get(url).status_code == 403
    login(d.coordinator)
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.text.splitlines()[1] == (
        "Olive Tan,1,,Mon,09:00,09:30,Oak Elementary,pull_out,Ana L.,SV1,,"
    )
    assert db.session.scalar(db.select(db.func.count(AccessEntry.id))) == 1


def test_a_session_locked_in_the_schedule_in_force_says_why_it_cannot_move(d, client, login):
    from tests.factories import make_scheduled_session, make_version

    in_force = make_version(db.session, "published", published_at=dt.datetime(2026, 9, 1, 12))
    in_force.assignments.append(ScheduleAssignment(student_id=d.ana.id, therapist_id=d.ot1.id))
    held = make_scheduled_session(db.session, in_force, d.ot1, [d.ana_line])
    held.locked = True
    db.session.commit()
    login(d.coordinator)

    page = client.get(_urls(d)["session"]).text

    assert "Places it could move to: 0" in page
    assert "This session is locked in the schedule in force" in page
