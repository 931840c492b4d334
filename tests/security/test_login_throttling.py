"""Issue 9, finding 4: login throttling that holds under concurrency, tells no one which
accounts exist, and gives no one a button that locks another person out.

The concurrency test serves the real app on a free 127.0.0.1 port (werkzeug's threaded
server, as tests/browser does) against a database file or TEST_DATABASE_URL, and fires
30 wrong logins at once. Password checks are counted (and made as slow as a real hash,
so the race has room to happen) by wrapping the check the service calls.
"""

from __future__ import annotations

import http.client
import os
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from werkzeug.security import check_password_hash
from werkzeug.serving import make_server

from config import TestConfig
from schoolot import create_app
from schoolot.extensions import db
from tests.databases import empty_tables
from tests.factories import PASSWORD, SmallDistrict

MAX_FAILURES = 5
ATTEMPTS = 30
ATTACKER = "127.0.0.1"
COLLEAGUE = "127.0.0.2"  # Linux answers for all of 127.0.0.0/8 on the loopback


class CountedChecks:
    """check_password_hash, counted, and as slow as a production hash (scrypt, ~0.25 s;
    the tests hash cheaply) so that concurrent attempts overlap as they do in production."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.methods: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, pwhash: str, password: str) -> bool:
        with self._lock:
            self.methods.append(pwhash.split("$", 1)[0])
        time.sleep(self.delay)
        return check_password_hash(pwhash, password)

    @property
    def count(self) -> int:
        return len(self.methods)


def _count_checks(monkeypatch: pytest.MonkeyPatch, delay: float = 0.0) -> CountedChecks:
    checks = CountedChecks(delay)
    monkeypatch.setattr("schoolot.accounts.service.check_password_hash", checks)
    return checks


@dataclass(frozen=True)
class Server:
    app: Flask
    port: int
    email: str

    def login(self, password: str, source: str = ATTACKER) -> int:
        """POST /login from `source`; the status code."""
        body = urllib.parse.urlencode({"email": self.email, "password": password})
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=60, source_address=(source, 0)
        )
        try:
            connection.request(
                "POST",
                "/login",
                body=body,
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
            return connection.getresponse().status
        finally:
            connection.close()


@pytest.fixture
def server(tmp_path) -> Iterator[Server]:
    database_url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'live.sqlite'}"

    class LiveConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        LOGIN_MAX_FAILURES = MAX_FAILURES

    app = create_app(LiveConfig)
    with app.app_context():
        db.create_all()
        empty_tables()
        email = SmallDistrict(db.session).coordinator.email
        db.session.commit()
        db.session.remove()
    http_server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http_server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(app=app, port=http_server.server_port, email=email)
    finally:
        http_server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            empty_tables()
            db.engine.dispose()


def _at_once(count: int, attempt: Callable[[], int]) -> list[int]:
    """Run `attempt` in `count` threads released together; their results."""
    start = threading.Barrier(count)
    results: list[int] = []
    lock = threading.Lock()

    def run() -> None:
        start.wait()
        status = attempt()
        with lock:
            results.append(status)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_thirty_wrong_passwords_at_once_check_at_most_the_limit(server, monkeypatch):
    checks = _count_checks(monkeypatch, delay=0.2)

    statuses = _at_once(ATTEMPTS, lambda: server.login("wrong-password"))

    assert len(statuses) == ATTEMPTS
    assert checks.count <= MAX_FAILURES, f"{checks.count} passwords checked, limit {MAX_FAILURES}"
    assert statuses.count(401) == checks.count
    assert statuses.count(429) == ATTEMPTS - checks.count
    # The pair (account, attacker's address) stays locked, even for the right password.
    assert server.login(PASSWORD) == 429
    assert checks.count <= MAX_FAILURES


def test_the_attackers_lockout_leaves_the_account_open_from_elsewhere(server, monkeypatch):
    _count_checks(monkeypatch)
    for _ in range(MAX_FAILURES):
        assert server.login("wrong-password") == 401
    assert server.login(PASSWORD) == 429

    assert server.login(PASSWORD, source=COLLEAGUE) == 302


def test_unknown_and_inactive_accounts_cost_the_same_hash_check(app, client, monkeypatch):
    district = SmallDistrict(db.session)
    district.teacher_user.active = False
    db.session.commit()
    checks = _count_checks(monkeypatch)

    attempts = {
        "known, wrong password": (district.coordinator.email, "wrong-password"),
        "unknown account": ("nobody@district.example", "wrong-password"),
        "inactive account, right password": (district.teacher_user.email, PASSWORD),
    }
    methods = {}
    for label, (email, password) in attempts.items():
        before = checks.count
        response = client.post("/login", data={"email": email, "password": password})
        assert response.status_code == 401, label
        assert "do not match" in response.text, label
        assert checks.count == before + 1, f"{label}: {checks.count - before} hash checks"
        methods[label] = checks.methods[-1]

    assert len(set(methods.values())) == 1, methods
    assert methods["known, wrong password"] == district.coordinator.password_hash.split("$")[0]


def test_one_address_spraying_many_accounts_is_stopped(app, client, monkeypatch):
    app.config["LOGIN_ADDRESS_MAX_FAILURES"] = 8
    district = SmallDistrict(db.session)
    db.session.commit()
    checks = _count_checks(monkeypatch)
    sprayer = {"REMOTE_ADDR": "203.0.113.9"}

    for n in range(8):
        response = client.post(
            "/login",
            data={"email": f"guess{n}@district.example", "password": "Summer2026!"},
            environ_overrides=sprayer,
        )
        assert response.status_code == 401
    response = client.post(
        "/login",
        data={"email": district.coordinator.email, "password": "Summer2026!"},
        environ_overrides=sprayer,
    )
    assert response.status_code == 429
    assert checks.count == 8

    response = client.post(
        "/login",
        data={"email": district.coordinator.email, "password": PASSWORD},
        environ_overrides={"REMOTE_ADDR": "198.51.100.7"},
    )
    assert response.status_code == 302


def test_a_successful_login_clears_the_pairs_failures(app, client, monkeypatch):
    district = SmallDistrict(db.session)
    db.session.commit()
    email = district.coordinator.email
    for _ in range(MAX_FAILURES - 1):
        assert (
            client.post("/login", data={"email": email, "password": "nope-nope"}).status_code == 401
        )
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    client.post("/logout")
    for _ in range(MAX_FAILURES - 1):
        assert (
            client.post("/login", data={"email": email, "password": "nope-nope"}).status_code == 401
        )
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
