"""build_problem with overrides: a what-if's changes made in memory, nothing written."""

from __future__ import annotations

import datetime as dt

from schoolot.extensions import db
from schoolot.models import Student, Therapist
from schoolot.scheduling.problem_builder import HoursRow, Overrides, build_problem
from tests.factories import SmallDistrict

AS_OF = dt.date(2026, 9, 1)


def test_overrides_change_pins_fte_hours_and_schools_in_memory_only(app):
    d = SmallDistrict(db.session)
    overrides = Overrides(
        pins={d.ana.id: d.ot2.id},
        fte={d.ot2.id: 0.6},
        hours={d.ot2.id: (HoursRow("Mon", dt.time(9, 0), dt.time(12, 0)),)},
        schools={d.ot2.id: frozenset({d.oak.id, d.lin.id})},
    )
    problem, index = build_problem(db.session, as_of=AS_OF, overrides=overrides)

    ot2 = problem.therapists[index.therapist_index[d.ot2.id]]
    assert ot2.fte == 0.6
    assert ot2.hours == ((540, 720), None, None, None, None)
    assert ot2.schools == {index.school_index[d.oak.id], index.school_index[d.lin.id]}
    ana = problem.students[index.student_index[d.ana.id]]
    assert ana.therapist == index.therapist_index[d.ot2.id]
    # Oak's students may now go to either therapist.
    assert ana.candidates == {0, 1}
    db.session.expire_all()
    assert db.session.get(Student, d.ana.id).therapist_id == d.ot1.id
    assert db.session.get(Therapist, d.ot2.id).fte == 1.0


def test_overrides_narrow_the_problem_to_some_therapists_and_students(app):
    d = SmallDistrict(db.session)
    overrides = Overrides(therapist_ids=frozenset({d.ot2.id}), student_ids=frozenset({d.ben.id}))
    problem, index = build_problem(db.session, as_of=AS_OF, overrides=overrides)

    assert [t.code for t in problem.therapists] == ["ot2@district.example"]
    assert [s.code for s in problem.students] == ["S2"]
    assert [line.code for line in problem.services] == ["SV2"]
    assert index.therapist_ids == (d.ot2.id,)
