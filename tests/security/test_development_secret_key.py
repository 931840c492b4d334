"""Issue 9, finding 2: without SECRET_KEY, development signs sessions with a random key
made once per instance and kept in the instance folder, never with a constant.

The key must stay the same across restarts (it also keys the calendar feeds' addresses)
and differ between instance folders.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from config import Config, TestConfig
from schoolot import create_app
from schoolot.extensions import db
from tests.databases import empty_tables
from tests.factories import PASSWORD, make_user

ROOT = Path(__file__).resolve().parents[2]
OLD_PUBLIC_KEY = "dev-only-not-secret"
# Start the app as in development (no SECRET_KEY), print a fingerprint of its key.
KEY_PROBE = """
import hashlib, sys
from schoolot import create_app
app = create_app(instance_path=sys.argv[1])
print(hashlib.sha256(app.secret_key.encode()).hexdigest())
"""


class DevelopmentConfig(Config):
    """Development as `make run` has it, on the test database."""

    TESTING = True
    SQLALCHEMY_DATABASE_URI = TestConfig.SQLALCHEMY_DATABASE_URI
    WTF_CSRF_ENABLED = False


def _sign(payload: dict, key: str) -> str:
    """A session cookie as Flask writes it, signed with `key`."""
    signer = Flask("forger")
    signer.secret_key = key
    return SecureCookieSessionInterface().get_signing_serializer(signer).dumps(payload)


def test_a_session_signed_with_the_old_public_key_opens_nothing(tmp_path):
    app = create_app(DevelopmentConfig, instance_path=str(tmp_path / "instance"))
    with app.app_context():
        db.create_all()
        empty_tables()
        email = make_user(db.session, "coordinator").email
        db.session.commit()
    try:
        client = app.test_client()
        assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
        assert client.get("/staff/users").status_code == 200
        # The very session a real login made, signed again with the key that was public.
        cookie = client.get_cookie("session")
        assert cookie is not None
        session = SecureCookieSessionInterface().get_signing_serializer(app).loads(cookie.value)
        forged = app.test_client()
        forged.set_cookie("session", _sign(session, OLD_PUBLIC_KEY))
        response = forged.get("/staff/users")
        assert response.status_code == 302, "a forged session opened the accounts page"
        assert "/login" in response.headers["Location"]
    finally:
        with app.app_context():
            db.session.remove()
            empty_tables()
            db.engine.dispose()


def _start(instance: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "SCHOOLOT_ENV"}}
    return subprocess.Popen(
        [sys.executable, "-c", KEY_PROBE, str(instance)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _key_fingerprint(instance: Path) -> str:
    process = _start(instance)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return out.strip()


def test_each_instance_makes_its_own_key_once_and_keeps_it(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    key_of_first = _key_fingerprint(first)
    assert key_of_first != hashlib.sha256(OLD_PUBLIC_KEY.encode()).hexdigest()
    # Kept in the instance folder, readable by its owner only.
    key_file = first / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert hashlib.sha256(key_file.read_text().strip().encode()).hexdigest() == key_of_first
    assert len(key_file.read_text().strip()) >= 64
    # A restart reads the same key (sessions and feed addresses survive it) ...
    assert _key_fingerprint(first) == key_of_first
    # ... and another instance has a key of its own.
    assert _key_fingerprint(second) != key_of_first


def test_processes_starting_at_once_on_a_new_instance_agree_on_one_key(tmp_path):
    """gunicorn's workers, or the web process and `flask worker`, start together."""
    instance = tmp_path / "instance"
    processes = [_start(instance) for _ in range(4)]
    fingerprints = set()
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        fingerprints.add(out.strip())
    assert len(fingerprints) == 1
    assert [p.name for p in instance.iterdir() if p.name.startswith("secret_key")] == ["secret_key"]


def test_an_empty_key_file_is_an_error_naming_it(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "secret_key").write_text("\n")
    process = _start(instance)
    _, err = process.communicate(timeout=120)
    assert process.returncode != 0
    assert f"{instance / 'secret_key'} is empty" in err


def test_a_secret_key_from_the_environment_wins_and_writes_no_file(tmp_path):
    instance = tmp_path / "instance"
    env = dict(os.environ, SECRET_KEY="k" * 8 + "a-key-of-this-developer's-own")
    env.pop("SCHOOLOT_ENV", None)
    done = subprocess.run(
        [sys.executable, "-c", KEY_PROBE, str(instance)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == hashlib.sha256(env["SECRET_KEY"].encode()).hexdigest()
    assert not (instance / "secret_key").exists()
