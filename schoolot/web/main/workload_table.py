"""The dashboard's workload table: its columns and server-side sorting by any of them.

A column header is a link that sorts by it (ascending first, again for descending); the
sorted column carries aria-sort, so sorting needs no script and reads out as it shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

Row = TypeVar("Row")
ASCENDING, DESCENDING = "asc", "desc"
STATUS_ORDER = {"under": 0, "ok": 1, "over": 2}


@dataclass(frozen=True)
class Column:
    key: str  # the ?sort= value
    label: str
    numeric: bool = True
    value: Callable[[Any], Any] | None = None  # the sort value; default the attribute `key`

    def sort_value(self, row: Any) -> Any:
        value = self.value(row) if self.value else getattr(row, self.key)
        return (value is None, value)  # rows without a value (no schedule) sort last


COLUMNS: tuple[Column, ...] = (
    Column("name", "Therapist", numeric=False, value=lambda w: w.name.casefold()),
    Column("fte", "FTE"),
    Column("students", "Students"),
    Column("lines", "Lines"),
    Column("session_minutes", "Direct min"),
    Column("consult_minutes", "Consult min"),
    Column("travel_minutes", "Drive min"),
    Column("idle_minutes", "Idle min"),
    Column("documentation_minutes", "Paperwork min"),
    Column("schools", "Schools"),
    Column("workload_minutes", "Workload min"),
    Column("capacity_minutes", "Capacity min"),
    Column("workload_per_fte", "Per FTE"),
    Column("status", "Status", numeric=False, value=lambda w: STATUS_ORDER.get(w.status, -1)),
)
BY_KEY = {column.key: column for column in COLUMNS}
DEFAULT_SORT = "workload_per_fte"


@dataclass(frozen=True)
class Header:
    column: Column
    aria_sort: str | None  # "ascending" / "descending" on the sorted column
    next_order: str  # what its link sorts by when followed


@dataclass(frozen=True)
class SortedTable:
    headers: list[Header]
    rows: list[Any]
    sort: str
    order: str


def sort_table(rows: Sequence[Row], args: Mapping[str, str]) -> SortedTable:
    """`rows` sorted by ?sort= (a column key; default workload per FTE, most first) and
    ?order= (asc/desc); unknown values fall back to the default. Ties keep name order."""
    sort = args.get("sort", DEFAULT_SORT)
    if sort not in BY_KEY:
        sort = DEFAULT_SORT
    default_order = DESCENDING if sort == DEFAULT_SORT else ASCENDING
    order = args.get("order", default_order)
    if order not in (ASCENDING, DESCENDING):
        order = default_order
    column = BY_KEY[sort]
    by_name = sorted(rows, key=BY_KEY["name"].sort_value)
    ordered = sorted(by_name, key=column.sort_value, reverse=order == DESCENDING)
    if order == DESCENDING:  # keep rows without a value last either way
        ordered = [r for r in ordered if not column.sort_value(r)[0]] + [
            r for r in ordered if column.sort_value(r)[0]
        ]
    headers = [
        Header(
            column=c,
            aria_sort=(
                ("ascending" if order == ASCENDING else "descending") if c.key == sort else None
            ),
            next_order=DESCENDING if c.key == sort and order == ASCENDING else ASCENDING,
        )
        for c in COLUMNS
    ]
    return SortedTable(headers=headers, rows=ordered, sort=sort, order=order)
