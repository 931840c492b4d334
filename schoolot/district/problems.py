"""Helpers of the district services' checks: counting references, readable refusals of
a delete, required and optional text. Problems are collected by `schoolot.problems`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from schoolot.errors import ValidationFailed
from schoolot.problems import Problems


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
