"""The district's makeup policy: which reasons for a missed session are owed back."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from schoolot.district.settings import get_district
from schoolot.errors import ValidationFailed
from schoolot.models import District
from schoolot.models.service_log import MISS_REASON_LABELS, MISS_REASONS


def save_makeup_reasons(session: Session, reasons: Iterable[str]) -> District:
    """Owe back the minutes of sessions missed for `reasons` (MISS_REASONS), no others;
    flushes. Refuses an unknown reason, naming it."""
    chosen = set(reasons)
    unknown = sorted(chosen - set(MISS_REASONS))
    if unknown:
        known = ", ".join(MISS_REASONS)
        raise ValidationFailed(
            [f"makeup_reasons: {reason!r} is not a reason (one of {known})" for reason in unknown]
        )
    district = get_district(session)
    if district is None:
        raise ValidationFailed(["set up the district first"])
    district.makeup_reasons = " ".join(r for r in MISS_REASONS if r in chosen)
    session.flush()
    return district


def policy_text(reasons: Iterable[str]) -> str:
    """The policy in words: "Owed back: Therapist absent, ..." or that none is."""
    labels = [MISS_REASON_LABELS[r] for r in MISS_REASONS if r in set(reasons)]
    return f"Owed back: {', '.join(labels)}." if labels else "No missed session is owed back."
