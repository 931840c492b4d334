"""The caseload table as `flask caseload` prints it, as JSON and as the CSV download:
one row per therapist, the same columns everywhere."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from schoolot.caseload.workload import Workload

# (key, heading of the printed table)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("therapist", "Therapist"),
    ("name", "Name"),
    ("fte", "FTE"),
    ("students", "Students"),
    ("lines", "Lines"),
    ("direct_minutes", "Direct"),
    ("individual_minutes", "Indiv."),
    ("group_minutes", "Group"),
    ("consult_minutes", "Consult"),
    ("session_minutes", "Sessions"),
    ("travel_minutes", "Drive"),
    ("idle_minutes", "Idle"),
    ("documentation_minutes", "Docs"),
    ("schools", "Schools"),
    ("workload_minutes", "Workload"),
    ("capacity_minutes", "Capacity"),
    ("workload_per_fte", "Per FTE"),
    ("status", "Status"),
)
# What the printed table leaves out to stay readable (JSON and CSV keep it).
PRINTED: tuple[str, ...] = (
    *("name", "fte", "students", "lines", "direct_minutes", "consult_minutes"),
    *("session_minutes", "travel_minutes", "documentation_minutes", "schools"),
    *("workload_minutes", "capacity_minutes", "workload_per_fte", "status"),
)


def row_of(workload: Workload) -> dict[str, Any]:
    """One therapist's row; `therapist` is their login email, else their code."""
    return {
        "therapist": workload.label,
        "name": workload.name,
        "fte": workload.fte,
        "students": workload.students,
        "lines": workload.lines,
        "direct_minutes": workload.direct_minutes,
        "individual_minutes": workload.individual_minutes,
        "group_minutes": workload.group_minutes,
        "consult_minutes": workload.consult_minutes,
        "session_minutes": workload.session_minutes,
        "travel_minutes": workload.travel_minutes,
        "idle_minutes": workload.idle_minutes,
        "documentation_minutes": workload.documentation_minutes,
        "schools": workload.schools,
        "workload_minutes": workload.workload_minutes,
        "capacity_minutes": workload.capacity_minutes,
        "workload_per_fte": round(workload.workload_per_fte, 1),
        "status": workload.status,
    }


def rows_of(workloads: Sequence[Workload]) -> list[dict[str, Any]]:
    return [row_of(w) for w in workloads]


def as_csv(workloads: Sequence[Workload]) -> str:
    """The table as CSV, a heading row of the JSON keys first."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[key for key, _ in COLUMNS], lineterminator="\r\n")
    writer.writeheader()
    for row in rows_of(workloads):
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue()


def as_text(workloads: Sequence[Workload]) -> str:
    """The table for a terminal: aligned columns, numbers to the right."""
    headings = dict(COLUMNS)
    cells = [[headings[key] for key in PRINTED]]
    for row in rows_of(workloads):
        cells.append([_cell(row[key]) for key in PRINTED])
    widths = [max(len(line[i]) for line in cells) for i in range(len(PRINTED))]
    lines = []
    for line in cells:
        padded = [
            cell.ljust(width) if key in ("name", "status") else cell.rjust(width)
            for cell, width, key in zip(line, widths, PRINTED, strict=True)
        ]
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.2f}" if value < 10 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
