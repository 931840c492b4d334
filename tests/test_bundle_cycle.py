"""The bundle's cycle-of-weeks columns (docs/bundle.md): the cycle district imports and
exports back; each bad cell is refused as `file:line: column: message`, nothing written."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from schoolot.bundle import export_bundle, import_bundle, validate_bundle
from schoolot.bundle.spec import read_columns
from schoolot.errors import ValidationFailed
from schoolot.extensions import db
from schoolot.models import Block, District, ServiceLine, Therapist, TherapistHours
from tests.bundle_files import DEMO, add_row, drop_column, read_rows, set_cell, write_rows

CYCLE = Path(__file__).resolve().parent / "data" / "cycle_district"


def _copy(source: Path, to: Path) -> Path:
    target = to / "bundle"
    shutil.copytree(source, target)
    for file in target.iterdir():
        file.chmod(0o644)
    return target


def test_cycle_district_imports_with_its_cycle_a_b_blocks_and_3_1_therapist(app):
    report = import_bundle(db.session, CYCLE)
    db.session.commit()
    assert report.counts["students.csv"].created == 30
    district = db.session.scalars(select(District)).one()
    assert (district.cycle_weeks, district.cycle_anchor, district.service_model) == (
        4,
        dt.date(2026, 8, 24),
        "weekly",
    )
    models = dict(db.session.execute(select(Therapist.code, Therapist.service_model)).all())
    assert models == {
        "avery@cycle.example": None,
        "blake@cycle.example": "3:1",
        "casey@cycle.example": None,
    }
    # Casey's Friday hours: weeks 2 and 4 only.
    fridays = db.session.scalars(
        select(TherapistHours.cycle_week).where(TherapistHours.weekdays == "Fri")
    ).all()
    assert sorted(fridays) == [2, 4]
    # Per school, grades 1-3: Library in weeks 1 and 3, Music in weeks 2 and 4; plus the
    # one student's clinic visit in week 2: 3 x 3 x 4 + 1.
    weeks = db.session.scalars(select(Block.cycle_week).where(Block.cycle_week.is_not(None)))
    counted = sorted(weeks)
    assert len(counted) == 37
    assert counted.count(1) == counted.count(3) == 9
    assert counted.count(2) == 10 and counted.count(4) == 9
    pers = db.session.scalars(select(ServiceLine.per)).all()
    assert pers.count("month") == 13 and pers.count("quarter") == 1


def _sorted_rows(folder: Path, file: str) -> tuple[list[str], list[list[str]]]:
    rows = read_rows(folder, file)
    return rows[0], sorted(rows[1:])


def test_cycle_district_exports_back_to_the_same_rows(app, tmp_path):
    import_bundle(db.session, CYCLE)
    db.session.commit()
    out = tmp_path / "out"
    export_bundle(db.session, out)
    for file in ("district.csv", "therapists.csv", "therapist_hours.csv", "blocks.csv"):
        header, rows = _sorted_rows(out, file)
        assert header == [c.name for c in read_columns(file)], file
        assert (header, rows) == _sorted_rows(CYCLE, file), file
    # ... and the export imports back changing nothing.
    report = import_bundle(db.session, out)
    assert all(c.created == c.updated == c.deleted == 0 for c in report.counts.values())


def test_district_without_cycle_columns_exports_none(app, tmp_path):
    import_bundle(db.session, DEMO)
    db.session.commit()
    export_bundle(db.session, tmp_path)
    assert "cycle_weeks" not in read_rows(tmp_path, "district.csv")[0]
    assert "cycle_week" not in read_rows(tmp_path, "blocks.csv")[0]
    assert "service_model" not in read_rows(tmp_path, "therapists.csv")[0]


def test_bundle_without_the_cycle_columns_leaves_the_apps_settings(app, tmp_path):
    import_bundle(db.session, CYCLE)
    db.session.commit()
    bundle = _copy(CYCLE, tmp_path)
    for column in ("cycle_weeks", "cycle_anchor", "service_model"):
        drop_column(bundle, "district.csv", column)
    drop_column(bundle, "therapists.csv", "service_model")
    import_bundle(db.session, bundle)
    db.session.commit()
    district = db.session.scalars(select(District)).one()
    assert district.cycle_weeks == 4
    blake = db.session.scalars(select(Therapist).where(Therapist.code.startswith("blake"))).one()
    assert blake.service_model == "3:1"


def _two_week_cycle(bundle: Path) -> None:
    set_cell(bundle, "district.csv", 2, "cycle_weeks", "2")


def _automatic_cycle_without_monthly_lines(bundle: Path) -> None:
    set_cell(bundle, "district.csv", 2, "cycle_weeks", "")
    set_cell(bundle, "therapists.csv", 3, "service_model", "")
    rows = read_rows(bundle, "services.csv")
    per = rows[0].index("per")
    write_rows(bundle, "services.csv", [rows[0]] + [r for r in rows[1:] if r[per] == "week"])


def _hours_week_2_twice(bundle: Path) -> None:
    add_row(
        bundle,
        "therapist_hours.csv",
        {
            "therapist": "casey@cycle.example",
            "weekday": "Mon Fri",
            "start": "12:00",
            "end": "15:00",
            "cycle_week": "2",
        },
    )


def _quarter_line_fixed(bundle: Path) -> None:
    rows = read_rows(bundle, "services.csv")
    rows[0] += ["fixed_day", "fixed_start"]
    for row in rows[1:]:
        row += ["Mon", "10:00"] if row[0] == "LC015q" else ["", ""]
    write_rows(bundle, "services.csv", rows)


# (how to break the cycle district, the problem line it gives)
BAD: list[tuple[Callable[[Path], object], str]] = [
    (
        lambda b: set_cell(b, "blocks.csv", 14, "cycle_week", "5"),
        "blocks.csv:14: cycle_week: week 5 is beyond the district's cycle of 4 weeks: use 1 "
        "to 4, or empty for every week",
    ),
    (
        lambda b: set_cell(b, "blocks.csv", 14, "cycle_week", "B"),
        "blocks.csv:14: cycle_week: 'B' is not a whole number",
    ),
    (
        _two_week_cycle,
        "therapists.csv:3: service_model: a 3:1 service model needs a cycle of 4 or 8 weeks, not 2",
    ),
    (
        lambda b: set_cell(b, "district.csv", 2, "service_model", "3:1 weeks"),
        "district.csv:2: service_model: '3:1 weeks' is not one of weekly, 3:1",
    ),
    (
        lambda b: (
            set_cell(b, "district.csv", 2, "cycle_weeks", "6"),
            set_cell(b, "district.csv", 2, "service_model", "3:1"),
        ),
        "district.csv:2: service_model: a 3:1 service model needs a cycle of 4 or 8 weeks, not 6",
    ),
    (
        lambda b: set_cell(b, "district.csv", 2, "cycle_weeks", "9"),
        "district.csv:2: cycle_weeks: 9 is above 8",
    ),
    (
        lambda b: set_cell(b, "district.csv", 2, "cycle_anchor", "2026-08-01"),
        "district.csv:2: cycle_anchor: 2026-08-01 is outside the school year (2026-08-24 to "
        "2027-05-28): the cycle is anchored to a date of the year",
    ),
    (
        lambda b: set_cell(b, "district.csv", 2, "cycle_anchor", "next Monday"),
        "district.csv:2: cycle_anchor: ",
    ),
    (
        _automatic_cycle_without_monthly_lines,
        "blocks.csv:15: cycle_week: week 3 is beyond the district's cycle of 1 week "
        "(automatic: 4 with a monthly line or "
        "a 3:1 therapist, else 1): leave it empty (every week) or set the district's cycle "
        "weeks",
    ),
    (
        _hours_week_2_twice,
        "therapist_hours.csv:7: weekday: Fri is already given for casey@cycle.example on line "
        "5 for week 2 (one row per therapist and working weekday, or one per cycle week)",
    ),
    (
        lambda b: set_cell(b, "therapist_hours.csv", 6, "cycle_week", "2"),
        "therapist_hours.csv:6: weekday: Fri is already given for casey@cycle.example on line "
        "5 for week 2 (one row",
    ),
    (
        _quarter_line_fixed,
        "services.csv:",
    ),
]


@pytest.mark.parametrize(("edit", "expected"), BAD)
def test_bad_cycle_cell_is_refused_and_nothing_is_written(app, tmp_path, edit, expected):
    bundle = _copy(CYCLE, tmp_path)
    edit(bundle)
    with pytest.raises(ValidationFailed) as refused:
        import_bundle(db.session, bundle)
    assert any(line.startswith(expected) for line in refused.value.problems), refused.value.problems
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(District)) == 0


def test_hours_of_one_week_may_stand_beside_the_every_week_hours(app, tmp_path):
    bundle = _copy(CYCLE, tmp_path)
    add_row(
        bundle,
        "therapist_hours.csv",
        {
            "therapist": "avery@cycle.example",
            "weekday": "Mon",
            "start": "08:00",
            "end": "12:00",
            "cycle_week": "3",
        },
    )
    import_bundle(db.session, bundle)
    db.session.commit()
    mondays = db.session.execute(
        select(TherapistHours.weekdays, TherapistHours.cycle_week, TherapistHours.end)
        .join(Therapist)
        .where(Therapist.code == "avery@cycle.example")
        .order_by(TherapistHours.id)
    ).all()
    assert [tuple(r) for r in mondays] == [
        ("Mon Tue Wed Thu Fri", None, dt.time(15, 45)),
        ("Mon", 3, dt.time(12, 0)),
    ]


def test_quarter_line_with_a_fixed_time_names_the_line(tmp_path):
    bundle = _copy(CYCLE, tmp_path)
    _quarter_line_fixed(bundle)
    line = 1 + [r[0] for r in read_rows(bundle, "services.csv")[1:]].index("LC015q") + 1
    with pytest.raises(ValidationFailed) as refused:
        validate_bundle(bundle)
    assert refused.value.problems == [
        f"services.csv:{line}: fixed_day: a line per quarter is placed on dates across the "
        "quarter, not at a weekly day and time: clear the fixed time or make the line weekly "
        "or monthly"
    ]
