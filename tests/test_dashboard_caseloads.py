"""The coordinator's caseloads: pinned students, and those the schedule in force assigns
(schoolot.caseload's workloads, as the dashboard summary hands them on)."""

from __future__ import annotations

from schoolot.dashboard import dashboard_for
from schoolot.extensions import db
from schoolot.models import ScheduleAssignment
from tests.factories import SmallDistrict, make_service, make_version


def _caseloads(district: SmallDistrict):
    summary = dashboard_for(db.session(), district.coordinator)
    return summary, {w.therapist_id: w for w in summary.workloads}


def test_a_published_assignment_puts_an_unpinned_student_on_a_caseload(app):
    district = SmallDistrict(db.session)
    make_service(db.session, district.cy, "SV9")
    db.session.commit()
    summary, caseloads = _caseloads(district)
    assert summary.unassigned_students == 1  # Cy
    assert caseloads[district.ot1.id].students == 1  # Ana, pinned

    version = make_version(db.session, "draft")
    version.assignments.append(
        ScheduleAssignment(student_id=district.cy.id, therapist_id=district.ot1.id)
    )
    db.session.commit()
    summary, caseloads = _caseloads(district)
    assert summary.unassigned_students == 1  # a draft changes nobody's caseload

    version.state = "published"
    db.session.commit()
    summary, caseloads = _caseloads(district)
    assert summary.unassigned_students == 0
    ot1 = caseloads[district.ot1.id]
    assert ot1.students == 2
    assert ot1.direct_minutes == 60 + 60  # Ana's SV1 and Cy's SV9, 2 x 30 each
    assert caseloads[district.ot2.id].students == 1  # Ben


def test_a_pin_wins_over_the_schedule(app):
    district = SmallDistrict(db.session)
    version = make_version(db.session, "published")
    version.assignments.append(
        ScheduleAssignment(student_id=district.ana.id, therapist_id=district.ot2.id)
    )
    db.session.commit()
    _, caseloads = _caseloads(district)
    assert caseloads[district.ot1.id].students == 1
    assert caseloads[district.ot2.id].students == 1
