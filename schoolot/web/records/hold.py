"""Holding a therapist's change of IEP terms as a proposal, at the forms' one commit
point (`save_form`): the form's service has made the change; when the user may not
change those terms directly, it is undone and kept as a proposal instead."""

from __future__ import annotations

from flask_login import current_user

from schoolot import access
from schoolot.extensions import db
from schoolot.proposals.service import propose
from schoolot.proposals.terms import TermWatch


def hold_iep_terms(watch: TermWatch) -> str | None:
    """Undo and propose the changes in `watch` the user may not make; returns the message
    to show, or None when nothing is held. A line added or removed raises ValidationFailed."""
    held = [
        change
        for change in watch.held()
        if not access.can_change_iep_terms(current_user, change.student)
    ]
    if not held:
        return None
    for change in held:
        if change.action != "update":
            propose(db.session(), change, current_user)  # raises: only updates are proposed
    db.session.rollback()
    labels = [propose(db.session(), change, current_user).record_label for change in held]
    db.session.commit()
    return (
        f"Your change of {', '.join(labels)} awaits a coordinator's approval: "
        "nothing is changed until then."
    )
