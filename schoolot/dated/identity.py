"""The calendar identity of dated sessions across re-solves (iCalendar UID, SEQUENCE).

A re-solve places a line's dated sessions anew; each keeps the identity of one the
version it is based on held from the same first day on: first those at the very same
date and times (unchanged: same uid and sequence), then the others in date order (the
session moved: same uid, sequence + 1). Left over: a fresh uid. So a calendar sees a
session move, not one deleted and another made.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot.makeups.rules import Slot, as_time
from schoolot.models import DatedLineSession

Place = tuple[dt.date, dt.time, dt.time]


class Identities:
    """The uids and sequences of the dated sessions of version `based_on_id` from
    `first` on, handed out to the new sessions of the same lines."""

    def __init__(self, session: Session, based_on_id: int | None, first: dt.date) -> None:
        self._old: dict[int, dict[Place, tuple[str, int]]] = defaultdict(dict)
        if based_on_id is None:
            return
        rows = session.scalars(
            select(DatedLineSession)
            .where(DatedLineSession.schedule_id == based_on_id, DatedLineSession.date >= first)
            .order_by(DatedLineSession.date, DatedLineSession.start)
        )
        for row in rows:
            self._old[row.service_line_id][row.date, row.start, row.end] = (row.uid, row.sequence)

    def of_line(self, line_id: int, slots: list[Slot]) -> list[tuple[str, int]]:
        """(uid, sequence) for each of the line's new `slots`, in their order."""
        old = dict(self._old.pop(line_id, {}))
        places = [(s.date, as_time(s.start), as_time(s.end)) for s in slots]
        found: list[tuple[str, int] | None] = [old.pop(place, None) for place in places]
        left = [old[place] for place in sorted(old)]
        result = []
        for identity in found:
            if identity is None:
                if left:
                    uid, sequence = left.pop(0)
                    identity = (uid, sequence + 1)
                else:
                    identity = (uuid.uuid4().hex, 0)
            result.append(identity)
        return result
