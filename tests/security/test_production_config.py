"""Issue 9, finding 1: production mode starts with a real SECRET_KEY, refuses a missing,
short or known one, and an unknown SCHOOLOT_ENV is an error, never development.

Each case starts the real app (wsgi.py's create_app) in a fresh process with the
environment set, as gunicorn or `flask` would.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from config import TestConfig

ROOT = Path(__file__).resolve().parents[2]
# Load the app as gunicorn does (import wsgi), then ask it for one page.
PROBE = """
import json
from wsgi import app
response = app.test_client().get("/login")
print(json.dumps({
    "env": app.config["SCHOOLOT_ENV"],
    "status": response.status_code,
    "hsts": response.headers.get("Strict-Transport-Security"),
    "cookie": response.headers.get("Set-Cookie", ""),
}))
"""


def _start(tmp_path: Path, **environ: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "SCHOOLOT_ENV", "DATABASE_URL", "FLASK_APP"}
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'app.sqlite'}"
    env.update(environ)
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _routes(tmp_path: Path, **environ: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "SCHOOLOT_ENV"}}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'app.sqlite'}"
    env.update(environ)
    flask = [sys.executable, "-m", "flask", "--app", "wsgi", "routes"]
    return subprocess.run(flask, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_production_starts_with_a_random_key_and_runs_as_production(tmp_path):
    key = secrets.token_hex(32)
    started = _start(tmp_path, SCHOOLOT_ENV="production", SECRET_KEY=key)
    assert started.returncode == 0, started.stderr
    seen = json.loads(started.stdout)
    assert seen["env"] == "production"
    assert seen["status"] == 200
    assert seen["hsts"] and "max-age=" in seen["hsts"]
    assert "Secure" in seen["cookie"]
    assert key not in started.stdout + started.stderr
    # The flask command line starts too.
    routes = _routes(tmp_path, SCHOOLOT_ENV="production", SECRET_KEY=secrets.token_urlsafe(32))
    assert routes.returncode == 0, routes.stderr
    assert "feeds_public.serve" in routes.stdout


def test_production_refuses_to_start_without_a_key(tmp_path):
    for environ in ({}, {"SECRET_KEY": ""}, {"SECRET_KEY": "   "}):
        started = _start(tmp_path, SCHOOLOT_ENV="production", **environ)
        assert started.returncode != 0, environ
        assert "SECRET_KEY is not set" in started.stderr, started.stderr


@pytest.mark.parametrize(
    "key",
    [
        "dev-only-not-secret",  # development's old key, public in the repository
        TestConfig.SECRET_KEY,  # the tests' key
        "changeme",
        "CHANGEME",
        "change-me",
        "secret",
        "your-secret-key",
        "changeme-changeme-changeme-changeme-changeme",  # long, but a placeholder
    ],
)
def test_production_refuses_a_known_key(tmp_path, key):
    started = _start(tmp_path, SCHOOLOT_ENV="production", SECRET_KEY=key)
    assert started.returncode != 0
    assert "SECRET_KEY is a published example" in started.stderr, started.stderr


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("3f9a0c1b2d4e5f60", "SECRET_KEY is too short"),  # 16 random characters
        ("a" * 64, "SECRET_KEY is too simple"),
        ("ab" * 40, "SECRET_KEY is too simple"),
    ],
)
def test_production_refuses_a_short_or_simple_key(tmp_path, key, why):
    started = _start(tmp_path, SCHOOLOT_ENV="production", SECRET_KEY=key)
    assert started.returncode != 0
    assert why in started.stderr, started.stderr
    assert key not in started.stderr  # the message never repeats a key


@pytest.mark.parametrize("value", ["prod", "staging", "productoin", "", "development production"])
def test_an_unknown_schoolot_env_is_an_error_naming_the_allowed_values(tmp_path, value):
    started = _start(tmp_path, SCHOOLOT_ENV=value, SECRET_KEY=secrets.token_hex(32))
    assert started.returncode != 0, started.stdout
    assert f"SCHOOLOT_ENV={value!r} is not one of: development, production" in started.stderr
    routes = _routes(tmp_path, SCHOOLOT_ENV=value)
    assert routes.returncode != 0
    assert "is not one of: development, production" in routes.stderr


def test_schoolot_env_is_read_without_regard_to_case(tmp_path):
    """'Production' means production (with all its checks), never development."""
    refused = _start(tmp_path, SCHOOLOT_ENV="Production")
    assert refused.returncode != 0
    assert "SECRET_KEY is not set" in refused.stderr
    started = _start(tmp_path, SCHOOLOT_ENV=" PRODUCTION ", SECRET_KEY=secrets.token_hex(32))
    assert started.returncode == 0, started.stderr
    assert json.loads(started.stdout)["env"] == "production"


def test_development_is_the_default_and_sends_no_hsts(tmp_path):
    started = _start(tmp_path, SECRET_KEY=secrets.token_hex(32))
    assert started.returncode == 0, started.stderr
    seen = json.loads(started.stdout)
    assert seen["env"] == "development"
    assert seen["hsts"] is None
    assert "Secure" not in seen["cookie"]
