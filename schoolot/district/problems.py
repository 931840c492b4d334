"""Collecting `field: message` problems and raising them together."""

from __future__ import annotations

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


def required_text(problems: Problems, field: str, value: str | None, what: str) -> str:
    """`value` stripped; a problem when it is empty."""
    text = (value or "").strip()
    if not text:
        problems.add(field, f"enter the {what}")
    return text


def optional_text(value: str | None) -> str | None:
    text = (value or "").strip()
    return text or None
