"""Collecting `field: message` problems and raising them together."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from schoolot.errors import ValidationFailed


class Problems:
    """Every problem of one submission, so the user sees them all at once."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, field: str, message: str | None) -> None:
        """Record `message` against `field`; a None message (a rule that holds) is ignored."""
        if message:
            self.lines.append(f"{field}: {message}")

    def __bool__(self) -> bool:
        return bool(self.lines)

    def raise_if_any(self) -> None:
        if self.lines:
            raise ValidationFailed(self.lines)


def count_where(session: Session, model: type[Any], condition: ColumnElement[bool]) -> int:
    """How many `model` rows match `condition`: the references that hold back a change."""
    return session.scalar(select(func.count()).select_from(model).where(condition)) or 0


def flush_delete(session: Session, field: str, what: str) -> None:
    """Flush a delete; a row elsewhere still pointing at it becomes a readable refusal.

    The caller's request rolls back on ValidationFailed, which also clears the failed flush.
    """
    try:
        session.flush()
    except IntegrityError:
        raise ValidationFailed(
            [f"{field}: other records still refer to {what}; remove or move them first"]
        ) from None


def required_text(problems: Problems, field: str, value: str | None, what: str) -> str:
    """`value` stripped; a problem when it is empty."""
    text = (value or "").strip()
    if not text:
        problems.add(field, f"enter the {what}")
    return text


def optional_text(value: str | None) -> str | None:
    text = (value or "").strip()
    return text or None
