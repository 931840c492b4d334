"""Creating accounts and checking logins, with throttling of repeated failures."""

from __future__ import annotations

import datetime as dt
from typing import cast

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from schoolot.errors import LoginThrottled, ValidationFailed
from schoolot.models import LoginFailure, Teacher, Therapist, User
from schoolot.models.users import ROLES, utcnow

MIN_PASSWORD_LENGTH = 8


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
    problems: list[str] = []
    if "@" not in email:
        problems.append(f"email: '{email}' is not an email address")
    elif session.scalar(select(User).where(User.email == email)) is not None:
        problems.append(f"email: an account for {email} already exists")
    if role not in ROLES:
        problems.append(f"role: '{role}' is not one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"password: use at least {MIN_PASSWORD_LENGTH} characters")
    therapist = teacher = None
    if role == "therapist":
        therapist = _find(session, Therapist, therapist_code, "therapist", problems)
    elif therapist_code:
        problems.append("therapist: only a therapist account links to a therapist")
    if role == "teacher":
        teacher = _find(session, Teacher, teacher_code, "teacher", problems)
    elif teacher_code:
        problems.append("teacher: only a teacher account links to a teacher")
    if problems:
        raise ValidationFailed(problems)
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
    problems: list[str],
) -> Therapist | Teacher | None:
    if not code:
        problems.append(f"{label}: a {label} account needs --{label} ID")
        return None
    # select() of a union of models types as their Base: the row is one of `model`.
    found = cast(
        "Therapist | Teacher | None", session.scalar(select(model).where(model.code == code))
    )
    if found is None:
        problems.append(f"{label}: no {label} with id '{code}'")
    return found


def set_password(user: User, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed([f"password: use at least {MIN_PASSWORD_LENGTH} characters"])
    user.password_hash = generate_password_hash(password)


def authenticate(
    session: Session,
    email: str,
    password: str,
    remote_addr: str | None,
    max_failures: int = 5,
    window: dt.timedelta = dt.timedelta(minutes=15),
    now: dt.datetime | None = None,
) -> User | None:
    """The active user with these credentials, or None.

    After `max_failures` failures for one email inside `window`, every attempt
    (right or wrong) raises LoginThrottled until the oldest failure leaves the window.
    """
    now = now or utcnow()
    email = email.strip().lower()
    since = now - window
    recent = session.scalar(
        select(func.count())
        .select_from(LoginFailure)
        .where(LoginFailure.email == email, LoginFailure.at > since)
    )
    if recent is not None and recent >= max_failures:
        raise LoginThrottled(
            "Too many failed logins for this account. Wait a few minutes and try again."
        )
    user = session.scalar(select(User).where(User.email == email))
    if user is not None and user.active and check_password_hash(user.password_hash, password):
        session.execute(delete(LoginFailure).where(LoginFailure.email == email))
        return user
    session.add(LoginFailure(email=email, remote_addr=remote_addr, at=now))
    session.flush()
    return None
