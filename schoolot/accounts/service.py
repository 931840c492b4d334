"""Accounts: creating them, checking logins (throttled), and ending their sessions."""

from __future__ import annotations

import datetime as dt
import functools
import hmac
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from schoolot.errors import LoginThrottled, ValidationFailed
from schoolot.feeds import tokens
from schoolot.models import LoginThrottle, Teacher, Therapist, User
from schoolot.models.users import ROLES, utcnow
from schoolot.problems import Problems

MIN_PASSWORD_LENGTH = 8

log = logging.getLogger("schoolot.accounts")


def create_user(
    session: Session,
    email: str,
    role: str,
    password: str,
    therapist_code: str | None = None,
    teacher_code: str | None = None,
) -> User:
    """Add an account; a therapist or teacher account is linked to its staff record."""
    email = email.strip().lower()
    problems = Problems()
    if "@" not in email:
        problems.add("email", f"'{email}' is not an email address")
    elif session.scalar(select(User).where(User.email == email)) is not None:
        problems.add("email", f"an account for {email} already exists")
    if role not in ROLES:
        problems.add("role", f"'{role}' is not one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.add("password", f"use at least {MIN_PASSWORD_LENGTH} characters")
    therapist = teacher = None
    if role == "therapist":
        therapist = _find(session, Therapist, therapist_code, "therapist", problems)
    elif therapist_code:
        problems.add("therapist", "only a therapist account links to a therapist")
    if role == "teacher":
        teacher = _find(session, Teacher, teacher_code, "teacher", problems)
    elif teacher_code:
        problems.add("teacher", "only a teacher account links to a teacher")
    problems.raise_if_any()
    user = User(
        email=email,
        role=role,
        password_hash=generate_password_hash(password),
        therapist=therapist,
        teacher=teacher,
    )
    session.add(user)
    session.flush()
    return user


def _find(
    session: Session,
    model: type[Therapist] | type[Teacher],
    code: str | None,
    label: str,
    problems: Problems,
) -> Therapist | Teacher | None:
    if not code:
        problems.add(label, f"a {label} account needs --{label} ID")
        return None
    # select() of a union of models types as their Base: the row is one of `model`.
    found = cast(
        "Therapist | Teacher | None", session.scalar(select(model).where(model.code == code))
    )
    if found is None:
        problems.add(label, f"no {label} with id '{code}'")
    return found


def change_password(user: User, current: str, new: str) -> None:
    """The account's owner sets a new password, proving the current one; every session
    of the account ends (the caller logs its own request in again)."""
    problems = Problems()
    if not check_password_hash(user.password_hash, current):
        problems.add("current_password", "that is not the account's current password")
    elif hmac.compare_digest(current, new):
        problems.add("new_password", "choose a password other than the current one")
    problems.raise_if_any()
    set_password(user, new)


def set_password(user: User, password: str) -> None:
    """A new password for `user`; every session of the account ends."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed([f"new_password: use at least {MIN_PASSWORD_LENGTH} characters"])
    user.password_hash = generate_password_hash(password)
    user.end_sessions()


def close_account(session: Session, user: User) -> None:
    """What deactivating an account stops at once: every session of it, and the calendar
    feed of the therapist or teacher it stands for (revoked, so reactivating the account
    does not bring the old address back: its owner makes a new one)."""
    user.end_sessions()
    staff = user.therapist or user.teacher
    if staff is not None:
        feed = tokens.feed_of(session, user.role, staff.id)
        if feed is not None and feed.active:
            tokens.revoke(session, feed)
    session.flush()


def session_user(session: Session, session_id: str) -> User | None:
    """The active account whose session or remember-me cookie holds `session_id`
    (`User.get_id`), while that is still the account's current session token."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = session.get(User, int(user_id))
    if user is None or not user.active:
        return None
    return user if hmac.compare_digest(user.session_token, token) else None


# ---------------------------------------------------------------- logins


@dataclass(frozen=True)
class LoginLimits:
    """`max_failures` wrong passwords for one account from one address, or
    `address_max_failures` from one address over all accounts, within `window` of the
    first, refuse that pair (or address) until the window ends."""

    max_failures: int = 5
    address_max_failures: int = 100
    window: dt.timedelta = dt.timedelta(minutes=15)


def authenticate(
    session: Session,
    email: str,
    password: str,
    remote_addr: str | None,
    limits: LoginLimits = LoginLimits(),
    now: dt.datetime | None = None,
    reserved: Callable[[], None] = lambda: None,
) -> User | None:
    """The active user with these credentials, or None; raises LoginThrottled when the
    pair (email, address) or the address is over its limit (`LoginLimits`).

    The attempt is counted as a failure before the password is checked, atomically, so
    concurrent attempts cannot all pass the count; `reserved` runs then (the web commits
    there, so other requests see the count before the slow check). A right password
    clears the pair's count and gives the address its attempt back. Unknown and
    inactive accounts cost the same password check as real ones.
    """
    now = now or utcnow()
    email = email.strip().lower()
    address = (remote_addr or "unknown")[:64]
    _reserve(session, email, address, limits, now)
    reserved()
    user = session.scalar(select(User).where(User.email == email))
    matches = check_password_hash(user.password_hash if user else _dummy_hash(), password)
    if user is None or not user.active or not matches:
        log.info("login failed: email=%s address=%s", email, address)
        return None
    session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.email == email, LoginThrottle.remote_addr == address
        )
    )
    _give_back(session, LoginThrottle.ADDRESS_WIDE, address)
    _forget_expired(session, now - limits.window)
    session.flush()
    return user


def _reserve(
    session: Session, email: str, address: str, limits: LoginLimits, now: dt.datetime
) -> None:
    """Count the attempt for its pair, then its address; over a limit, take the counts
    back and refuse. (Always pair then address: concurrent attempts lock in one order.)"""
    if _count_attempt(session, email, address, now, limits.window) > limits.max_failures:
        _give_back(session, email, address)
        log.warning("login throttled: email=%s address=%s", email, address)
        raise LoginThrottled(
            "Too many failed logins for this account from your network. "
            "Wait a few minutes and try again."
        )
    wide = LoginThrottle.ADDRESS_WIDE
    if _count_attempt(session, wide, address, now, limits.window) > limits.address_max_failures:
        _give_back(session, email, address)
        _give_back(session, wide, address)
        log.warning("login throttled: address=%s (over the address limit)", address)
        raise LoginThrottled(
            "Too many failed logins from your network. Wait a few minutes and try again."
        )


def _count_attempt(
    session: Session, email: str, address: str, now: dt.datetime, window: dt.timedelta
) -> int:
    """One more attempt on the (email, address) count, in one statement (INSERT ... ON
    CONFLICT DO UPDATE ... RETURNING), starting a new window when the last one ended;
    the count after it."""
    dialect = session.get_bind().dialect.name
    insert: postgresql.Insert | sqlite.Insert
    if dialect == "postgresql":
        insert = postgresql.insert(LoginThrottle)
    elif dialect == "sqlite":
        insert = sqlite.insert(LoginThrottle)
    else:
        raise RuntimeError(f"login throttling needs PostgreSQL or SQLite, not {dialect}")
    ended = LoginThrottle.window_start <= now - window
    statement = (
        insert.values(email=email, remote_addr=address, window_start=now, failures=1)
        .on_conflict_do_update(
            index_elements=[LoginThrottle.email, LoginThrottle.remote_addr],
            set_={
                "failures": case((ended, 1), else_=LoginThrottle.failures + 1),
                "window_start": case((ended, now), else_=LoginThrottle.window_start),
            },
        )
        .returning(LoginThrottle.failures)
    )
    return int(session.execute(statement).scalar_one())


def _give_back(session: Session, email: str, address: str) -> None:
    session.execute(
        update(LoginThrottle)
        .where(
            LoginThrottle.email == email,
            LoginThrottle.remote_addr == address,
            LoginThrottle.failures > 0,
        )
        .values(failures=LoginThrottle.failures - 1)
    )


def _forget_expired(session: Session, since: dt.datetime) -> None:
    """Delete counts whose window has ended (skipping rows a concurrent login holds)."""
    expired = (
        select(LoginThrottle.id)
        .where(LoginThrottle.window_start <= since)
        .with_for_update(skip_locked=True)
    )
    session.execute(delete(LoginThrottle).where(LoginThrottle.id.in_(expired)))


@functools.cache
def _dummy_hash() -> str:
    """A hash made the way account passwords are, checked for an unknown email so that
    it costs the time a real account does (no answering faster for unknown emails)."""
    return generate_password_hash(secrets.token_urlsafe(16))
