"""The bundle upload page: coordinators only; an upload runs as a job whose page shows
its progress, then the problems or the report."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select

from schoolot.extensions import db
from schoolot.jobs.imports import start_import
from schoolot.models import ImportJob, Student
from tests.bundle_files import DEMO, copy_demo, set_cell, zip_folder
from tests.factories import make_school, make_teacher, make_user
from tests.import_jobs import database_app, post_upload, upload


@pytest.fixture
def app(tmp_path) -> Iterator[Flask]:
    yield from database_app(tmp_path)


@pytest.fixture
def coordinator(app, login):
    user = make_user(db.session, "coordinator")
    db.session.commit()
    login(user)
    return user


def _upload(client, archive, check_only: bool = False):
    """The job's page once the upload's job has ended."""
    return upload(client, archive.read_bytes(), check_only=check_only)


def _students() -> int:
    return db.session.scalar(select(func.count()).select_from(Student))


def test_coordinator_sees_the_upload_form(client, coordinator):
    page = client.get("/import/")
    assert page.status_code == 200
    assert 'type="file"' in page.text and "Check only" in page.text


def test_coordinator_uploads_a_bundle_and_sees_the_report(client, coordinator, tmp_path):
    response = _upload(client, zip_folder(DEMO, tmp_path / "demo.zip"))

    assert "Imported" in response.text
    assert "students.csv" in response.text
    db.session.remove()
    assert _students() == 36


def test_bundle_with_problems_shows_each_problem_and_imports_nothing(client, coordinator, tmp_path):
    bundle = copy_demo(tmp_path)
    set_cell(bundle, "students.csv", 4, "teacher", "ghost@district.example")
    set_cell(bundle, "services.csv", 3, "minutes", "45")

    response = _upload(client, zip_folder(bundle, tmp_path / "bad.zip", top="district"))

    assert "2 problems: nothing was imported" in response.text
    assert "students.csv:4: teacher: unknown teacher &#39;ghost@district.example&#39;" in (
        response.text
    )
    assert "services.csv:3: minutes: 45 minutes is not a whole number" in response.text
    assert _students() == 0


def test_check_only_reports_the_changes_and_imports_nothing(client, coordinator, tmp_path):
    response = _upload(client, zip_folder(DEMO, tmp_path / "demo.zip"), check_only=True)

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
    job = start_import(db.session, None, "district.zip", b"PK", check_only=True)
    db.session.commit()
    assert client.get(f"/import/jobs/{job.id}").status_code == 403
    assert client.get(f"/import/jobs/{job.id}/progress").status_code == 403


def test_a_second_upload_while_one_is_under_way_is_refused_with_a_link_to_it(
    client, coordinator, tmp_path
):
    running = start_import(db.session, coordinator, "first.zip", b"PK", check_only=False)
    db.session.commit()

    response = post_upload(client, zip_folder(DEMO, tmp_path / "demo.zip").read_bytes())

    assert response.status_code == 409
    assert f"Import #{running.id} (first.zip) is still queued" in response.text
    assert f'href="/import/jobs/{running.id}"' in response.text
    db.session.remove()
    assert db.session.scalar(select(func.count()).select_from(ImportJob)) == 1
    assert _students() == 0


def test_the_page_of_an_upload_under_way_shows_its_stage_and_refreshes(client, coordinator):
    job = start_import(db.session, coordinator, "district.zip", b"PK", check_only=False)
    job.state, job.stage, job.done, job.total = "running", "checking rows", 12000, 46000
    db.session.commit()

    page = client.get(f"/import/jobs/{job.id}")
    progress = client.get(f"/import/jobs/{job.id}/progress")

    assert "checking rows: 12,000 of 46,000" in page.text
    assert '<meta http-equiv="refresh"' in page.text and ">Refresh</a>" in page.text
    assert 'value="12000" max="46000"' in page.text
    assert progress.json["state"] == "running" and not progress.json["finished"]
    assert progress.json["stage"] == "checking rows: 12,000 of 46,000"
    assert (progress.json["done"], progress.json["total"]) == (12000, 46000)


def test_the_page_of_an_ended_upload_no_longer_refreshes(client, coordinator, tmp_path):
    page = _upload(client, zip_folder(DEMO, tmp_path / "demo.zip"), check_only=True)

    assert "refresh" not in page.text.lower()
    assert "Upload another bundle" in page.text


def test_import_page_needs_login(client):
    response = client.get("/import/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
