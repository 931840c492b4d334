"""The ledger summed: per school, per therapist and for the district; and the names the
pages, the CSV and `flask compliance` show beside the ids."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot.compliance.ledger import LineLedger
from schoolot.models import School, Therapist


@dataclass(frozen=True)
class Names:
    """School and therapist names by id."""

    schools: dict[int, str]
    therapists: dict[int, str]

    def school(self, school_id: int) -> str:
        return self.schools.get(school_id, "")

    def therapist(self, therapist_id: int | None) -> str:
        if therapist_id is None:
            return "Nobody's caseload"
        return self.therapists.get(therapist_id, "")


def load_names(session: Session) -> Names:
    schools = session.execute(select(School.id, School.name))
    therapists = session.execute(select(Therapist.id, Therapist.name))
    return Names({r[0]: r[1] for r in schools}, {r[0]: r[1] for r in therapists})


@dataclass(frozen=True)
class Totals:
    """Lines summed: a school's, a therapist's, or the district's (`key` None)."""

    key: int | None
    name: str
    lines: int
    behind_lines: int
    owed_minutes: int
    planned_minutes: int
    delivered_minutes: int
    missed_minutes: int
    unlogged_minutes: int
    makeup_owed_minutes: int
    balance_minutes: int

    @property
    def delivered_percent(self) -> int | None:
        """Delivered as a percent of owed (None when nothing is owed)."""
        if not self.owed_minutes:
            return None
        return round(100 * self.delivered_minutes / self.owed_minutes)


def totals(ledgers: Iterable[LineLedger], key: int | None = None, name: str = "") -> Totals:
    found = list(ledgers)
    return Totals(
        key=key,
        name=name,
        lines=len(found),
        behind_lines=sum(1 for x in found if x.behind),
        owed_minutes=sum(x.owed_minutes for x in found),
        planned_minutes=sum(x.planned_minutes for x in found),
        delivered_minutes=sum(x.delivered_minutes for x in found),
        missed_minutes=sum(x.missed_total_minutes for x in found),
        unlogged_minutes=sum(x.unlogged_minutes for x in found),
        makeup_owed_minutes=sum(x.makeup_owed_minutes for x in found),
        balance_minutes=sum(x.balance_minutes for x in found),
    )


def _rollup(
    ledgers: Sequence[LineLedger],
    key_of: Callable[[LineLedger], int | None],
    name_of: Callable[[int | None], str],
) -> list[Totals]:
    groups: dict[int | None, list[LineLedger]] = {}
    for ledger in ledgers:
        groups.setdefault(key_of(ledger), []).append(ledger)
    found = [totals(group, key, name_of(key)) for key, group in groups.items()]
    found.sort(key=lambda t: (t.balance_minutes, t.name))
    return found


def by_school(ledgers: Sequence[LineLedger], names: Names) -> list[Totals]:
    """Per school, furthest behind first."""
    return _rollup(ledgers, lambda x: x.school_id, lambda k: names.school(k or 0))


def by_therapist(ledgers: Sequence[LineLedger], names: Names) -> list[Totals]:
    """Per therapist whose caseload holds the lines (None: nobody's), furthest behind first."""
    return _rollup(ledgers, lambda x: x.therapist_id, names.therapist)
