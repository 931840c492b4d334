"""Accounts: who logs in, with which role, linked to which staff record."""

from __future__ import annotations

import datetime as dt

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schoolot.extensions import Base
from schoolot.models.base import in_list
from schoolot.models.staff import Teacher, Therapist

ROLES = ("coordinator", "therapist", "teacher")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


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

    therapist: Mapped[Therapist | None] = relationship()
    teacher: Mapped[Teacher | None] = relationship()

    @property
    def is_active(self) -> bool:  # Flask-Login reads this
        return self.active

    @property
    def is_coordinator(self) -> bool:
        return self.role == "coordinator"


class LoginFailure(Base):
    """One failed login, kept to throttle guessing against an account."""

    __tablename__ = "login_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    remote_addr: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
