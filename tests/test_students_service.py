"""The students services, called directly: the rules, all-or-nothing writes, suggested ids."""

from __future__ import annotations

import datetime as dt

import pytest

from schoolot.errors import ValidationFailed
from schoolot.extensions import db
from schoolot.models import Block, Equipment, Goal, ServiceLine, Student
from schoolot.students import service
from tests.factories import SmallDistrict, make_equipment, make_goal


@pytest.fixture
def small(app) -> SmallDistrict:
    return SmallDistrict(db.session)


def student_values(small: SmallDistrict, **changes) -> dict:
    values = dict(
        code="S90",
        first_name="Dee",
        last_name="Park",
        grade="k",
        school_id=small.oak.id,
        teacher_id=small.teacher_oak.id,
        therapist_id=small.ot1.id,
        iep_start=dt.date(2026, 9, 1),
        iep_end=dt.date(2027, 8, 31),
    )
    values.update(changes)
    return values


def line_values(**changes) -> dict:
    values = dict(
        code="SV50",
        minutes=60,
        per="week",
        session_minutes=30,
        delivery="pull_out",
        grouping="individual",
        max_group=3,
        start=None,
        end=None,
    )
    values.update(changes)
    return values


def test_create_student_parses_the_grade_like_the_import(small):
    student = service.create_student(db.session, **student_values(small))
    assert student.grade == "K"
    assert student.school is small.oak


def test_create_student_reports_every_problem_at_once(small):
    values = student_values(
        small, code="S1", first_name="", grade="13", teacher_id=small.teacher_lin.id
    )
    with pytest.raises(ValidationFailed) as error:
        service.create_student(db.session, **values)
    fields = [p.split(":")[0] for p in error.value.problems]
    assert fields == ["code", "first_name", "grade", "teacher"]


def test_refused_update_leaves_the_student_unchanged(small):
    values = student_values(small, code="S1", first_name="Changed", iep_end=dt.date(2020, 1, 1))
    with pytest.raises(ValidationFailed):
        service.update_student(db.session, small.ana, **values)
    db.session.expire_all()
    assert db.session.get(Student, small.ana.id).first_name == "Ana"


def test_update_student_moves_them_to_another_school_with_its_teacher(small):
    values = student_values(
        small,
        code="S1",
        school_id=small.lin.id,
        teacher_id=small.teacher_lin.id,
        therapist_id=small.ot2.id,
    )
    service.update_student(db.session, small.ana, **values)
    assert (small.ana.school, small.ana.therapist) == (small.lin, small.ot2)


def test_new_iep_dates_may_not_leave_a_service_line_upside_down(small):
    make_line = service.save_service_line
    make_line(db.session, small.ana, **line_values(start=dt.date(2026, 10, 1)))
    values = student_values(small, code="S1", iep_end=dt.date(2026, 9, 15))
    with pytest.raises(ValidationFailed) as error:
        service.update_student(db.session, small.ana, **values)
    assert error.value.problems == [
        "iep_end: with these IEP dates, service line SV50 ends (2026-09-15) "
        "before it starts (2026-10-01)"
    ]


def test_delete_student_removes_their_details_and_own_blocks(small):
    make_goal(db.session, small.ana)
    make_equipment(db.session, small.ana)
    block = Block(
        school=small.oak,
        scope="student",
        student=small.ana,
        weekdays="*",
        start=dt.time(9, 0),
        end=dt.time(9, 30),
        kind="busy",
    )
    db.session.add(block)
    db.session.flush()
    service.delete_student(db.session, small.ana)
    for model in (ServiceLine, Goal, Equipment, Block):
        remaining = db.session.scalars(db.select(model)).all()
        assert all(getattr(row, "student_id", None) != small.ana.id for row in remaining)


def test_save_service_line_updates_an_existing_line(small):
    line = small.ana.services[0]
    service.save_service_line(
        db.session, small.ana, line, **line_values(code=line.code, minutes=120, per="month")
    )
    assert (line.minutes, line.per) == (120, "month")


def test_service_line_problems_name_their_fields(small):
    values = line_values(minutes=50, delivery="consult", grouping="group", max_group=1)
    with pytest.raises(ValidationFailed) as error:
        service.save_service_line(db.session, small.ana, **values)
    fields = sorted(p.split(":")[0] for p in error.value.problems)
    assert fields == ["grouping", "max_group", "minutes"]
    assert db.session.scalar(db.select(ServiceLine).where(ServiceLine.code == "SV50")) is None


def test_goal_area_must_be_one_of_the_bundles_areas(small):
    with pytest.raises(ValidationFailed) as error:
        service.save_goal(
            db.session,
            small.ana,
            code="G9",
            area="gross motor",
            description="Jump",
            baseline=None,
            target=None,
        )
    assert error.value.problems[0].startswith("area: 'gross motor' is not one of fine motor")


def test_blank_optional_texts_are_stored_as_empty(small):
    item = service.save_equipment(db.session, small.ana, item=" pencil grip ", note="  ")
    assert (item.item, item.note) == ("pencil grip", None)


@pytest.mark.parametrize(
    "codes, expected",
    [
        ([], "SV1"),
        (["SV1", "SV2", "SV10"], "SV11"),
        (["S10000", "S10035", "X1"], "S10036"),
        (["E001", "E009"], "E010"),
        (["alpha", "beta"], "SV1"),
    ],
)
def test_next_code_continues_the_most_common_pattern(codes, expected):
    assert service.next_code(codes, default_prefix="SV") == expected
