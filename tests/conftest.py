"""Fixtures: an app on a fresh database per test (SQLite in memory, or the
PostgreSQL database named by TEST_DATABASE_URL), its client and CLI runner."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from tests.databases import empty_tables, use_worker_database

# Before config is imported: with pytest-xdist on PostgreSQL, each worker gets its own
# database, so workers never empty each other's tables.
use_worker_database(os.environ)

from config import TestConfig  # noqa: E402
from schoolot import create_app  # noqa: E402
from schoolot.extensions import db  # noqa: E402


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Accounts hash passwords with scrypt (about 0.3 s each); tests use a cheap hash."""
    from werkzeug.security import generate_password_hash

    monkeypatch.setattr(
        "schoolot.accounts.service.generate_password_hash",
        lambda password: generate_password_hash(password, method="pbkdf2:sha256:1000"),
    )


@pytest.fixture(scope="session", autouse=True)
def fresh_postgres_schema() -> None:
    """On PostgreSQL the test database outlives a run: build its tables anew once per run,
    so a schema changed since the last run is not tested against old tables."""
    app = create_app(TestConfig)
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            db.drop_all()
            db.create_all()
        db.engine.dispose()


@pytest.fixture
def app() -> Iterator[Flask]:
    app = create_app(TestConfig)
    with app.app_context():
        db.create_all()
        if db.engine.dialect.name != "sqlite":
            # Start empty whatever ran before (a live server or a job thread of another test).
            empty_tables()
        yield app
        db.session.remove()
        if db.engine.dialect.name != "sqlite":
            empty_tables()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def login(client: FlaskClient):
    """login(user) logs the test client in as that user (password 'password1')."""

    def do_login(user) -> None:
        client.post("/logout")
        response = client.post("/login", data={"email": user.email, "password": "password1"})
        assert response.status_code == 302, response.text

    return do_login
