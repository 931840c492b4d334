"""Bad bundles: every problem is reported as `file:line: column: message`, nothing is written.

Each bad bundle is the demo with one cell (or row, column or file) broken, imported into
a database that holds another district: after the refusal that district is intact.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from schoolot.bundle import import_bundle, validate_bundle
from schoolot.errors import ValidationFailed
from schoolot.extensions import db
from schoolot.models import Block, District, School, Student
from tests.bundle_files import add_row, copy_demo, drop_column, set_cell, zip_folder
from tests.factories import make_district, make_school, make_student, make_teacher


def _append_text(file: str, text: str) -> Callable[[Path], None]:
    def edit(bundle: Path) -> None:
        with open(bundle / file, "a", encoding="utf-8") as handle:
            handle.write(text)

    return edit


def _not_utf8(bundle: Path) -> None:
    data = (bundle / "students.csv").read_bytes()
    (bundle / "students.csv").write_bytes(data.replace(b"Liam", "Líam".encode("latin-1"), 1))


# (what is wrong, how to break the demo, the start of the problem line)
BAD_BUNDLES: list[tuple[str, Callable[[Path], object], str]] = [
    (
        "missing-file",
        lambda b: (b / "goals.csv").unlink(),
        "goals.csv: missing file",
    ),
    (
        "missing-required-column",
        lambda b: drop_column(b, "blocks.csv", "kind"),
        "blocks.csv:1: kind: missing required column",
    ),
    (
        "not-utf8",
        _not_utf8,
        "students.csv:3: not UTF-8 text",
    ),
    (
        "row-with-extra-cells",
        _append_text("goals.csv", "G9,S10000,social,Takes turns, with peers,40%,80%\n"),
        "goals.csv:77: the row has 7 cells but the header has 6",
    ),
    (
        "bad-time",
        lambda b: set_cell(b, "schools.csv", 3, "day_start", "8:61"),
        "schools.csv:3: day_start: '8:61' is not a time of day",
    ),
    (
        "empty-required-cell",
        lambda b: set_cell(b, "students.csv", 2, "first_name", ""),
        "students.csv:2: first_name: required, but empty",
    ),
    (
        "bad-grade",
        lambda b: set_cell(b, "students.csv", 2, "grade", "13"),
        "students.csv:2: grade: '13' is not a grade",
    ),
    (
        "bad-enum",
        lambda b: set_cell(b, "services.csv", 2, "delivery", "pullout"),
        "services.csv:2: delivery: 'pullout' is not one of pull_out, push_in, consult",
    ),
    (
        "bad-goal-area",
        lambda b: set_cell(b, "goals.csv", 2, "area", "fine-motor"),
        "goals.csv:2: area: 'fine-motor' is not one of",
    ),
    (
        "bad-number",
        lambda b: set_cell(b, "travel.csv", 2, "minutes", "twenty"),
        "travel.csv:2: minutes: 'twenty' is not a whole number",
    ),
    (
        "duplicate-id",
        lambda b: set_cell(b, "goals.csv", 3, "id", "GS10000-1"),
        "goals.csv:3: id: duplicate id 'GS10000-1' (first on line 2)",
    ),
    (
        "unknown-school",
        lambda b: set_cell(b, "students.csv", 2, "school", "E999"),
        "students.csv:2: school: unknown school 'E999' (not in schools.csv)",
    ),
    (
        "unknown-student",
        lambda b: set_cell(b, "services.csv", 2, "student", "S99999"),
        "services.csv:2: student: unknown student 'S99999' (not in students.csv)",
    ),
    (
        "unknown-teacher",
        lambda b: set_cell(b, "students.csv", 2, "teacher", "nobody@district.example"),
        "students.csv:2: teacher: unknown teacher 'nobody@district.example'",
    ),
    (
        "unknown-therapist",
        lambda b: set_cell(b, "therapist_hours.csv", 2, "therapist", "ot9@district.example"),
        "therapist_hours.csv:2: therapist: unknown therapist 'ot9@district.example'",
    ),
    (
        "block-outside-the-school-day",
        lambda b: (
            set_cell(b, "blocks.csv", 2, "start", "05:00"),
            set_cell(b, "blocks.csv", 2, "end", "05:30"),
        ),
        "blocks.csv:2: start: 05:00-05:30 is wholly outside E001's student day (08:45-15:45)",
    ),
    (
        "early-release-outside-the-school-day",
        lambda b: set_cell(b, "calendar.csv", 24, "end_time", "16:30"),
        "calendar.csv:24: end_time: an early release at 16:30 is not inside E001's student day",
    ),
    (
        "early-release-without-end-time",
        lambda b: set_cell(b, "calendar.csv", 24, "end_time", ""),
        "calendar.csv:24: end_time: required, but empty",
    ),
    (
        "working-hours-out-of-order",
        lambda b: set_cell(b, "therapist_hours.csv", 2, "end", "07:00"),
        "therapist_hours.csv:2: end: the working day ends (07:00) at or before it starts (07:45)",
    ),
    (
        "working-weekday-given-twice",
        lambda b: add_row(
            b,
            "therapist_hours.csv",
            {
                "therapist": "ot1@district.example",
                "weekday": "Mon",
                "start": "08:00",
                "end": "12:00",
            },
        ),
        "therapist_hours.csv:11: weekday: Mon is already given for ot1@district.example on line 2",
    ),
    (
        "weekday-not-a-school-day",
        lambda b: set_cell(b, "blocks.csv", 2, "weekday", "Sat"),
        "blocks.csv:2: weekday: Sat is not a school day",
    ),
    (
        "pinned-school-not-among-the-therapists",
        lambda b: set_cell(b, "therapist_hours.csv", 7, "school", "E003"),
        "therapist_hours.csv:7: school: therapist ot2@district.example does not serve E003",
    ),
    (
        "teacher-at-another-school",
        lambda b: set_cell(b, "students.csv", 2, "teacher", "te00241@district.example"),
        "students.csv:2: teacher: teacher te00241@district.example teaches at E002, not at E001",
    ),
    (
        "pinned-therapist-not-serving-the-school",
        lambda b: set_cell(b, "students.csv", 2, "therapist", "ot1@district.example"),
        "students.csv:2: therapist: therapist ot1@district.example does not serve E001",
    ),
    (
        "block-grade-target-not-a-grade",
        lambda b: set_cell(b, "blocks.csv", 2, "target", "13"),
        "blocks.csv:2: target: '13' is not a grade",
    ),
    (
        "block-teacher-target-at-another-school",
        lambda b: set_cell(b, "blocks.csv", 4, "target", "te00241@district.example"),
        "blocks.csv:4: target: teacher te00241@district.example teaches at E002, not at E001",
    ),
    (
        "block-student-target-at-another-school",
        lambda b: (
            set_cell(b, "blocks.csv", 4, "scope", "student")
            or set_cell(b, "blocks.csv", 4, "target", "S10001")
        ),
        "blocks.csv:4: target: student S10001 attends E004, not E001",
    ),
    (
        "school-block-with-a-target",
        lambda b: set_cell(b, "blocks.csv", 2, "scope", "school"),
        "blocks.csv:2: target: a school-wide block has no target",
    ),
    (
        "minutes-not-whole-sessions",
        lambda b: set_cell(b, "services.csv", 2, "minutes", "50"),
        "services.csv:2: minutes: 50 minutes is not a whole number of 20-minute sessions",
    ),
    (
        "consult-grouped",
        lambda b: set_cell(b, "services.csv", 22, "grouping", "group"),
        "services.csv:22: grouping: a consult line is time with the teacher",
    ),
    (
        "group-with-max-group-one",
        lambda b: set_cell(b, "services.csv", 2, "max_group", "1"),
        "services.csv:2: max_group: a group line needs max_group of at least 2",
    ),
    (
        "school-year-out-of-order",
        lambda b: set_cell(b, "district.csv", 2, "year_end", "2026-08-01"),
        "district.csv:2: year_end: the school year ends (2026-08-01) at or before it starts",
    ),
    (
        "iep-out-of-order",
        lambda b: set_cell(b, "students.csv", 2, "iep_end", "2026-01-01"),
        "students.csv:2: iep_end: the IEP ends (2026-01-01) before it starts (2026-03-01)",
    ),
    (
        "service-dates-out-of-order",
        lambda b: (
            set_cell(b, "services.csv", 2, "start", "2027-01-04"),
            set_cell(b, "services.csv", 2, "end", "2026-12-01"),
        ),
        "services.csv:2: end: the service ends (2026-12-01) before it starts (2027-01-04)",
    ),
    (
        "calendar-date-outside-the-school-year",
        lambda b: set_cell(b, "calendar.csv", 2, "date", "2027-07-05"),
        "calendar.csv:2: date: 2027-07-05 is outside the school year (2026-08-19 to 2027-05-27)",
    ),
    (
        "bad-timezone",
        lambda b: set_cell(b, "district.csv", 2, "timezone", "America/Springfield"),
        "district.csv:2: timezone: 'America/Springfield' is not an IANA time zone",
    ),
    (
        "second-district-row",
        lambda b: add_row(
            b,
            "district.csv",
            {
                "name": "Other",
                "timezone": "UTC",
                "year_start": "2026-08-01",
                "year_end": "2027-06-01",
            },
        ),
        "district.csv:3: a second district row",
    ),
    (
        "travel-to-the-same-school",
        lambda b: set_cell(b, "travel.csv", 2, "to_school", "E001"),
        "travel.csv:2: to_school: from_school and to_school are both E001",
    ),
    (
        "travel-pair-contradicted",
        lambda b: add_row(
            b, "travel.csv", {"from_school": "E002", "to_school": "E001", "minutes": "99"}
        ),
        "travel.csv:8: minutes: E002 -> E001 is 99 minutes here but E001 -> E002 is 40 minutes "
        "on line 2",
    ),
    (
        "therapist-with-an-unknown-school",
        lambda b: set_cell(b, "therapists.csv", 3, "schools", "E004 E009"),
        "therapists.csv:3: schools: unknown school 'E009' (not in schools.csv)",
    ),
]


@pytest.fixture
def other_district(app):
    """A database already holding another district, to check a refusal leaves it alone.

    Built without accounts: hashing their passwords would triple the suite's time.
    """
    make_district(db.session)
    make_school(db.session, "LIN")
    teacher = make_teacher(db.session, make_school(db.session, "OAK"))
    for _ in range(3):
        make_student(db.session, teacher)
    db.session.commit()


def _assert_untouched() -> None:
    assert not db.session.new and not db.session.dirty and not db.session.deleted
    assert db.session.scalar(select(District.name)) == "Riverbend USD"
    assert {s.code for s in db.session.scalars(select(School))} == {"OAK", "LIN"}
    assert db.session.scalar(select(func.count()).select_from(Student)) == 3
    assert db.session.scalar(select(func.count()).select_from(Block)) == 0


@pytest.mark.parametrize(
    ("edit", "expected"), [case[1:] for case in BAD_BUNDLES], ids=[case[0] for case in BAD_BUNDLES]
)
def test_bad_bundle_is_refused_with_the_line_and_column(other_district, tmp_path, edit, expected):
    bundle = copy_demo(tmp_path)
    edit(bundle)

    with pytest.raises(ValidationFailed) as refused:
        import_bundle(db.session, bundle)

    problems = refused.value.problems
    assert any(p.startswith(expected) for p in problems), "\n".join(problems)
    _assert_untouched()


def test_every_problem_is_reported_sorted_by_file_then_line(app, tmp_path):
    bundle = copy_demo(tmp_path)
    set_cell(bundle, "students.csv", 5, "grade", "Z")
    set_cell(bundle, "students.csv", 3, "grade", "Y")
    set_cell(bundle, "blocks.csv", 9, "kind", "lunch")

    with pytest.raises(ValidationFailed) as refused:
        validate_bundle(bundle)

    assert [p.split(": ")[0] for p in refused.value.problems] == [
        "blocks.csv:9",
        "students.csv:3",
        "students.csv:5",
    ]


def test_reference_to_a_bad_row_reports_only_the_bad_row(app, tmp_path):
    bundle = copy_demo(tmp_path)
    set_cell(bundle, "schools.csv", 2, "day_end", "25:00")  # E001 has a problem of its own

    with pytest.raises(ValidationFailed) as refused:
        validate_bundle(bundle)

    assert refused.value.problems == ["schools.csv:2: day_end: '25:00' is not a time of day"]


def test_missing_bundle_path_is_reported(app, tmp_path):
    with pytest.raises(ValidationFailed) as refused:
        validate_bundle(tmp_path / "nowhere.zip")
    assert refused.value.problems == ["nowhere.zip: no such folder or .zip file"]


def test_file_that_is_not_a_zip_is_reported(other_district, tmp_path):
    fake = tmp_path / "bundle.zip"
    fake.write_text("id,name\n")
    with pytest.raises(ValidationFailed) as refused:
        import_bundle(db.session, fake)
    assert refused.value.problems[0].startswith("bundle.zip: not a readable .zip file")
    _assert_untouched()


def test_zip_with_a_bad_row_reports_the_csv_line(app, tmp_path):
    bundle = copy_demo(tmp_path)
    set_cell(bundle, "teachers.csv", 4, "school", "X1")
    archive = zip_folder(bundle, tmp_path / "bundle.zip", top="district")

    with pytest.raises(ValidationFailed) as refused:
        import_bundle(db.session, archive)

    assert "teachers.csv:4: school: unknown school 'X1' (not in schools.csv)" in (
        refused.value.problems
    )
