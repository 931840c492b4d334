"""The balance page: coordinators only; propose shows the moves and figures; apply
changes everything or nothing and starts a draft solve."""

from __future__ import annotations

from sqlalchemy import select

from schoolot.extensions import db
from schoolot.models import SolveJob, Student, User
from schoolot.models.audit import Change
from tests.balance_district import lopsided


def _login(client, email):
    response = client.post("/login", data={"email": email, "password": "password1"})
    assert response.status_code == 302


def coordinator_id(district) -> int:
    return db.session.scalar(select(User.id).where(User.email == district.coordinator_email))


def test_the_page_needs_a_coordinator(app, client):
    district = lopsided(db.session())
    db.session.commit()
    assert client.get("/balance/").status_code == 302  # to the login
    _login(client, district.therapist_email)
    assert client.get("/balance/").status_code == 403
    assert client.post("/balance/apply", data={"proposal": "m1:1:2"}).status_code == 403


def test_propose_then_apply(app, client, monkeypatch):
    district = lopsided(db.session())
    db.session.commit()
    _login(client, district.coordinator_email)
    page = client.post("/balance/", data={"max_moves": 10, "time_limit": 2})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "students move" in text and "Therapist Two starts serving Oak Elementary" in text
    token = text.split('name="proposal" type="hidden" value="')[1].split('"')[0]
    submitted = []
    monkeypatch.setattr(
        "schoolot.web.job_handover.runner_for",
        lambda app: type("R", (), {"submit": lambda self, *a: submitted.append(a)})(),
    )
    response = client.post("/balance/apply", data={"proposal": token})
    assert response.status_code == 302 and "/schedules/jobs/" in response.location
    db.session.expire_all()
    moved = [db.session.get(Student, i).therapist_id for i in district.oak_student_ids]
    assert 3 <= moved.count(district.two_id) <= 4
    assert len(submitted) == 1 and db.session.query(SolveJob).count() == 1
    # One change in the history, by the coordinator: the moves and the new coverage.
    changes = db.session.scalars(select(Change).where(Change.reason == "balance proposal"))
    changes = list(changes)
    assert {c.record_kind for c in changes} >= {"student", "therapist"}
    assert len({c.batch for c in changes}) == 1
    assert {c.actor_id for c in changes} == {coordinator_id(district)}


def test_a_stale_proposal_applies_nothing(app, client):
    district = lopsided(db.session())
    db.session.commit()
    _login(client, district.coordinator_email)
    first, second = district.oak_student_ids[:2]
    # The first move is still right; the second names the wrong therapist today.
    token = f"a{district.two_id}:{district.oak_id},m{first}:{district.one_id}:{district.two_id},"
    token += f"m{second}:{district.two_id}:{district.one_id}"
    response = client.post("/balance/apply", data={"proposal": token}, follow_redirects=True)
    assert "Nothing was applied" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Student, first).therapist_id == district.one_id
    assert db.session.query(SolveJob).count() == 0
    assert db.session.query(User).count() == 2
