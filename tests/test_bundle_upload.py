"""The bundle upload page: coordinators only; shows the problems or the report."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from schoolot.extensions import db
from schoolot.models import Student
from tests.bundle_files import DEMO, copy_demo, set_cell, zip_folder
from tests.factories import make_school, make_teacher, make_user


@pytest.fixture
def coordinator(app, login):
    user = make_user(db.session, "coordinator")
    db.session.commit()
    login(user)
    return user


def _upload(client, archive, check_only: bool = False):
    data = {"bundle": (io.BytesIO(archive.read_bytes()), "bundle.zip")}
    if check_only:
        data["check_only"] = "y"
    return client.post("/import/", data=data, content_type="multipart/form-data")


def _students() -> int:
    return db.session.scalar(select(func.count()).select_from(Student))


def test_coordinator_sees_the_upload_form(client, coordinator):
    page = client.get("/import/")
    assert page.status_code == 200
    assert 'type="file"' in page.text and "Check only" in page.text


def test_coordinator_uploads_a_bundle_and_sees_the_report(client, coordinator, tmp_path):
    response = _upload(client, zip_folder(DEMO, tmp_path / "demo.zip"))

    assert response.status_code == 200
    assert "Imported" in response.text
    assert "students.csv" in response.text
    db.session.remove()
    assert _students() == 36


def test_bundle_with_problems_shows_each_problem_and_imports_nothing(client, coordinator, tmp_path):
    bundle = copy_demo(tmp_path)
    set_cell(bundle, "students.csv", 4, "teacher", "ghost@district.example")
    set_cell(bundle, "services.csv", 3, "minutes", "45")

    response = _upload(client, zip_folder(bundle, tmp_path / "bad.zip", top="district"))

    assert response.status_code == 422
    assert "2 problems: nothing was imported" in response.text
    assert "students.csv:4: teacher: unknown teacher &#39;ghost@district.example&#39;" in (
        response.text
    )
    assert "services.csv:3: minutes: 45 minutes is not a whole number" in response.text
    assert _students() == 0


def test_check_only_reports_the_changes_and_imports_nothing(client, coordinator, tmp_path):
    response = _upload(client, zip_folder(DEMO, tmp_path / "demo.zip"), check_only=True)

    assert response.status_code == 200
    assert "Checked: the bundle is valid, nothing was imported" in response.text
    db.session.remove()
    assert _students() == 0


def test_upload_of_a_file_that_is_not_a_zip_is_refused(client, coordinator):
    data = {"bundle": (io.BytesIO(b"id,name\n"), "schools.csv")}
    response = client.post("/import/", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "must be a .zip" in response.text


def test_teacher_gets_403_on_the_import_page(app, client, login):
    teacher = make_teacher(db.session, make_school(db.session))
    user = make_user(db.session, "teacher", teacher=teacher)
    db.session.commit()
    login(user)

    assert client.get("/import/").status_code == 403
    archive_post = client.post("/import/", data={}, content_type="multipart/form-data")
    assert archive_post.status_code == 403


def test_import_page_needs_login(client):
    response = client.get("/import/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
