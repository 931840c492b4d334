"""Helpers shared by the model modules."""

from __future__ import annotations


def in_list(column: str, choices: tuple[str, ...]) -> str:
    """SQL text of a CHECK that `column` holds one of `choices`."""
    quoted = ", ".join(f"'{c}'" for c in choices)
    return f"{column} IN ({quoted})"
