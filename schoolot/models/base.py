"""Helpers shared by the model modules."""

from __future__ import annotations

import functools
from typing import Any


def in_list(column: str, choices: tuple[str, ...]) -> str:
    """SQL text of a CHECK that `column` holds one of `choices`."""
    quoted = ", ".join(f"'{c}'" for c in choices)
    return f"{column} IN ({quoted})"


@functools.cache
def text_length(model: Any, column: str) -> int | None:
    """The longest text `model`'s `column` holds (None: unbounded), for the checks that
    refuse longer input before the database would."""
    return getattr(model.__table__.c[column].type, "length", None)
