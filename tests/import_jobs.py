"""Uploading bundles through the Import page, which runs each upload as a background job:
an app whose worker thread can open its own connections, and an upload that waits for
its job and returns the job's page."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from pathlib import Path

from flask import Flask, current_app
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from config import TestConfig
from schoolot import create_app
from schoolot.extensions import db
from schoolot.jobs import InProcessRunner, runner_for
from tests.databases import empty_tables

WAIT_SECONDS = 120  # a district-sized bundle on a busy shared machine


def database_app(tmp_path: Path, **settings: object) -> Iterator[Flask]:
    """An app on a database file (or TEST_DATABASE_URL), inside its context: the job's
    thread opens its own connections, which an in-memory SQLite database cannot give."""
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'imports.sqlite'}"

    class ImportConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    for name, value in settings.items():
        setattr(ImportConfig, name, value)
    app = create_app(ImportConfig)
    with app.app_context():
        db.create_all()
        empty_tables()
        yield app
        if not app.config.get("REDIS_URL"):
            finish_jobs(app)
        db.session.remove()
        empty_tables()
        db.engine.dispose()


def finish_jobs(app: Flask | None = None) -> None:
    """Wait until the app's job runner has nothing left to run (the current app's)."""
    runner = runner_for(app or current_app._get_current_object())  # type: ignore[attr-defined]
    assert isinstance(runner, InProcessRunner)
    assert runner.wait(WAIT_SECONDS), "the import did not end in time"


def post_upload(
    client: FlaskClient, content: bytes, name: str = "bundle.zip", check_only: bool = False
) -> TestResponse:
    data = {"bundle": (io.BytesIO(content), name)}
    if check_only:
        data["check_only"] = "y"
    return client.post("/import/", data=data, content_type="multipart/form-data")


def upload(
    client: FlaskClient,
    content: bytes,
    name: str = "bundle.zip",
    check_only: bool = False,
) -> TestResponse:
    """Upload through the page (in the app's context), follow its 303 to the job's page
    once the job has ended, and return that page."""
    response = post_upload(client, content, name, check_only)
    assert response.status_code == 303, response.text[:2000]
    assert re.fullmatch(r"/import/jobs/\d+", response.location), response.location
    finish_jobs()
    page = client.get(response.location)
    assert page.status_code == 200
    return page
