"""Proposing, approving and rejecting changes of IEP terms (plain functions that flush)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from schoolot.audit import recording
from schoolot.audit.actor import user_label
from schoolot.audit.tracked import format_value
from schoolot.errors import ValidationFailed
from schoolot.models import ChangeProposal, ServiceLine, Student, User
from schoolot.models.users import utcnow
from schoolot.proposals.terms import TermChange, decode, encode
from schoolot.students import service as students

MODELS: dict[str, type[ServiceLine] | type[Student]] = {
    "service_line": ServiceLine,
    "student": Student,
}
# The student-record fields update_student takes (it checks them all again).
STUDENT_FIELDS = (
    "keep_therapist",
    "code",
    "first_name",
    "last_name",
    "grade",
    "school_id",
    "teacher_id",
    "therapist_id",
    "iep_start",
    "iep_end",
)
_LINE_FIELDS = (
    "code",
    "minutes",
    "per",
    "session_minutes",
    "delivery",
    "grouping",
    "max_group",
    "start",
    "end",
    "fixed_day",
    "fixed_start",
)


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str | None
    after: str | None


def propose(session: Session, change: TermChange, proposer: User) -> ChangeProposal:
    """Hold `change` (an update of a line or a student, already undone) as a proposal."""
    if change.action != "update":
        raise ValidationFailed(
            [
                "Only a coordinator may add or remove a service line: the district has "
                "therapists propose changes of IEP terms."
            ]
        )
    record = change.record
    proposal = ChangeProposal(
        student_id=change.student.id,
        record_kind=change.kind,
        record_id=record.id,
        record_label=record.code,
        changes=json.dumps(
            {name: [encode(b), encode(a)] for name, (b, a) in sorted(change.fields.items())}
        ),
        proposed_by_id=proposer.id,
        proposed_by=user_label(proposer),
    )
    session.add(proposal)
    session.flush()
    return proposal


def field_changes(proposal: ChangeProposal) -> list[FieldChange]:
    """The proposal's changes as the pages show them."""
    model = MODELS[proposal.record_kind]
    return [
        FieldChange(
            name, format_value(decode(model, name, b)), format_value(decode(model, name, a))
        )
        for name, (b, a) in json.loads(proposal.changes).items()
    ]


def approve(session: Session, proposal: ChangeProposal, approver: User) -> None:
    """Make the proposed change, under the same rules as the form, recorded in the change
    history by `approver` with the proposer named in its reason. Refused when the record
    is gone or a field changed since the proposal."""
    record = _pending_record(session, proposal)
    model = MODELS[proposal.record_kind]
    proposed = {
        name: (decode(model, name, b), decode(model, name, a))
        for name, (b, a) in json.loads(proposal.changes).items()
    }
    stale = [
        f"{name}: {proposal.record_label}'s {name} is now {format_value(getattr(record, name))}, "
        f"not {format_value(before)} as when proposed; reject this proposal"
        for name, (before, _) in proposed.items()
        if getattr(record, name) != before
    ]
    if stale:
        raise ValidationFailed(stale)
    reason = f"proposal {proposal.id} by {proposal.proposed_by}, approved by {user_label(approver)}"
    with recording(user=approver, reason=reason):
        _apply(session, record, {name: after for name, (_, after) in proposed.items()})
    _decide(proposal, "approved", approver, None)
    session.flush()


def reject(session: Session, proposal: ChangeProposal, decider: User, reason: str) -> None:
    """Refuse the proposal with `reason` (required); nothing else changes."""
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(["reason: say why the proposal is rejected"])
    _pending_record(session, proposal, must_exist=False)
    _decide(proposal, "rejected", decider, reason)
    session.flush()


def pending_proposals(student_id: int | None = None) -> Select[ChangeProposal]:
    """Proposals awaiting a decision, oldest first (of one student, when given)."""
    query = select(ChangeProposal).where(ChangeProposal.state == "pending")
    if student_id is not None:
        query = query.where(ChangeProposal.student_id == student_id)
    return query.order_by(ChangeProposal.created_at, ChangeProposal.id)


def decided_proposals(limit: int = 50) -> Select[ChangeProposal]:
    """The latest decisions, newest first."""
    query = select(ChangeProposal).where(ChangeProposal.state != "pending")
    return query.order_by(ChangeProposal.decided_at.desc(), ChangeProposal.id.desc()).limit(limit)


def _pending_record(session: Session, proposal: ChangeProposal, must_exist: bool = True) -> Any:
    if proposal.state != "pending":
        raise ValidationFailed([f"This proposal was already {proposal.state}."])
    record = session.get(MODELS[proposal.record_kind], proposal.record_id)
    if record is None and must_exist:
        raise ValidationFailed([f"{proposal.record_label} no longer exists; reject this proposal"])
    return record


def _apply(session: Session, record: ServiceLine | Student, after: dict[str, Any]) -> None:
    if isinstance(record, ServiceLine):
        values = {name: getattr(record, name) for name in _LINE_FIELDS} | after
        students.save_service_line(session, record.student, record, **values)
    else:
        values = {name: getattr(record, name) for name in STUDENT_FIELDS} | after
        students.update_student(session, record, **values)


def _decide(proposal: ChangeProposal, state: str, user: User, reason: str | None) -> None:
    proposal.state = state
    proposal.decided_by_id = user.id
    proposal.decided_by = user_label(user)
    proposal.decided_at = utcnow()
    proposal.decision_reason = reason
