"""Form fields of the cycle of weeks (docs/cycle.md): which week of the cycle a block or
working hours hold in, and a therapist's service model."""

from __future__ import annotations

from typing import Any

from wtforms import SelectField

from schoolot.cycle import week_label
from schoolot.web.forms_common import SelectChoice, choices

EVERY_WEEK = ""


def as_choice(value: object) -> str:
    """A stored value as the select holds it: "" for None."""
    return "" if value is None else str(value)


def chosen_int(value: str | None) -> int | None:
    """The select's value back: None for "" (every week); 0 (refused) for no number."""
    if not value:
        return None
    return int(value) if value.isdigit() else 0


def cycle_week_choices(weeks: int, current: int | None = None) -> list[SelectChoice]:
    """Every week, then each week of a cycle of `weeks` ("Week A"/"Week B" for two);
    a stored week beyond the cycle stays listed, marked, so an edit shows it."""
    pairs: list[tuple[Any, str]] = [(EVERY_WEEK, "Every week")]
    pairs += [(w, week_label(w, weeks) or f"Week {w}") for w in range(1, weeks + 1)]
    if current is not None and current > weeks:
        pairs.append((current, f"Week {current} (beyond the {weeks}-week cycle)"))
    return choices(pairs)


class CycleWeekField(SelectField):
    """The week of the cycle a row holds in; its choices are set by the route."""

    def __init__(self, label: str = "Week of the cycle", **kwargs: Any) -> None:
        kwargs.setdefault(
            "description",
            "Only in this week of the district's cycle (A/B schedules), or every week.",
        )
        super().__init__(label, coerce=as_choice, validate_choice=False, default="", **kwargs)


SERVICE_MODEL_CHOICES = choices(
    [
        ("", "The district's"),
        ("weekly", "Weekly: direct sessions every week"),
        ("3:1", "3:1: every fourth week without direct sessions"),
    ]
)
