"""Each therapist's workload, by the one formula (docs/caseload.md):

    workload  = session minutes + consult minutes + drive minutes + documentation
    per FTE   = workload / FTE
    capacity  = capacity per FTE x FTE
    status    = over  when per FTE > capacity per FTE x over %,
                under when per FTE < capacity per FTE x under %, else ok

Session minutes are the therapist's time in the direct sessions of the schedule in force
that hold a line of their caseload (a group counted once), plus the IEP's weekly minutes
of their direct lines no such session holds; without a schedule in force, the IEP's
weekly minutes of their direct lines. Minutes a week of a line are
`schoolot.cycle.weekly_minutes` (a month is 4 weeks, a quarter 9, a year 36: a 30
min/month consult counts 7.5); a schedule in a cycle of several weeks counts its
sessions, drives and idle time over the cycle / its weeks (docs/cycle.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from schoolot.caseload.facts import DriveFacts, SessionFacts, StudentFacts, TherapistFacts
from schoolot.caseload.idle import idle_minutes
from schoolot.caseload.snapshot import CaseloadSnapshot

STATUSES = ("over", "ok", "under")


@dataclass(frozen=True)
class Workload:
    therapist_id: int
    name: str
    code: str
    email: str | None  # the therapist's login email, None without one
    fte: float
    students: int
    lines: int
    individual_minutes: int  # IEP minutes a week of direct lines served alone
    group_minutes: int  # ... of direct lines that may be served in a group
    consult_minutes: int
    session_minutes: int  # the therapist's time in direct sessions (see the module)
    travel_minutes: int
    idle_minutes: int | None  # None: no schedule in force
    documentation_minutes: int
    schools: int
    school_names: tuple[str, ...]
    workload_minutes: int
    capacity_minutes: int
    workload_per_fte: float
    status: str  # over | ok | under

    @property
    def direct_minutes(self) -> int:
        """The IEP minutes a week of the caseload's direct lines."""
        return self.individual_minutes + self.group_minutes

    @property
    def label(self) -> str:
        """What exports call the therapist: their login email, else their code."""
        return self.email or self.code

    @property
    def percent_of_capacity(self) -> int:
        return round(100 * self.workload_minutes / self.capacity_minutes)


@dataclass(frozen=True)
class Spread:
    most: Workload  # the most loaded per FTE
    least: Workload
    ratio: float | None  # most / least per FTE; None when the least carries nothing


@dataclass(frozen=True)
class SchoolLoad:
    school_id: int
    name: str
    students: int  # with a line in effect
    unassigned: int  # of them, on nobody's caseload
    lines: int
    minutes_owed: int  # IEP minutes a week of its lines in effect
    therapist_names: tuple[str, ...]  # whose caseloads hold its students
    covering: int  # therapists who cover the school
    free_capacity_minutes: int  # capacity left of those who cover it


def workloads(snapshot: CaseloadSnapshot) -> list[Workload]:
    """Every therapist's workload, by name."""
    caseloads: dict[int | None, list[StudentFacts]] = defaultdict(list)
    for student in snapshot.students:
        caseloads[student.therapist_id].append(student)
    sessions: dict[int, list[SessionFacts]] = defaultdict(list)
    drives: dict[int, list[DriveFacts]] = defaultdict(list)
    if snapshot.schedule is not None:
        for session in snapshot.schedule.sessions:
            sessions[session.therapist_id].append(session)
        for drive in snapshot.schedule.drives:
            drives[drive.therapist_id].append(drive)
    return [
        _workload(snapshot, t, caseloads[t.id], sessions[t.id], drives[t.id])
        for t in snapshot.therapists
    ]


def workload_of(snapshot: CaseloadSnapshot, therapist_id: int) -> Workload | None:
    """One therapist's workload; None for a therapist not in the snapshot."""
    return next((w for w in workloads(snapshot) if w.therapist_id == therapist_id), None)


def spread(loads: Sequence[Workload]) -> Spread:
    """The most and the least loaded per FTE, and their ratio (needs a workload)."""
    most = max(loads, key=lambda w: (w.workload_per_fte, w.name))
    least = min(loads, key=lambda w: (w.workload_per_fte, w.name))
    ratio = most.workload_per_fte / least.workload_per_fte if least.workload_per_fte else None
    return Spread(most, least, ratio)


def status_of(workload_per_fte: float, capacity_per_fte: int, over: int, under: int) -> str:
    """over / ok / under, by the thresholds in percent of capacity per FTE."""
    if workload_per_fte * 100 > capacity_per_fte * over:
        return "over"
    if workload_per_fte * 100 < capacity_per_fte * under:
        return "under"
    return "ok"


def school_loads(snapshot: CaseloadSnapshot) -> list[SchoolLoad]:
    """Per school with a line in effect or a therapist covering it, by name."""
    loads = {w.therapist_id: w for w in workloads(snapshot)}
    names = {t.id: t.name for t in snapshot.therapists}
    students: dict[int, list[StudentFacts]] = defaultdict(list)
    for student in snapshot.students:
        students[student.school_id].append(student)
    covering: dict[int, list[TherapistFacts]] = defaultdict(list)
    for therapist in snapshot.therapists:
        for school_id in therapist.school_ids:
            covering[school_id].append(therapist)
    found = []
    for school_id, name in snapshot.school_names.items():
        here = students.get(school_id, [])
        if not here and not covering.get(school_id):
            continue
        serving = {s.therapist_id for s in here if s.therapist_id is not None}
        found.append(
            SchoolLoad(
                school_id=school_id,
                name=name,
                students=len(here),
                unassigned=sum(1 for s in here if s.therapist_id is None),
                lines=sum(len(s.lines) for s in here),
                minutes_owed=round(sum(line.weekly_minutes for s in here for line in s.lines)),
                therapist_names=tuple(sorted(names[t] for t in serving)),
                covering=len(covering.get(school_id, [])),
                free_capacity_minutes=sum(
                    max(0, loads[t.id].capacity_minutes - loads[t.id].workload_minutes)
                    for t in covering.get(school_id, [])
                ),
            )
        )
    return sorted(found, key=lambda load: (load.name, load.school_id))


def _workload(
    snapshot: CaseloadSnapshot,
    therapist: TherapistFacts,
    caseload: Sequence[StudentFacts],
    sessions: Sequence[SessionFacts],
    drives: Sequence[DriveFacts],
) -> Workload:
    settings = snapshot.settings
    lines = [line for student in caseload for line in student.lines]
    direct = [line for line in lines if line.direct]
    line_ids = {line.id for line in lines}
    # Sessions of the schedule in force that serve this caseload (moved students' leave).
    held = [s for s in sessions if line_ids.intersection(s.line_ids)]
    placed = {line_id for s in held if s.delivery != "consult" for line_id in s.line_ids}
    # A week's figures: the schedule's cycle totals / its weeks (docs/cycle.md).
    schedule = snapshot.schedule
    weeks = schedule.cycle_weeks if schedule is not None else 1
    held_minutes = sum(s.minutes for s in held if s.delivery != "consult")
    session_minutes = round(
        held_minutes / weeks + sum(line.weekly_minutes for line in direct if line.id not in placed)
    )
    consult = round(sum(line.weekly_minutes for line in lines if not line.direct))
    travel = round(sum(d.minutes for d in drives) / weeks)
    documentation = settings.documentation_minutes_per_student * len(caseload)
    workload = session_minutes + consult + travel + documentation
    per_fte = workload / therapist.fte
    school_names = sorted({snapshot.school_names[s.school_id] for s in caseload})
    return Workload(
        therapist_id=therapist.id,
        name=therapist.name,
        code=therapist.code,
        email=therapist.email,
        fte=therapist.fte,
        students=len(caseload),
        lines=len(lines),
        individual_minutes=round(sum(line.weekly_minutes for line in direct if not line.group)),
        group_minutes=round(sum(line.weekly_minutes for line in direct if line.group)),
        consult_minutes=consult,
        session_minutes=session_minutes,
        travel_minutes=travel,
        idle_minutes=(
            idle_minutes(held, drives, schedule.lunch_minutes, schedule.lunch_window, weeks)
            if schedule is not None
            else None
        ),
        documentation_minutes=documentation,
        schools=len(school_names),
        school_names=tuple(school_names),
        workload_minutes=workload,
        capacity_minutes=round(settings.capacity_minutes_per_fte * therapist.fte),
        workload_per_fte=per_fte,
        status=status_of(
            per_fte,
            settings.capacity_minutes_per_fte,
            settings.over_percent,
            settings.under_percent,
        ),
    )
