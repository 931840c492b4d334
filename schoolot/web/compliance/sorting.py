"""Sorting the compliance tables by a column the reader picks (?sort=owed&dir=desc); the
default puts the lines (or schools, therapists) furthest behind first."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

# Column key -> (heading, the value sorted by, numeric). One table for lines, one for totals.
LINE_COLUMNS: dict[str, tuple[str, Callable[[Any], Any], bool]] = {
    "student": ("Student", lambda x: (x.student_name, x.code), False),
    "service": ("Service", lambda x: x.code, False),
    "owed": ("Owed", lambda x: x.owed_minutes, True),
    "planned": ("Planned", lambda x: x.planned_minutes, True),
    "delivered": ("Delivered", lambda x: x.delivered_minutes, True),
    "missed": ("Missed", lambda x: x.missed_total_minutes, True),
    "unlogged": ("Unlogged", lambda x: x.unlogged_minutes, True),
    "makeup": ("Makeup owed", lambda x: x.makeup_owed_minutes, True),
    "balance": ("Balance", lambda x: x.balance_minutes, True),
}
TOTAL_COLUMNS: dict[str, tuple[str, Callable[[Any], Any], bool]] = {
    "name": ("Name", lambda t: t.name, False),
    "lines": ("Lines", lambda t: t.lines, True),
    "behind": ("Behind", lambda t: t.behind_lines, True),
    "owed": ("Owed", lambda t: t.owed_minutes, True),
    "delivered": ("Delivered", lambda t: t.delivered_minutes, True),
    "percent": ("Delivered %", lambda t: t.delivered_percent or 0, True),
    "makeup": ("Makeup owed", lambda t: t.makeup_owed_minutes, True),
    "balance": ("Balance", lambda t: t.balance_minutes, True),
}


@dataclass(frozen=True)
class Order:
    """The column a table is sorted by and which way."""

    key: str
    descending: bool

    def link_dir(self, key: str) -> str:
        """The direction a heading's link asks for: the other way on the sorted column."""
        if key == self.key:
            return "asc" if self.descending else "desc"
        return "asc"

    def aria_sort(self, key: str) -> str | None:
        if key != self.key:
            return None
        return "descending" if self.descending else "ascending"


def order_from(args: Any, prefix: str, columns: dict[str, Any]) -> Order:
    """The order asked for by `<prefix>sort` and `<prefix>dir`, else by balance, lowest first."""
    key = args.get(f"{prefix}sort", "balance")
    if key not in columns:
        key = "balance"
    return Order(key, args.get(f"{prefix}dir") == "desc")


def sort_rows(rows: Sequence[T], order: Order, columns: dict[str, Any]) -> list[T]:
    """`rows` by the order's column; ties keep their order (furthest behind first)."""
    value = columns[order.key][1]
    return sorted(rows, key=value, reverse=order.descending)
