"""The ledger as rows: `flask compliance --json`, the CSV download and the printed table,
one row per service line, the same keys everywhere."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from schoolot.bundle.csv_cells import neutral_cell
from schoolot.compliance.ledger import LineLedger
from schoolot.compliance.rollup import Names
from schoolot.models.service_log import MISS_REASONS

# (key, heading of the printed table); missed_minutes is an object in JSON and one
# column per reason (missed_<reason>) in the CSV.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("service", "Service"),
    ("student", "Student"),
    ("student_code", "Code"),
    ("school", "School"),
    ("therapist", "Therapist"),
    ("minutes", "Min"),
    ("per", "Per"),
    ("first", "From"),
    ("last", "To"),
    ("owed_minutes", "Owed"),
    ("planned_minutes", "Planned"),
    ("delivered_minutes", "Deliv."),
    ("missed_minutes", "Missed"),
    ("unlogged_minutes", "Unlogged"),
    ("makeup_owed_minutes", "Makeup owed"),
    ("makeup_planned_minutes", "Makeup planned"),
    ("makeup_delivered_minutes", "Makeup deliv."),
    ("balance_minutes", "Balance"),
)
# Names first and the missed minutes by reason last, both left-aligned; figures between.
PRINTED: tuple[str, ...] = (
    *("service", "student", "owed_minutes", "planned_minutes", "delivered_minutes"),
    *("unlogged_minutes", "makeup_owed_minutes", "balance_minutes", "missed_minutes"),
)


def row_of(ledger: LineLedger, names: Names) -> dict[str, Any]:
    return {
        "service": ledger.code,
        "student": ledger.student_name,
        "student_code": ledger.student_code,
        "school": names.school(ledger.school_id),
        "therapist": names.therapist(ledger.therapist_id) if ledger.therapist_id else None,
        "minutes": ledger.minutes,
        "per": ledger.per,
        "first": ledger.first.isoformat(),
        "last": ledger.last.isoformat(),
        "owed_minutes": ledger.owed_minutes,
        "planned_minutes": ledger.planned_minutes,
        "delivered_minutes": ledger.delivered_minutes,
        "missed_minutes": dict(ledger.missed_minutes),
        "unlogged_minutes": ledger.unlogged_minutes,
        "makeup_owed_minutes": ledger.makeup_owed_minutes,
        "makeup_planned_minutes": ledger.makeup_planned_minutes,
        "makeup_delivered_minutes": ledger.makeup_delivered_minutes,
        "balance_minutes": ledger.balance_minutes,
    }


def rows_of(ledgers: Sequence[LineLedger], names: Names) -> list[dict[str, Any]]:
    return [row_of(x, names) for x in ledgers]


def csv_fields() -> list[str]:
    fields: list[str] = []
    for key, _ in COLUMNS:
        if key == "missed_minutes":
            fields.extend(f"missed_{reason}_minutes" for reason in MISS_REASONS)
        else:
            fields.append(key)
    return fields


def as_csv(ledgers: Sequence[LineLedger], names: Names) -> str:
    """The ledger as CSV: a heading row of the keys, one column per miss reason. Text
    cells are neutralised (schoolot.bundle.csv_cells); minutes stay numbers, a negative
    balance included."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=csv_fields(), lineterminator="\r\n")
    writer.writeheader()
    for row in rows_of(ledgers, names):
        missed = row.pop("missed_minutes")
        for reason in MISS_REASONS:
            row[f"missed_{reason}_minutes"] = missed.get(reason, 0)
        writer.writerow({k: _csv_cell(v) for k, v in row.items()})
    return out.getvalue()


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    return neutral_cell(value) if isinstance(value, str) else value


def as_text(ledgers: Sequence[LineLedger], names: Names) -> str:
    """A fixed-width table of the printed columns, missed minutes as reason=minutes."""
    headings = dict(COLUMNS)
    rows = [[_cell(key, row[key]) for key in PRINTED] for row in rows_of(ledgers, names)]
    table = [[headings[key] for key in PRINTED], *rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(PRINTED))]
    return "\n".join(_line(line, widths) for line in table)


def _line(cells: list[str], widths: list[int]) -> str:
    """Names and reasons left-aligned, figures right-aligned."""
    padded = [
        cell.ljust(width) if i < 2 or i == len(cells) - 1 else cell.rjust(width)
        for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
    ]
    return "  ".join(padded).rstrip()


def _cell(key: str, value: Any) -> str:
    if key == "missed_minutes":
        return " ".join(f"{reason}={minutes}" for reason, minutes in value.items()) or "0"
    return "" if value is None else str(value)
