"""Application settings, read from the environment.

`Config` is the default (SQLite in the instance folder); `ProductionConfig`
refuses to start without a real SECRET_KEY; `TestConfig` uses TEST_DATABASE_URL
when set (PostgreSQL in CI) and an in-memory SQLite database otherwise.
"""

from __future__ import annotations

import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    # None means "SQLite in the instance folder"; create_app fills it in.
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL")
    # CP-SAT workers for each therapist's week in a solve job; empty lets the solver choose.
    SOLVER_WORKERS = int(os.environ["SOLVER_WORKERS"]) if os.environ.get("SOLVER_WORKERS") else None
    WTF_CSRF_ENABLED = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # "Keep me logged in" lasts two weeks (seconds), not Flask-Login's default year.
    REMEMBER_COOKIE_DURATION = 14 * 24 * 3600
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
    MAX_CONTENT_LENGTH = 50 * 1024 * 1024  # bundle uploads


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True

    def __init__(self) -> None:
        secret = os.environ.get("SECRET_KEY")
        if not secret or secret == Config.SECRET_KEY:
            raise RuntimeError("SECRET_KEY must be set in the environment in production")
        self.SECRET_KEY = secret


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False


def config_from_env() -> Config:
    """The config class named by SCHOOLOT_ENV (development by default)."""
    env = os.environ.get("SCHOOLOT_ENV", "development")
    if env == "production":
        return ProductionConfig()
    return Config()
