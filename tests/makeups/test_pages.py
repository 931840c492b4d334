"""The makeups page: a therapist proposes, accepts, moves and declines their own
makeups; a move to a colliding slot is refused with the rule, changing nothing; a
coordinator sees every therapist's; teachers and other therapists may not."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from schoolot.extensions import db
from schoolot.models import Makeup, SessionLog
from tests.factories import make_therapist, make_user
from tests.makeups.district import TODAY, MakeupDistrict, t

TUE = dt.date(2026, 11, 17)


@pytest.fixture
def district(app, monkeypatch) -> MakeupDistrict:
    for where in ("schoolot.makeups.decide", "schoolot.web.makeups.routes"):
        monkeypatch.setattr(f"{where}.district_today", lambda district: TODAY)
    d = MakeupDistrict(db.session)
    db.session.add(
        SessionLog(
            service_line=d.sv_ana,
            student=d.ana,
            therapist=d.ward,
            school=d.oak,
            date=dt.date(2026, 11, 11),
            start=t("09:00"),
            minutes=0,
            planned_minutes=30,
            session_uid=d.wed_ana.uid,
            status="missed",
            reason="school_closed",
        )
    )
    db.session.commit()
    return d


def _makeup(d: MakeupDistrict, state: str = "proposed") -> Makeup:
    makeup = Makeup(
        uid=uuid.uuid4().hex,
        service_line=d.sv_ana,
        therapist=d.ward,
        school=d.oak,
        date=TUE,
        start=t("10:00"),
        end=t("10:30"),
        state=state,
    )
    db.session.add(makeup)
    db.session.commit()
    return makeup


def test_a_therapist_proposes_and_accepts(client, login, district):
    login(district.therapist_user)
    page = client.get("/makeups/")
    assert page.status_code == 200 and "Makeups" in page.text
    response = client.post(
        "/makeups/propose", data={"therapist": district.ward.id}, follow_redirects=True
    )
    assert "1 makeup proposed." in response.text
    assert "Mon 16 Nov, 08:30\N{EN DASH}09:00" in response.text
    [makeup] = db.session.scalars(select(Makeup))
    assert (makeup.state, makeup.date, makeup.minutes) == ("proposed", dt.date(2026, 11, 16), 30)
    response = client.post(f"/makeups/{makeup.id}/accept", follow_redirects=True)
    assert "Accepted: SV-ANA for Ana L. on Mon 16 Nov" in response.text
    db.session.refresh(makeup)
    assert makeup.state == "accepted" and makeup.decided_by_id == district.therapist_user.id


def test_moving_to_a_colliding_slot_is_refused_with_the_rule(client, login, district):
    makeup = _makeup(district)
    login(district.therapist_user)
    response = client.post(
        f"/makeups/{makeup.id}/edit",
        data={"date": "2026-11-16", "start": "10:15", "end": "10:45", "note": ""},
    )
    assert response.status_code == 400
    assert (
        "Mon 16 Nov 10:15-10:45 does not fit: Zoe Ward has a session 10:00-10:45 at "
        "Lincoln Elementary that day."
    ) in response.text
    db.session.refresh(makeup)
    assert (makeup.date, makeup.start, makeup.state) == (TUE, t("10:00"), "proposed")
    response = client.post(
        f"/makeups/{makeup.id}/edit",
        data={"date": "2026-11-16", "start": "11:15", "end": "11:45", "note": "after Ben"},
        follow_redirects=True,
    )
    assert "Moved and accepted: SV-ANA for Ana L. on Mon 16 Nov 11:15-11:45" in response.text
    db.session.refresh(makeup)
    assert (makeup.date, makeup.start, makeup.state, makeup.note) == (
        dt.date(2026, 11, 16),
        t("11:15"),
        "accepted",
        "after Ben",
    )


def test_declining(client, login, district):
    makeup = _makeup(district, "accepted")
    login(district.coordinator)
    response = client.post(f"/makeups/{makeup.id}/decline", follow_redirects=True)
    assert "Declined: SV-ANA" in response.text
    db.session.refresh(makeup)
    assert (makeup.state, makeup.sequence) == ("declined", 1)


def test_who_may_see_and_decide(client, login, district):
    makeup = _makeup(district)
    other = make_therapist(db.session, [district.oak], "other@ot.example", name="Other OT")
    other_user = make_user(db.session, "therapist", therapist=other)
    db.session.commit()
    login(district.teacher_user)
    assert client.get("/makeups/").status_code == 403
    assert client.post(f"/makeups/{makeup.id}/accept").status_code == 404
    login(other_user)
    assert "SV-ANA" not in client.get("/makeups/").text
    assert client.get(f"/makeups/{makeup.id}/edit").status_code == 404
    assert client.post(f"/makeups/{makeup.id}/decline").status_code == 404
    login(district.coordinator)
    page = client.get("/makeups/")
    assert "SV-ANA" in page.text and "Zoe Ward" in page.text
    assert 'href="/makeups/"' in page.text  # the navigation's entry
    db.session.refresh(makeup)
    assert makeup.state == "proposed"
