"""Access entries: one for each view of a student's page and each download, none for a
refusal; the access pages are coordinators' only."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from schoolot.extensions import db
from schoolot.models import AccessEntry
from schoolot.models.users import utcnow
from tests.factories import SmallDistrict, make_goal


def entries() -> list[AccessEntry]:
    db.session.expire_all()
    return list(db.session.scalars(select(AccessEntry).order_by(AccessEntry.id)))


def test_a_view_of_a_students_page_records_one_entry(app, client, login):
    district = SmallDistrict(db.session)
    db.session.commit()
    login(district.therapist_user)
    assert client.get(f"/students/{district.ana.id}").status_code == 200
    [entry] = entries()
    assert entry.user_id == district.therapist_user.id
    assert entry.actor == f"{district.ot1.name} (therapist)"
    assert (entry.what, entry.student_id, entry.student_code) == (
        "student page",
        district.ana.id,
        "S1",
    )
    assert entry.address == "127.0.0.1"
    assert utcnow() - entry.at < dt.timedelta(minutes=5)


def test_a_refused_view_records_nothing(app, client, login):
    district = SmallDistrict(db.session)
    db.session.commit()
    login(district.therapist_user)  # Ben is ot2's
    assert client.get(f"/students/{district.ben.id}").status_code == 404
    assert client.get(f"/timetable/students/{district.ben.id}").status_code == 404
    assert entries() == []


def test_sub_pages_and_downloads_record_what_and_the_filters(app, client, login):
    district = SmallDistrict(db.session)
    db.session.commit()
    login(district.coordinator)
    assert client.get(f"/timetable/students/{district.ana.id}").status_code == 200
    response = client.get(f"/caseload/caseload.csv?school={district.oak.id}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    line = district.ana.services[0]
    assert client.get(f"/students/{district.ana.id}/services/{line.id}/edit").status_code == 200
    found = [(e.what, e.student_code, e.detail) for e in entries()]
    assert found == [
        ("student timetable", "S1", None),
        ("caseload CSV", None, f"school={district.oak.id}"),
        ("service line edit form", "S1", f"line_id={line.id}"),
    ]


def test_a_save_records_no_view(app, client, login):
    """A form posted and saved (a redirect) is in the change history, not the access log."""
    district = SmallDistrict(db.session)
    db.session.commit()
    login(district.coordinator)
    line = district.ana.services[0]
    data = dict(
        code=line.code,
        minutes="90",
        per="week",
        session_minutes="30",
        delivery="pull_out",
        grouping="individual",
        max_group="3",
    )
    path = f"/students/{district.ana.id}/services/{line.id}/edit"
    assert client.post(path, data=data).status_code == 302
    assert entries() == []


def test_only_coordinators_see_who_opened_a_record(app, client, login):
    district = SmallDistrict(db.session)
    db.session.commit()
    login(district.therapist_user)
    client.get(f"/students/{district.ana.id}")
    assert client.get(f"/students/{district.ana.id}/access").status_code == 403
    assert client.get("/records/access-log").status_code == 403
    assert client.get("/records/proposals").status_code == 403
    assert client.get("/records/settings").status_code == 403
    login(district.teacher_user)
    assert client.get(f"/students/{district.ana.id}/access").status_code == 403
    assert client.get("/records/access-log").status_code == 403
    login(district.coordinator)
    page = client.get(f"/students/{district.ana.id}/access")
    assert page.status_code == 200
    assert district.ot1.name in page.text and "student page" in page.text
    log = client.get("/records/access-log?student=S1")
    assert log.status_code == 200 and district.ot1.name in log.text
    # Reading who opened the record is not itself an opening of it.
    assert [e.what for e in entries()] == ["student page"]


def test_who_opened_a_record_lists_the_month_asked_for(app, client, login):
    district = SmallDistrict(db.session)
    db.session.add_all(
        [
            AccessEntry(
                at=dt.datetime(2026, 10, 15, 12),
                actor="Old Reader (therapist)",
                what="student page",
                student_id=district.ana.id,
                student_code="S1",
            ),
            AccessEntry(
                at=dt.datetime(2026, 11, 3, 12),
                actor="Nov Reader (therapist)",
                what="student page",
                student_id=district.ana.id,
                student_code="S1",
            ),
            AccessEntry(
                at=dt.datetime(2026, 11, 4, 12),
                actor="Other Student (therapist)",
                what="student page",
                student_id=district.ben.id,
                student_code="S2",
            ),
        ]
    )
    db.session.commit()
    login(district.coordinator)
    page = client.get(f"/students/{district.ana.id}/access?month=2026-11").text
    assert "Nov Reader" in page
    assert "Old Reader" not in page and "Other Student" not in page
    october = client.get(f"/students/{district.ana.id}/access?month=2026-10").text
    assert "Old Reader" in october and "Nov Reader" not in october


def test_the_district_log_filters_by_person_and_dates(app, client, login):
    district = SmallDistrict(db.session)
    db.session.add_all(
        [
            AccessEntry(
                at=dt.datetime(2026, 11, 3, 15),
                actor="A Reader",
                user_id=district.therapist_user.id,
                what="caseload CSV",
                detail="school=1",
            ),
            AccessEntry(
                at=dt.datetime(2026, 11, 20, 15),
                actor="B Reader",
                user_id=district.coordinator.id,
                what="student page",
                student_id=district.ana.id,
                student_code="S1",
            ),
        ]
    )
    db.session.commit()
    login(district.coordinator)
    mine = client.get(f"/records/access-log?person={district.therapist_user.id}").text
    assert "A Reader" in mine and "B Reader" not in mine
    late = client.get("/records/access-log?first=2026-11-10&last=2026-11-30").text
    assert "B Reader" in late and "A Reader" not in late
    csv = client.get("/records/access-log?what=caseload+CSV").text
    assert "A Reader" in csv and "B Reader" not in csv


def test_a_page_reached_by_a_record_of_the_student_names_the_student(app, client, login):
    from flask_login import login_required

    from schoolot.web.access_record import access_logged

    @app.route("/test-only/goals/<int:goal_id>")
    @login_required
    @access_logged("goal page")
    def goal_page(goal_id: int):
        return "a goal"

    district = SmallDistrict(db.session)
    goal = make_goal(db.session, district.ana, "G1")
    db.session.commit()
    login(district.coordinator)
    assert client.get(f"/test-only/goals/{goal.id}").status_code == 200
    [entry] = entries()
    assert (entry.what, entry.student_id, entry.student_code) == (
        "goal page",
        district.ana.id,
        "S1",
    )
    assert entry.detail == f"goal_id={goal.id}"
