"""Checking schoolot's cycle-of-weeks columns of a bundle (docs/bundle.md).

district.csv `cycle_weeks`, `cycle_anchor`, `service_model`; therapists.csv
`service_model`; therapist_hours.csv and blocks.csv `cycle_week`. Every column is
optional: a district.csv without one leaves the app's setting as it is, so a cycle
week is then checked only against the longest cycle (`cycle.MAX_CYCLE_WEEKS`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Protocol

from schoolot import cycle, rules
from schoolot.values import parse_choice, parse_date, parse_int

# The cells a district.csv's cycle columns default to when empty.
DISTRICT_DEFAULTS: dict[str, Any] = {
    "cycle_weeks": None,
    "cycle_anchor": None,
    "service_model": "weekly",
}


class Cells(Protocol):
    """What of validate.RowCells these checks use."""

    cells: dict[str, str]

    def value(self, column: str, parse: Any, required: bool = True, default: Any = None) -> Any: ...

    def check(self, column: str, message: str | None) -> None: ...


def parse_weeks(text: str) -> int:
    """A cycle of 1 to MAX_CYCLE_WEEKS weeks."""
    return parse_int(text, low=1, high=cycle.MAX_CYCLE_WEEKS)


def parse_service_model(text: str) -> str:
    return parse_choice(text, cycle.SERVICE_MODELS)


def district_cycle(row: Cells, year: tuple[dt.date, dt.date] | None) -> dict[str, Any]:
    """The cycle columns district.csv has, parsed: {attribute: value}; an empty cell
    takes its default (automatic, the year's first day, weekly)."""
    found: dict[str, Any] = {}
    if "cycle_weeks" in row.cells:
        found["cycle_weeks"] = row.value("cycle_weeks", parse_weeks, required=False)
    if "cycle_anchor" in row.cells:
        anchor = row.value("cycle_anchor", parse_date, required=False)
        if anchor is not None and year is not None:
            row.check("cycle_anchor", rules.cycle_anchor_in_year(anchor, *year))
        found["cycle_anchor"] = anchor
    if "service_model" in row.cells:
        model = row.value("service_model", parse_service_model, required=False, default="weekly")
        weeks = found.get("cycle_weeks")
        if model is not None and weeks:
            row.check("service_model", rules.three_one_cycle(model, weeks))
        found["service_model"] = model
    return found


class BundleCycle:
    """The district's cycle as a bundle gives it: `weeks` once known, else None (the
    district.csv has no cycle_weeks column: the app's setting stays)."""

    def __init__(self, district: dict[str, Any] | None, has_column: bool):
        self.district = district or {}
        self.has_column = has_column
        self.weeks: int | None = self.district.get("cycle_weeks")
        self.automatic = has_column and self.weeks is None

    def settle(self, pers: Iterable[str], therapist_models: Iterable[str]) -> None:
        """An automatic cycle's weeks, from the bundle's lines and service models."""
        if self.automatic:
            models = [self.district.get("service_model") or "", *therapist_models]
            self.weeks = cycle.default_weeks(pers, models)

    def therapist_model(self, row: Cells) -> str | None:
        """therapists.csv `service_model`: "" (the district's), "weekly" or "3:1"; None
        when the file has no such column."""
        if "service_model" not in row.cells:
            return None
        model = row.value("service_model", parse_service_model, required=False, default="")
        if model and self.weeks and not self.automatic:
            row.check("service_model", rules.three_one_cycle(model, self.weeks))
        return model

    def week(self, row: Cells) -> int | None:
        """A `cycle_week` cell: empty for every week, else a week of the cycle."""
        if "cycle_week" not in row.cells:
            return None
        week = row.value("cycle_week", lambda t: parse_int(t, low=1), required=False)
        if week is None:
            return None
        if self.weeks is not None:
            row.check("cycle_week", rules.cycle_week_in_cycle(week, self.weeks, self.automatic))
        else:
            row.check("cycle_week", rules.cycle_week_in_cycle(week, cycle.MAX_CYCLE_WEEKS))
        return week


def raw_pers(rows: Iterable[tuple[int, dict[str, str]]]) -> list[str]:
    """services.csv's `per` cells as written (empty: week), for an automatic cycle."""
    return [cells.get("per", "").strip() or "week" for _, cells in rows]


def hours_clash(
    given: dict[tuple[str, str], dict[int | None, int]],
    therapist: str,
    day: str,
    week: int | None,
    line: int,
) -> str | None:
    """A therapist's weekday given twice for every week, or twice for one cycle week (a
    row for one week takes the place of the every-week row in that week, so those two
    do not clash); records the row when it does not clash."""
    weeks = given.setdefault((therapist, day), {})
    earlier = weeks.get(week)
    if earlier is None:
        weeks[week] = line
        return None
    which = "" if week is None else f" for week {week}"
    return (
        f"{day} is already given for {therapist} on line {earlier}{which} (one row per "
        "therapist and working weekday, or one per cycle week)"
    )
