"""Accounts: who logs in, with which role, linked to which staff record."""

from __future__ import annotations

import datetime as dt
import secrets

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schoolot.extensions import Base
from schoolot.models.base import in_list
from schoolot.models.staff import Teacher, Therapist

ROLES = ("coordinator", "therapist", "teacher")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, Base):
    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint(in_list("role", ROLES), name="role"),
        CheckConstraint(
            "(role = 'therapist') = (therapist_id IS NOT NULL)"
            " AND (role = 'teacher') = (teacher_id IS NOT NULL)",
            name="link_matches_role",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16))
    therapist_id: Mapped[int | None] = mapped_column(ForeignKey("therapist.id", ondelete="CASCADE"))
    teacher_id: Mapped[int | None] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Random, in every session and remember-me cookie of this account (`get_id`); a
    # new one (`end_sessions`) makes every cookie issued before open nothing.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)

    therapist: Mapped[Therapist | None] = relationship()
    teacher: Mapped[Teacher | None] = relationship()

    @property
    def display_name(self) -> str:
        """The person's name where the account names a therapist or a teacher; else the
        email (coordinators have no name of their own)."""
        person = self.therapist or self.teacher
        return person.name if person is not None else self.email

    @property
    def is_active(self) -> bool:  # Flask-Login reads this
        return self.active

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember-me cookie."""
        return f"{self.id}:{self.session_token}"

    def end_sessions(self) -> None:
        """Log this account out everywhere: every browser, device and remember-me cookie."""
        self.session_token = new_session_token()

    @property
    def is_coordinator(self) -> bool:
        return self.role == "coordinator"


class LoginThrottle(Base):
    """Failed logins counted in a window, for one account from one address (`email`,
    `remote_addr`), or for one address over all accounts (`email` is ADDRESS_WIDE).
    A count is raised before the password is checked (schoolot.accounts.service), so
    concurrent attempts cannot all pass it."""

    __tablename__ = "login_throttle"
    __table_args__ = (UniqueConstraint("email", "remote_addr"),)

    ADDRESS_WIDE = "*"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    remote_addr: Mapped[str] = mapped_column(String(64))
    window_start: Mapped[dt.datetime] = mapped_column(index=True)
    failures: Mapped[int]
