"""Who may change IEP terms: with the district's "therapists propose", a therapist's edit
of a line's minutes or the IEP dates changes nothing until a coordinator approves it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from schoolot.extensions import db
from schoolot.models import Change, ChangeProposal, Goal, ServiceLine, Student
from tests.factories import SmallDistrict, make_goal


@pytest.fixture
def district(app):
    district = SmallDistrict(db.session)
    district.district.iep_terms_by = "propose"
    make_goal(db.session, district.ana, "G1")
    db.session.commit()
    return district


def line_form(line: ServiceLine, **changes) -> dict:
    data = dict(
        code=line.code,
        minutes=str(line.minutes),
        per=line.per,
        session_minutes=str(line.session_minutes),
        delivery=line.delivery,
        grouping=line.grouping,
        max_group=str(line.max_group),
    )
    return data | changes


def line_changes(line_id: int) -> list[tuple]:
    db.session.expire_all()
    query = select(Change).where(
        Change.record_kind == "service_line", Change.record_id == line_id, Change.action == "update"
    )
    return [(c.field, c.before, c.after, c.actor, c.reason) for c in db.session.scalars(query)]


def edit_line(client, district, **changes):
    line = district.ana.services[0]
    path = f"/students/{district.ana.id}/services/{line.id}/edit"
    return client.post(path, data=line_form(line, **changes))


def test_a_therapists_edit_of_minutes_is_a_proposal_that_changes_nothing(client, login, district):
    login(district.therapist_user)
    line_id = district.ana.services[0].id
    response = edit_line(client, district, minutes="90", delivery="push_in")
    assert response.status_code == 302
    db.session.expire_all()
    line = db.session.get(ServiceLine, line_id)
    assert (line.minutes, line.delivery) == (60, "pull_out")
    assert line_changes(line_id) == []
    [proposal] = db.session.scalars(select(ChangeProposal)).all()
    assert proposal.state == "pending" and proposal.proposed_by_id == district.therapist_user.id
    assert proposal.record_label == "SV1"
    page = client.get(response.headers["Location"]).text
    assert "awaits a coordinator" in page and "minutes 60 → 90" in page


def test_approving_applies_the_change_with_proposer_and_approver(client, login, district):
    login(district.therapist_user)
    line_id = district.ana.services[0].id
    edit_line(client, district, minutes="90")
    proposal = db.session.scalars(select(ChangeProposal)).one()
    login(district.coordinator)
    assert "SV1" in client.get("/records/proposals").text
    assert client.post(f"/records/proposals/{proposal.id}/approve").status_code == 302
    db.session.expire_all()
    assert db.session.get(ServiceLine, line_id).minutes == 90
    assert db.session.get(ChangeProposal, proposal.id).state == "approved"
    coordinator = district.coordinator.display_name
    assert line_changes(line_id) == [
        (
            "minutes",
            "60",
            "90",
            coordinator,
            f"proposal {proposal.id} by {district.ot1.name}, approved by {coordinator}",
        ),
    ]
    # A second approval changes nothing more.
    client.post(f"/records/proposals/{proposal.id}/approve")
    assert len(line_changes(line_id)) == 1


def test_rejecting_records_the_reason_and_changes_nothing(client, login, district):
    login(district.therapist_user)
    line_id = district.ana.services[0].id
    edit_line(client, district, minutes="90")
    proposal = db.session.scalars(select(ChangeProposal)).one()
    login(district.coordinator)
    # A rejection needs a reason.
    client.post(f"/records/proposals/{proposal.id}/reject", data={"reason": " "})
    db.session.expire_all()
    assert db.session.get(ChangeProposal, proposal.id).state == "pending"
    client.post(f"/records/proposals/{proposal.id}/reject", data={"reason": "IEP meeting first"})
    db.session.expire_all()
    rejected = db.session.get(ChangeProposal, proposal.id)
    assert (rejected.state, rejected.decision_reason) == ("rejected", "IEP meeting first")
    assert rejected.decided_by_id == district.coordinator.id
    assert db.session.get(ServiceLine, line_id).minutes == 60
    assert line_changes(line_id) == []
    assert "IEP meeting first" in client.get("/records/proposals").text


def test_a_therapists_iep_dates_are_proposed_then_applied(client, login, district):
    login(district.therapist_user)
    path = f"/students/{district.ana.id}/iep-dates"
    assert client.get(path).status_code == 200
    client.post(path, data={"iep_start": "2026-03-01", "iep_end": "2027-03-15"})
    db.session.expire_all()
    assert db.session.get(Student, district.ana.id).iep_end == dt.date(2027, 2, 28)
    proposal = db.session.scalars(select(ChangeProposal)).one()
    assert proposal.record_kind == "student"
    login(district.coordinator)
    client.post(f"/records/proposals/{proposal.id}/approve")
    db.session.expire_all()
    assert db.session.get(Student, district.ana.id).iep_end == dt.date(2027, 3, 15)


def test_an_approval_refuses_a_line_changed_since(client, login, district):
    login(district.therapist_user)
    line_id = district.ana.services[0].id
    edit_line(client, district, minutes="90")
    proposal = db.session.scalars(select(ChangeProposal)).one()
    login(district.coordinator)
    edit_line(client, district, minutes="120")  # a coordinator edits directly
    response = client.post(f"/records/proposals/{proposal.id}/approve", follow_redirects=True)
    assert "now 120, not 60 as when proposed" in response.text
    db.session.expire_all()
    assert db.session.get(ServiceLine, line_id).minutes == 120
    assert db.session.get(ChangeProposal, proposal.id).state == "pending"


def test_goals_stay_the_therapists_to_edit(client, login, district):
    login(district.therapist_user)
    goal = db.session.scalars(select(Goal)).one()
    path = f"/students/{district.ana.id}/goals/{goal.id}/edit"
    data = dict(
        code="G1", area=goal.area, description="Writes a full sentence", baseline="", target=""
    )
    assert client.post(path, data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Goal, goal.id).description == "Writes a full sentence"
    assert db.session.scalars(select(ChangeProposal)).all() == []


def test_a_proposing_therapist_may_not_add_or_remove_a_line(client, login, district):
    login(district.therapist_user)
    line = district.ana.services[0]
    data = line_form(line, code="SV77")
    response = client.post(f"/students/{district.ana.id}/services/new", data=data)
    assert response.status_code == 422 and "Only a coordinator may add" in response.text
    client.post(f"/students/{district.ana.id}/services/{line.id}/delete")
    db.session.expire_all()
    assert db.session.get(ServiceLine, line.id) is not None
    assert db.session.scalar(select(ServiceLine).where(ServiceLine.code == "SV77")) is None


def test_therapists_edit_directly_when_the_district_says_so(client, login, district):
    district.district.iep_terms_by = "edit"
    db.session.commit()
    login(district.therapist_user)
    line_id = district.ana.services[0].id
    edit_line(client, district, minutes="90")
    db.session.expire_all()
    assert db.session.get(ServiceLine, line_id).minutes == 90
    assert db.session.scalars(select(ChangeProposal)).all() == []
    assert [c[:4] for c in line_changes(line_id)] == [("minutes", "60", "90", district.ot1.name)]


def test_the_coordinator_sets_who_may_change_iep_terms(client, login, district):
    login(district.coordinator)
    response = client.post(
        "/records/settings", data={"access_log_days": "30", "iep_terms_by": "edit"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert (district.district.access_log_days, district.district.iep_terms_by) == (30, "edit")
    bad = client.post("/records/settings", data={"access_log_days": "0", "iep_terms_by": "edit"})
    assert bad.status_code == 422
