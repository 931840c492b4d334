"""Application settings, read from the environment.

`Config` is development (SQLite in the instance folder; without SECRET_KEY, a random key
kept in the instance folder); `ProductionConfig` adds HTTPS-only cookies and HSTS, and
create_app refuses to start it without a strong SECRET_KEY; `TestConfig` uses
TEST_DATABASE_URL when set (PostgreSQL in CI) and an in-memory SQLite database otherwise.
`config_from_env` picks one by SCHOOLOT_ENV.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from schoolot.bundle.limits import MAX_UPLOAD_BYTES


class ConfigError(RuntimeError):
    """The settings cannot run the app; the message says which one and why."""


class Config:
    SCHOOLOT_ENV = "development"
    # Unset, create_app uses the instance folder's own random key (instance_secret_key).
    SECRET_KEY = os.environ.get("SECRET_KEY") or None
    # None means "SQLite in the instance folder"; create_app fills it in.
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL")
    # CP-SAT workers for each therapist's week in a solve job; empty lets the solver choose.
    SOLVER_WORKERS = int(os.environ["SOLVER_WORKERS"]) if os.environ.get("SOLVER_WORKERS") else None
    # A background job whose process has not said it is alive for this long is failed.
    JOB_LEASE_SECONDS = float(os.environ.get("JOB_LEASE_SECONDS", "45"))
    WTF_CSRF_ENABLED = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # "Keep me logged in" lasts two weeks (seconds), not Flask-Login's default year.
    REMEMBER_COOKIE_DURATION = 14 * 24 * 3600
    # Strict-Transport-Security max-age in seconds; 0 sends none (development runs on http).
    HSTS_MAX_AGE = 0
    # Login throttling: this many wrong passwords for one account from one address
    # within the window (from the first) refuse that account to that address until the
    # window ends; other addresses still log in. LOGIN_ADDRESS_MAX_FAILURES does the
    # same for one address over all accounts (password spraying).
    LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
    LOGIN_ADDRESS_MAX_FAILURES = int(os.environ.get("LOGIN_ADDRESS_MAX_FAILURES", "100"))
    LOGIN_WINDOW_MINUTES = int(os.environ.get("LOGIN_WINDOW_MINUTES", "15"))
    # Reverse proxies in front of the app (e.g. 1 for nginx): their X-Forwarded-For,
    # -Proto and -Host are trusted, so links the app writes (feed addresses) carry the
    # https and host the users see. 0 trusts no header.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    STUDENTS_PER_PAGE = 50
    # The largest request: a bundle upload (schoolot/bundle/limits.py holds every limit).
    MAX_CONTENT_LENGTH = MAX_UPLOAD_BYTES


class ProductionConfig(Config):
    SCHOOLOT_ENV = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS_MAX_AGE = 365 * 24 * 3600


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"  # tests only: production refuses it (KNOWN_KEYS)
    # An empty TEST_DATABASE_URL counts as unset (never the instance database).
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    WTF_CSRF_ENABLED = False


ENVIRONMENTS = {"development": Config, "production": ProductionConfig}


def config_from_env() -> type[Config]:
    """The config class named by SCHOOLOT_ENV: development when unset, `production`
    in any case; any other value (an empty one too) is an error naming the choices."""
    value = os.environ.get("SCHOOLOT_ENV")
    if value is None:
        return Config
    config = ENVIRONMENTS.get(value.strip().lower())
    if config is None:
        raise ConfigError(f"SCHOOLOT_ENV={value!r} is not one of: {', '.join(ENVIRONMENTS)}")
    return config


# Keys that have been public: in this repository, its docs, or as everyone's placeholder.
KNOWN_KEYS = frozenset(
    {
        "dev-only-not-secret",
        TestConfig.SECRET_KEY,
        "bench-only",
        "changeme",
        "change-me",
        "change_me",
        "secret",
        "secret-key",
        "secret_key",
        "secretkey",
        "your-secret-key",
        "your_secret_key",
        "supersecret",
        "password",
        "development",
        "production",
    }
)
# Words that mark a key as a placeholder someone forgot to replace, however long.
PLACEHOLDER_WORDS = ("changeme", "change-me", "change_me", "not-secret", "your-secret", "example")
MIN_KEY_LENGTH = 32
MIN_DISTINCT_CHARACTERS = 10


def production_key_problem(key: str | None) -> str | None:
    """Why `key` may not sign production sessions, or None when it may. The reason
    never repeats the key."""
    advice = "set a long random one: python3 -c 'import secrets; print(secrets.token_hex(32))'"
    key = (key or "").strip()
    if not key:
        return f"SECRET_KEY is not set: {advice}"
    lowered = key.lower()
    if lowered in KNOWN_KEYS or any(word in lowered for word in PLACEHOLDER_WORDS):
        return f"SECRET_KEY is a published example or placeholder: {advice}"
    if len(key) < MIN_KEY_LENGTH:
        return (
            f"SECRET_KEY is too short ({len(key)} characters, at least {MIN_KEY_LENGTH}): {advice}"
        )
    if len(set(key)) < MIN_DISTINCT_CHARACTERS:
        few = f"fewer than {MIN_DISTINCT_CHARACTERS} different characters"
        return f"SECRET_KEY is too simple ({few}): {advice}"
    return None


def instance_secret_key(instance_path: str) -> str:
    """The instance folder's own random key (file `secret_key`, mode 0600), made on the
    first start and read on every later one, so sessions and feed addresses survive a
    restart. Processes starting together agree: the file appears whole, once."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f"secret_key.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_hex(32) + "\n")
        try:
            os.link(draft, path)  # fails if another process made it first: theirs stands
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    key = path.read_text().strip()
    if not key:
        raise ConfigError(f"{path} is empty: delete it to make a new key, or set SECRET_KEY")
    return key


def settle_secret_key(config: dict, instance_path: str) -> None:
    """Production refuses a missing, known or weak SECRET_KEY; development without one
    uses the instance folder's key."""
    if config.get("SCHOOLOT_ENV") == "production":
        problem = production_key_problem(config.get("SECRET_KEY"))
        if problem:
            raise ConfigError(f"{problem} (SCHOOLOT_ENV=production)")
    elif not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = instance_secret_key(instance_path)
