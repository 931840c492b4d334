"""Recorded changes as people read them: "Mai Miller changed SV1042 from 60 to 30
min/week on 3 Dec", for a student's History tab and the district audit page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from schoolot.audit.words import KIND_WORDS
from schoolot.models import Change, ServiceLine

# Fields as a sentence names them (others: their name with spaces).
FIELD_WORDS = {
    "iep_start": "IEP start",
    "iep_end": "IEP end",
    "first_name": "first name",
    "last_name": "last name",
    "keep_therapist": "keep with therapist",
    "session_minutes": "session length",
    "max_group": "largest group",
    "planned_minutes": "planned minutes",
    "day_start": "day start",
    "day_end": "day end",
    "fte": "FTE",
    "per": "period",
}
# Units after the value ("{per}": the line's period when the change was made).
UNITS = {
    ("service_line", "minutes"): " min/{per}",
    ("service_line", "session_minutes"): " min",
    ("session_log", "minutes"): " min",
    ("session_log", "planned_minutes"): " min",
}
_PER = re.compile(r"(?:^|; )per=(\w+)")
_CHUNK = 500


@dataclass(frozen=True)
class Entry:
    """One change, ready to show: when (district time), the sentence, and what else."""

    change_id: int
    at: dt.datetime
    actor: str
    kind: str
    sentence: str
    # A whole record's fields, for a record added or deleted.
    detail: str | None
    reason: str | None
    # A publish: the schedule version it published (the page links to it).
    schedule_id: int | None


def record_phrase(kind: str, label: str) -> str:
    """How a sentence names a record: "service line SV1042", "the makeup on 2026-12-03"."""
    if kind == "session_log":
        return f"the log of the {label}"
    if kind == "goal_progress":
        return f"the {label}"  # "the progress of G1 on 2026-09-14"
    if kind in ("makeup", "schedule"):
        return label if kind == "schedule" else f"the {label}"
    if kind == "service_line":
        return label  # its code says what it is: "SV1042"
    return f"{KIND_WORDS.get(kind, kind.replace('_', ' '))} {label}"


def day_words(moment: dt.datetime, today: dt.date) -> str:
    """ "3 Dec", with the year when it is not this year's."""
    words = f"{moment.day} {moment:%b}"
    return words if moment.year == today.year else f"{words} {moment.year}"


def sentence(change: Change, at: dt.datetime | None, today: dt.date, per: str | None = None) -> str:
    """The change in one sentence, ending with its day (`at`: in the district's zone;
    None: no day, for a list that shows the time beside it)."""
    what = record_phrase(change.record_kind, change.record_label)
    who = change.actor
    if change.action == "create":
        words = f"{who} added {what}"
    elif change.action == "delete":
        words = f"{who} deleted {what}"
    elif change.action == "publish":
        words = f"{who} published {what}"
    elif change.field == "password":
        words = f"{who} changed the password of {what}"
    else:
        words = _update_words(change, what, per)
    return words if at is None else f"{words} on {day_words(at, today)}"


def _update_words(change: Change, what: str, per: str | None) -> str:
    field = change.field or ""
    unit = UNITS.get((change.record_kind, field), "").format(per=per or "period")
    before, after = change.before, change.after
    if (change.record_kind, field) == ("service_line", "minutes"):
        return f"{change.actor} changed {what} from {before} to {after}{unit}"
    name = FIELD_WORDS.get(field, field.replace("_", " "))
    if before is None:
        return f"{change.actor} set the {name} of {what} to {after}{unit}"
    if after is None:
        return f"{change.actor} cleared the {name} of {what} (was {before}{unit})"
    return f"{change.actor} changed the {name} of {what} from {before}{unit} to {after}{unit}"


def line_periods(session: Session, changes: Sequence[Change]) -> dict[int, str]:
    """For each change of a service line's minutes among `changes`: the line's period
    ("week", "month") when it was made: the `before` of the line's next change of
    period, else its period now, else the one it had when deleted or created."""
    wanted = {
        c.record_id
        for c in changes
        if (c.record_kind, c.field) == ("service_line", "minutes") and c.record_id is not None
    }
    if not wanted:
        return {}
    now: dict[int, str] = {}
    history: dict[int, list[Change]] = {}
    ids = sorted(wanted)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        query = select(ServiceLine.id, ServiceLine.per).where(ServiceLine.id.in_(chunk))
        now.update({row.id: row.per for row in session.execute(query)})
        whole_or_per = or_(Change.field == "per", Change.field.is_(None))
        for change in session.scalars(
            select(Change)
            .where(Change.record_kind == "service_line", Change.record_id.in_(chunk), whole_or_per)
            .order_by(Change.id)
        ):
            history.setdefault(cast(int, change.record_id), []).append(change)
    return {
        change.id: _period_at(change, history.get(change.record_id, []), now.get(change.record_id))
        for change in changes
        if change.record_id in wanted and change.field == "minutes"
    }


def _period_at(change: Change, mine: Sequence[Change], now: str | None) -> str:
    for other in mine:
        if other.field != "per":
            continue
        if (other.batch, other.at) == (change.batch, change.at):  # set with the minutes
            return other.after or "period"
        if other.id > change.id and other.before:
            return other.before
    if now is not None:
        return now
    for whole in reversed(mine):
        found = _PER.search(whole.before or whole.after or "")
        if found:
            return found.group(1)
    return "period"


def entries(
    session: Session,
    changes: Sequence[Change],
    zone: dt.tzinfo,
    today: dt.date,
    with_day: bool = True,
) -> list[Entry]:
    """`changes` as entries to show, in the order given (`with_day`: each sentence
    ends with its day)."""
    periods = line_periods(session, changes)
    shown = []
    for change in changes:
        at = change.at.replace(tzinfo=dt.UTC).astimezone(zone)
        detail = change.after if change.action == "create" else None
        if change.action == "delete":
            detail = change.before
        shown.append(
            Entry(
                change_id=change.id,
                at=at,
                actor=change.actor,
                kind=change.record_kind,
                sentence=sentence(change, at if with_day else None, today, periods.get(change.id)),
                detail=detail,
                reason=change.reason,
                schedule_id=change.record_id if change.action == "publish" else None,
            )
        )
    return shown
