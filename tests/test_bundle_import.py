"""Importing and exporting the district bundle: round trip, sync by id and by content."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, func, select

from schoolot.bundle import export_bundle, import_bundle
from schoolot.bundle.spec import FILES
from schoolot.extensions import db
from schoolot.models import (
    Block,
    Equipment,
    School,
    ServiceLine,
    Student,
    Therapist,
    TravelTime,
    User,
)
from tests.bundle_files import (
    DEMO,
    add_row,
    cell,
    copy_demo,
    delete_rows,
    read_rows,
    set_cell,
    zip_folder,
)
from tests.factories import SmallDistrict


@pytest.fixture
def bundle(tmp_path):
    return copy_demo(tmp_path)


def _as_set(rows: list[list[str]], multi_valued: tuple[int, ...] = ()) -> set[tuple]:
    """Rows without the header, as a set; the cells at `multi_valued` compared as sets."""
    return {
        tuple(frozenset(c.split()) if i in multi_valued else c for i, c in enumerate(row))
        for row in rows[1:]
    }


@pytest.fixture
def statements(app):
    """The SQL verbs sent to the database from now on."""
    sent: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement.split(None, 1)[0].upper())

    event.listen(db.engine, "before_cursor_execute", record)
    yield sent
    event.remove(db.engine, "before_cursor_execute", record)


def test_demo_bundle_exports_back_to_the_same_rows(app, tmp_path):
    import_bundle(db.session, DEMO)
    db.session.commit()
    out = tmp_path / "out"
    export_bundle(db.session, out)
    for file, columns in FILES.items():
        exported = read_rows(out, file)
        assert exported[0] == [c.name for c in columns], file
        multi = (4,) if file == "therapists.csv" else ()
        assert _as_set(exported, multi) == _as_set(read_rows(DEMO, file), multi), file


def test_first_import_reports_every_row_created(app):
    report = import_bundle(db.session, DEMO)
    assert report.counts["students.csv"].created == 36
    assert report.counts["blocks.csv"].created == 508
    assert report.counts["district.csv"].created == 1
    assert "students.csv: 36 created, 0 updated, 0 deleted, 0 unchanged" in report.summary_lines()


def test_second_import_of_the_same_bundle_writes_nothing(app, statements):
    import_bundle(db.session, DEMO)
    db.session.commit()
    statements.clear()
    report = import_bundle(db.session, DEMO)
    db.session.commit()
    assert not report.changed
    assert all(c.created == c.updated == c.deleted == 0 for c in report.counts.values())
    assert report.counts["blocks.csv"].unchanged == 508
    assert set(statements) <= {"SELECT", "BEGIN", "COMMIT", "ROLLBACK"}
    assert report.summary_lines()[-1].startswith("Nothing changed")


def test_changed_row_is_updated_by_id_and_only_that_row(app, bundle):
    import_bundle(db.session, DEMO)
    db.session.commit()
    before_id = db.session.scalar(select(Student.id).where(Student.code == "S10000"))
    set_cell(bundle, "students.csv", 2, "last_name", "Khan-Rivera")

    report = import_bundle(db.session, bundle)
    db.session.commit()

    student = db.session.scalar(select(Student).where(Student.code == "S10000"))
    assert student.id == before_id
    assert student.last_name == "Khan-Rivera"
    counts = report.counts["students.csv"]
    assert (counts.created, counts.updated, counts.deleted, counts.unchanged) == (0, 1, 0, 35)


def test_rows_missing_from_the_bundle_are_deleted_and_reported(app, bundle):
    import_bundle(db.session, DEMO)
    db.session.commit()
    # S10000 leaves the district: their service, goals, blocks and equipment go with them.
    delete_rows(bundle, "students.csv", lambda r: r["id"] != "S10000")
    delete_rows(bundle, "services.csv", lambda r: r["student"] != "S10000")
    delete_rows(bundle, "goals.csv", lambda r: r["student"] != "S10000")
    delete_rows(bundle, "blocks.csv", lambda r: r["target"] != "S10000")
    delete_rows(bundle, "equipment.csv", lambda r: r["student"] != "S10000")

    report = import_bundle(db.session, bundle)
    db.session.commit()

    assert db.session.scalar(select(Student).where(Student.code == "S10000")) is None
    assert db.session.scalar(select(ServiceLine).where(ServiceLine.code == "SV1")) is None
    assert report.counts["students.csv"].deleted == 1
    assert report.counts["services.csv"].deleted == 1
    assert report.counts["goals.csv"].deleted == 2
    assert db.session.scalar(select(func.count()).select_from(Student)) == 35


def test_id_less_rows_are_synced_by_content(app, bundle):
    import_bundle(db.session, DEMO)
    db.session.commit()
    untouched_block = db.session.scalar(select(Block.id).order_by(Block.id).limit(1))
    set_cell(bundle, "blocks.csv", 3, "label", "Literacy block")  # one block changes
    add_row(
        bundle,
        "calendar.csv",
        {"date": "2027-04-02", "kind": "closed", "note": "Spring holiday"},
    )

    report = import_bundle(db.session, bundle)
    db.session.commit()

    blocks = report.counts["blocks.csv"]
    assert (blocks.created, blocks.deleted, blocks.unchanged) == (1, 1, 507)
    assert report.counts["calendar.csv"].created == 1
    assert db.session.get(Block, untouched_block) is not None  # unchanged rows keep their id
    assert db.session.scalar(select(Block).where(Block.label == "Literacy block")) is not None


def test_changed_travel_minutes_replace_the_pair(app, bundle):
    import_bundle(db.session, DEMO)
    db.session.commit()
    set_cell(bundle, "travel.csv", 2, "minutes", "45")

    import_bundle(db.session, bundle)
    db.session.commit()

    pair = db.session.scalar(
        select(TravelTime).where(TravelTime.from_school.has(code="E001"), TravelTime.minutes == 45)
    )
    assert pair is not None and pair.to_school.code == "E002"
    assert db.session.scalar(select(func.count()).select_from(TravelTime)) == 6


def test_a_therapist_whose_schools_change_is_reported_updated(app, bundle):
    import_bundle(db.session, DEMO)
    db.session.commit()
    assert cell(bundle, "therapists.csv", 2, "schools") == "E003"
    set_cell(bundle, "therapists.csv", 2, "schools", "E003 E001")

    report = import_bundle(db.session, bundle)
    db.session.commit()

    therapist = db.session.scalar(select(Therapist).where(Therapist.code == "ot1@district.example"))
    assert {s.code for s in therapist.schools} == {"E001", "E003"}
    counts = report.counts["therapists.csv"]
    assert (counts.updated, counts.unchanged) == (1, 1)


def test_import_replaces_a_different_district_and_removes_its_staff_accounts(app):
    district = SmallDistrict(db.session)
    db.session.commit()
    coordinator_email = district.coordinator.email
    # The demo has therapists ot1 and ot2 too (kept), but not teacher t.lin (removed).
    therapist_email = district.therapist_user.email
    teacher_email = district.teacher_user.email

    report = import_bundle(db.session, DEMO)
    db.session.commit()

    assert {s.code for s in db.session.scalars(select(School))} == {"E001", "E002", "E003", "E004"}
    assert report.counts["schools.csv"].deleted == 2
    assert report.counts["students.csv"].deleted == 3
    emails = set(db.session.scalars(select(User.email)))
    assert {coordinator_email, therapist_email} <= emails
    assert teacher_email not in emails
    assert report.accounts_removed == [teacher_email]


def test_optional_cells_take_the_spec_defaults(app, bundle):
    set_cell(bundle, "services.csv", 2, "per", "")
    set_cell(bundle, "services.csv", 2, "delivery", "")
    set_cell(bundle, "services.csv", 2, "grouping", "")
    set_cell(bundle, "services.csv", 2, "max_group", "")
    set_cell(bundle, "therapists.csv", 2, "role", "")
    set_cell(bundle, "therapists.csv", 2, "fte", "")

    import_bundle(db.session, bundle)

    line = db.session.scalar(select(ServiceLine).where(ServiceLine.code == "SV1"))
    assert (line.per, line.delivery, line.grouping, line.max_group) == (
        "week",
        "pull_out",
        "individual",
        3,
    )
    therapist = db.session.scalar(select(Therapist).where(Therapist.code == "ot1@district.example"))
    assert (therapist.role, therapist.fte) == ("OT", 1.0)


def test_bundle_without_the_optional_equipment_file_imports(app, bundle):
    (bundle / "equipment.csv").unlink()
    report = import_bundle(db.session, bundle)
    assert report.counts["equipment.csv"].created == 0
    assert report.counts["students.csv"].created == 36


def test_bundle_without_equipment_file_keeps_the_equipment_kept_in_the_app(app, bundle):
    import_bundle(db.session, DEMO)
    db.session.commit()
    (bundle / "equipment.csv").unlink()

    report = import_bundle(db.session, bundle)

    counts = report.counts["equipment.csv"]
    assert (counts.deleted, counts.unchanged) == (0, 13)
    assert db.session.scalar(select(func.count()).select_from(Equipment)) == 13


def test_bundle_without_equipment_file_removes_the_equipment_of_leaving_students(app, bundle):
    import_bundle(db.session, DEMO)
    db.session.commit()
    (bundle / "equipment.csv").unlink()
    delete_rows(bundle, "students.csv", lambda r: r["id"] != "S10001")
    delete_rows(bundle, "services.csv", lambda r: r["student"] != "S10001")
    delete_rows(bundle, "goals.csv", lambda r: r["student"] != "S10001")
    delete_rows(bundle, "blocks.csv", lambda r: r["target"] != "S10001")

    report = import_bundle(db.session, bundle)

    assert report.counts["equipment.csv"].deleted == 1  # S10001's adapted scissors
    assert db.session.scalar(select(func.count()).select_from(Equipment)) == 12


def test_weekdays_are_stored_canonical_and_star_is_kept(app, bundle):
    set_cell(bundle, "blocks.csv", 2, "weekday", "*")
    set_cell(bundle, "blocks.csv", 3, "weekday", "Fri Mon")
    import_bundle(db.session, bundle)
    weekdays = list(db.session.scalars(select(Block.weekdays).order_by(Block.id).limit(2)))
    assert weekdays == ["*", "Mon Fri"]


def test_utf8_bom_and_unknown_columns_are_accepted(app, bundle):
    rows = read_rows(bundle, "schools.csv")
    text = "\n".join(",".join([*r, "principal" if i == 0 else "X"]) for i, r in enumerate(rows))
    (bundle / "schools.csv").write_text("\ufeff" + text + "\n", encoding="utf-8")

    report = import_bundle(db.session, bundle)

    assert report.counts["schools.csv"].created == 4


@pytest.mark.parametrize("top", [None, "demo-district"], ids=["files-at-root", "inside-a-folder"])
def test_zip_of_the_bundle_imports(app, tmp_path, top):
    archive = zip_folder(DEMO, tmp_path / "bundle.zip", top=top)
    report = import_bundle(db.session, archive)
    assert report.counts["students.csv"].created == 36
    school = db.session.scalar(select(School).where(School.code == "E003"))
    assert school.day_start == dt.time(7, 45)


def test_student_who_changes_school_keeps_their_record_and_services(app, bundle):
    import_bundle(db.session, DEMO)
    db.session.commit()
    service_id = db.session.scalar(select(ServiceLine.id).where(ServiceLine.code == "SV1"))
    # S10000 moves from E001 to E003, to a teacher there and the therapist who serves it.
    set_cell(bundle, "students.csv", 2, "school", "E003")
    set_cell(bundle, "students.csv", 2, "teacher", "te00331@district.example")
    set_cell(bundle, "students.csv", 2, "therapist", "ot1@district.example")
    delete_rows(bundle, "blocks.csv", lambda r: r["target"] != "S10000")

    import_bundle(db.session, bundle)
    db.session.commit()

    student = db.session.scalar(select(Student).where(Student.code == "S10000"))
    assert (student.school.code, student.teacher.code, student.therapist.code) == (
        "E003",
        "te00331@district.example",
        "ot1@district.example",
    )
    assert [line.id for line in student.services] == [service_id]
