"""Minutes owed back per service line, less the makeups already accepted for them.

Both come from the compliance ledger: `makeup_owed_minutes` (missed minutes of the
district's makeup reasons, less makeup sessions delivered) and `makeup_planned_minutes`
(accepted makeups not logged yet, which will deliver some of it); only the rest needs a
proposal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from schoolot.compliance.ledger import line_ledgers


@dataclass(frozen=True)
class OwedLine:
    """A line with minutes owed back, and those accepted makeups already plan."""

    service_line_id: int
    therapist_id: int
    owed_minutes: int  # owed back (the ledger's makeup_owed_minutes)
    accepted_minutes: int  # accepted makeups not yet logged

    @property
    def minutes(self) -> int:
        """What still needs a makeup."""
        return max(self.owed_minutes - self.accepted_minutes, 0)


def owed_back(
    session: Session, as_of: dt.date, *, therapist_id: int | None = None
) -> list[OwedLine]:
    """Every line (of one therapist's caseload, when given) with minutes owed back as of
    `as_of` that accepted makeups do not cover yet, most owed first."""
    owed = [
        OwedLine(
            service_line_id=ledger.service_line_id,
            therapist_id=ledger.therapist_id,
            owed_minutes=ledger.makeup_owed_minutes,
            accepted_minutes=ledger.makeup_planned_minutes,
        )
        for ledger in line_ledgers(session, as_of, therapist_id=therapist_id)
        if ledger.makeup_owed_minutes > 0 and ledger.therapist_id is not None
    ]
    return sorted(
        (line for line in owed if line.minutes > 0),
        key=lambda line: (-line.minutes, line.service_line_id),
    )
