"""An export of many students names each student its rows held: the student's "who
opened" page lists it, one that did not hold them is not listed, the district log keeps
one entry a download, and the retention's purge takes the named students too."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from schoolot.extensions import db
from schoolot.models import AccessEntry, SessionLog, access_log_student
from schoolot.models.users import utcnow
from tests.factories import SmallDistrict


def downloaded_in(client, student_id: int) -> str:
    """The "Downloaded in" section of the student's access page ('' when none)."""
    page = client.get(f"/students/{student_id}/access").get_data(as_text=True)
    assert "Who opened" in page
    return page.split('id="downloaded-in"', 1)[1] if 'id="downloaded-in"' in page else ""


def held(entry: AccessEntry) -> set[int]:
    query = select(access_log_student.c.student_id).where(
        access_log_student.c.access_log_id == entry.id
    )
    return set(db.session.scalars(query))


def add_log(district: SmallDistrict, student, day: dt.date) -> None:
    """A delivered extra session of the student's first line on `day`."""
    db.session.add(
        SessionLog(
            service_line_id=student.services[0].id,
            student_id=student.id,
            therapist_id=district.ot1.id,
            school_id=student.school_id,
            date=day,
            start=dt.time(9),
            minutes=30,
            planned_minutes=30,
            kind="extra",
            status="delivered",
        )
    )


DAY, OTHER_DAY = dt.date(2026, 9, 8), dt.date(2026, 9, 9)


def medicaid_csv(client, day: dt.date) -> bytes:
    response = client.get("/exports/medicaid.csv", query_string={"first": day, "last": day})
    assert response.status_code == 200
    return response.data


def test_a_students_page_lists_a_csv_that_held_them_and_not_one_that_did_not(client, login):
    district = SmallDistrict(db.session)
    add_log(district, district.ana, DAY)
    add_log(district, district.ben, OTHER_DAY)
    db.session.commit()
    login(district.coordinator)
    data = medicaid_csv(client, DAY)
    assert b"S1" in data and b"S2" not in data
    [entry] = db.session.scalars(select(AccessEntry)).all()  # one entry a download
    assert entry.student_id is None and held(entry) == {district.ana.id}
    shown = downloaded_in(client, district.ana.id)
    assert "Medicaid CSV by" in shown and f"first={DAY}" in shown
    assert downloaded_in(client, district.ben.id) == ""


def test_the_bundle_export_names_every_student_it_wrote(app, runner, client, login, tmp_path):
    district = SmallDistrict(db.session)
    db.session.commit()
    result = runner.invoke(args=["export-bundle", str(tmp_path / "bundle")])
    assert result.exit_code == 0, result.output
    [entry] = db.session.scalars(select(AccessEntry)).all()
    assert held(entry) == {district.ana.id, district.ben.id, district.cy.id}
    login(district.coordinator)
    assert "bundle export by flask export-bundle (run by " in downloaded_in(client, district.cy.id)


def test_the_purge_deletes_the_named_students_with_their_entry(app, runner, client, login):
    district = SmallDistrict(db.session)
    district.district.access_log_days = 30
    add_log(district, district.ana, DAY)
    db.session.commit()
    login(district.coordinator)
    medicaid_csv(client, DAY)
    medicaid_csv(client, DAY)
    old, recent = db.session.scalars(select(AccessEntry).order_by(AccessEntry.id)).all()
    old.at = utcnow() - dt.timedelta(days=31)
    db.session.commit()
    assert held(old) and held(recent)
    result = runner.invoke(args=["purge-access-log"])
    assert result.output.startswith("Deleted 1 access-log entries"), result.output
    ids = set(db.session.scalars(select(access_log_student.c.access_log_id)))
    assert ids == {recent.id}
    assert db.session.scalar(select(func.count()).select_from(AccessEntry)) == 1
