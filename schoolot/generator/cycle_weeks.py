"""The generator's cycle-of-weeks option (docs/bundle.md, docs/cycle.md): a district
whose schedule is a cycle of four weeks, as many real ones are.

On a built bundle (its files, header first), drawn from the seed:
- district.csv: `cycle_weeks` 4, anchored on the first school day, `weekly` service;
- consult lines are owed per month (a 30-minute weekly consult becomes 30 minutes a
  month, placed once in the four weeks);
- one full-time therapist works 3:1 (every fourth week without direct sessions);
- about half the schools run an A/B specials rotation: each classroom special holds in
  weeks 1 and 3 at its time and in weeks 2 and 4 an hour nearer the middle of the day
  (two `blocks.csv` rows with `cycle_week`).
"""

from __future__ import annotations

import random

WEEKS = 4
A_WEEKS, B_WEEKS = (1, 3), (2, 4)
AB_SCHOOL_SHARE = 0.5
SHIFT_MINUTES = 60
# The labels of the specials a classroom rotates through (school_day.classroom_blocks).
_CORE = ("ELA block", "Math block", "Lunch", "Recess")

Files = dict[str, list[tuple]]


def add_cycle(files: Files, rng: random.Random) -> Files:
    """`files` with the cycle's columns and rows (see the module's docstring)."""
    out = dict(files)
    out["district.csv"] = _with_column(
        files["district.csv"],
        {"cycle_weeks": lambda _: WEEKS, "cycle_anchor": _year_start, "service_model": "weekly"},
    )
    out["services.csv"] = _monthly_consults(files["services.csv"])
    out["therapists.csv"] = _one_three_one(files["therapists.csv"], rng)
    out["blocks.csv"] = _ab_specials(files["blocks.csv"], files["schools.csv"], rng)
    return out


def _year_start(row: dict[str, object]) -> object:
    return row["year_start"]


def _with_column(table: list[tuple], cells: dict[str, object]) -> list[tuple]:
    """The table with columns appended; a cell is a value or a function of the row."""
    header, rows = table[0], table[1:]
    result = [(*header, *cells)]
    for row in rows:
        named = dict(zip(header, row, strict=True))
        added = [value(named) if callable(value) else value for value in cells.values()]
        result.append((*row, *added))
    return result


def _monthly_consults(table: list[tuple]) -> list[tuple]:
    header = table[0]
    per, delivery = header.index("per"), header.index("delivery")
    rows = [table[0]]
    for row in table[1:]:
        if row[delivery] == "consult":
            row = (*row[:per], "month", *row[per + 1 :])
        rows.append(row)
    return rows


def _one_three_one(table: list[tuple], rng: random.Random) -> list[tuple]:
    header = table[0]
    fte = header.index("fte")
    full = [i for i, row in enumerate(table[1:]) if float(row[fte]) == 1.0]
    chosen = rng.choice(full) if full else 0
    return [(*header, "service_model")] + [
        (*row, "3:1" if i == chosen else "") for i, row in enumerate(table[1:])
    ]


def _ab_specials(table: list[tuple], schools: list[tuple], rng: random.Random) -> list[tuple]:
    header = table[0]
    col = {name: i for i, name in enumerate(header)}
    school_col = {name: i for i, name in enumerate(schools[0])}
    days = {
        row[school_col["id"]]: (
            _minutes(row[school_col["day_start"]]),
            _minutes(row[school_col["day_end"]]),
        )
        for row in schools[1:]
    }
    ab = {code for code in sorted(days) if rng.random() < AB_SCHOOL_SHARE}
    rows = [(*header, "cycle_week")]
    for row in table[1:]:
        special = (
            row[col["school"]] in ab
            and row[col["scope"]] == "teacher"
            and row[col["kind"]] == "busy"
            and row[col["weekday"]] != "*"
            and row[col["label"]] not in _CORE
        )
        if not special:
            rows.append((*row, ""))
            continue
        rows += [(*row, week) for week in A_WEEKS]
        shifted = _shifted(row, col, days[row[col["school"]]])
        rows += [(*shifted, week) for week in B_WEEKS]
    return rows


def _shifted(row: tuple, col: dict[str, int], day: tuple[int, int]) -> tuple:
    """The special an hour nearer the middle of the school day, kept inside it."""
    start = _minutes(row[col["start"]])
    end = _minutes(row[col["end"]])
    middle = (day[0] + day[1]) // 2
    shift = SHIFT_MINUTES if (start + end) // 2 < middle else -SHIFT_MINUTES
    shift = max(day[0] - start, min(shift, day[1] - end))
    cells = list(row)
    cells[col["start"]] = _hhmm(start + shift)
    cells[col["end"]] = _hhmm(end + shift)
    return tuple(cells)


def _minutes(text: str) -> int:
    """Minutes since midnight of an HH:MM cell (the generator writes them so)."""
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
