"""A problem narrowed to some students holds them exactly as the whole district's does."""

from __future__ import annotations

import datetime as dt

from flask import Flask

from schoolot.extensions import db
from schoolot.scheduling.problem_builder import Overrides, build_problem
from tests.adjust.adjust_district import IEP_END, AdjustDistrict
from tests.factories import make_block, make_school, make_service, make_student, make_teacher


def test_narrowed_students_keep_their_windows_lines_and_teachers(app: Flask):
    d = AdjustDistrict(db.session)
    elm = make_school(db.session, "ELM", name="Elm Elementary")
    make_block(db.session, elm, start=dt.time(9, 0), end=dt.time(12, 0), label="Elm morning")
    elm_teacher = make_teacher(db.session, elm, "t.elm@district.example")
    cy = make_student(db.session, elm_teacher, d.ot2, "S3", iep_end=IEP_END)
    make_service(db.session, cy, "SV3", delivery="consult")
    db.session.commit()

    whole, whole_index = build_problem(db.session())
    only = frozenset({d.ana.id, d.ben.id})
    narrow, narrow_index = build_problem(db.session(), overrides=Overrides(student_ids=only))

    assert [s.code for s in narrow.students] == ["S1", "S2"]
    assert [t.code for t in narrow.teachers] == ["t.oak@district.example"]
    for student in narrow.students:
        same = next(s for s in whole.students if s.code == student.code)
        assert student.free_pull_out == same.free_pull_out == (((540, 600),),) * 5
        assert student.free_push_in == same.free_push_in
        assert narrow.teachers[student.teacher] == whole.teachers[same.teacher]
    assert [line.code for line in narrow.services] == ["SV1", "SV2"]
    assert narrow_index.teacher_ids == (d.teacher.id,)
    assert len(whole_index.teacher_ids) == 2
