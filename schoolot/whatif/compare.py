"""Every affected therapist's workload before and after a scenario, by CASELOAD's one
formula (`schoolot.caseload`) on the snapshot with the changes made in memory."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from schoolot.caseload.snapshot import load_snapshot
from schoolot.caseload.workload import Spread, Workload, spread, workloads
from schoolot.whatif.resolve import Resolution


@dataclass(frozen=True)
class WorkloadChange:
    before: Workload
    after: Workload


@dataclass(frozen=True)
class Comparison:
    """The affected therapists (named by a change, or whose workload changes), by name,
    and the district's spread before and after (None: no therapist)."""

    rows: tuple[WorkloadChange, ...]
    spread_before: Spread | None
    spread_after: Spread | None

    @property
    def therapist_ids(self) -> list[int]:
        return [row.before.therapist_id for row in self.rows]


def compare(session: Session, resolution: Resolution) -> Comparison:
    """Workloads before (the data as it is) and after (with the scenario's moves, FTEs
    and schools); nothing is written."""
    snapshot = load_snapshot(session)
    changed = snapshot.with_changes(
        moves=resolution.moves, fte=resolution.fte, schools=resolution.schools
    )
    before, after = workloads(snapshot), workloads(changed)
    after_of = {w.therapist_id: w for w in after}
    rows = tuple(
        WorkloadChange(w, after_of[w.therapist_id])
        for w in before
        if w.therapist_id in resolution.named or w != after_of[w.therapist_id]
    )
    return Comparison(
        rows=rows,
        spread_before=spread(before) if before else None,
        spread_after=spread(after) if after else None,
    )
