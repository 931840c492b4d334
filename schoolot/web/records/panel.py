"""What a student's page shows of their records (templates/students/_records.html)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_login import current_user

from schoolot import access
from schoolot.extensions import db
from schoolot.models import ChangeProposal, Student
from schoolot.proposals.service import FieldChange, field_changes, pending_proposals


@dataclass(frozen=True)
class RecordsPanel:
    can_view_access: bool
    # The IEP dates form, for the student's therapist (coordinators edit the record).
    can_edit_iep_dates: bool
    # Whether the user's changes of IEP terms are proposals rather than changes.
    proposes: bool
    pending: list[tuple[ChangeProposal, list[FieldChange]]]


def records_panel(student: Student) -> RecordsPanel:
    user = current_user
    clinical = access.can_edit_clinical(user, student)
    pending = db.session.scalars(pending_proposals(student.id)).all() if clinical else []
    return RecordsPanel(
        can_view_access=access.can_view_access_record(user),
        can_edit_iep_dates=clinical and not access.can_edit_student(user, student),
        proposes=clinical and not access.can_change_iep_terms(user, student),
        pending=[(proposal, field_changes(proposal)) for proposal in pending],
    )
