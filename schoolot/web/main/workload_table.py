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
    key: str  # the ?sort= value, and the Workload attribute shown
    label: str
    numeric: bool = True
    value: Callable[[Any], Any] | None = None  # the sort value; default the attribute `key`
    shown: str = "{:,}"  # how a cell shows the attribute; None shows as a dash

    def sort_value(self, row: Any) -> Any:
        value = self.value(row) if self.value else getattr(row, self.key)
        return (value is None, value)  # rows without a value (no schedule) sort last

    def text(self, row: Any) -> str:
        value = getattr(row, self.key)
        return "—" if value is None else self.shown.format(value)


# The figures a coordinator decides on first, then the parts of the workload.
COLUMNS: tuple[Column, ...] = (
    Column("name", "Therapist", numeric=False, value=lambda w: w.name.casefold(), shown="{}"),
    Column(
        "status",
        "Status",
        numeric=False,
        value=lambda w: STATUS_ORDER.get(w.status, -1),
        shown="{}",
    ),
    Column("workload_per_fte", "Per FTE", shown="{:,.0f}"),
    Column("workload_minutes", "Workload min"),
    Column("capacity_minutes", "Capacity min"),
    Column("fte", "FTE", shown="{:.2f}"),
    Column("students", "Students"),
    Column("lines", "Lines"),
    Column("direct_minutes", "Direct min"),  # the IEP's, as `flask caseload` prints
    Column("consult_minutes", "Consult min"),
    Column("session_minutes", "Session min"),  # time in sessions: what the workload counts
    Column("travel_minutes", "Drive min"),
    Column("idle_minutes", "Idle min"),
    Column("documentation_minutes", "Paperwork min"),
    Column("schools", "Schools"),
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
