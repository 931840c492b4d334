"""The plain facts a caseload snapshot holds: no ORM objects, so that what-if and
balance can change them in memory."""

from __future__ import annotations

from dataclasses import dataclass

from schoolot import cycle
from schoolot.models import District

DIRECT_DELIVERIES = ("pull_out", "push_in")


@dataclass(frozen=True)
class CaseloadSettings:
    """The district's workload settings (docs/caseload.md)."""

    capacity_minutes_per_fte: int = 1800
    documentation_minutes_per_student: int = 10
    over_percent: int = 100
    under_percent: int = 60

    @classmethod
    def of(cls, district: District | None) -> CaseloadSettings:
        if district is None:
            return cls()
        return cls(
            capacity_minutes_per_fte=district.capacity_minutes_per_fte,
            documentation_minutes_per_student=district.documentation_minutes_per_student,
            over_percent=district.over_percent,
            under_percent=district.under_percent,
        )


@dataclass(frozen=True)
class LineFacts:
    """A service line in effect, as its IEP gives it."""

    id: int
    code: str
    student_id: int
    delivery: str  # pull_out | push_in | consult
    group: bool  # may be served in a group
    weekly_sessions: int
    session_minutes: int
    minutes: int | None = None  # the IEP's minutes per period (None: the sessions')
    per: str = "week"  # week | month | quarter | year

    @property
    def weekly_minutes(self) -> float:
        """The IEP's minutes in an average school week (`schoolot.cycle.weekly_minutes`:
        a 30 min/month consult counts 7.5 minutes a week)."""
        if self.minutes is None:
            return self.weekly_sessions * self.session_minutes
        return cycle.weekly_minutes(self.minutes, self.per)

    @property
    def direct(self) -> bool:
        return self.delivery in DIRECT_DELIVERIES


@dataclass(frozen=True)
class StudentFacts:
    """A student with at least one line in effect."""

    id: int
    code: str
    first_name: str
    last_name: str
    grade: str
    school_id: int
    pinned_id: int | None  # the therapist pinned on the student's record
    assigned_id: int | None  # the therapist the schedule in force assigns
    kept: bool  # "keep with this therapist"
    lines: tuple[LineFacts, ...]

    @property
    def therapist_id(self) -> int | None:
        """The caseload's one rule: the pin, else the schedule in force's assignment."""
        return self.pinned_id if self.pinned_id is not None else self.assigned_id

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class TherapistFacts:
    id: int
    code: str
    name: str
    email: str | None  # the therapist's login, if they have one
    fte: float
    school_ids: frozenset[int]  # the schools they cover

    @property
    def label(self) -> str:
        """What exports call the therapist: their login email, else their code."""
        return self.email or self.code


@dataclass(frozen=True)
class SessionFacts:
    """A session of the schedule in force (minutes since midnight)."""

    therapist_id: int
    school_id: int
    weekday: str
    start: int
    end: int
    delivery: str
    line_ids: tuple[int, ...]
    cycle_week: int = 1  # the week of the schedule's cycle, from 1

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class DriveFacts:
    """A drive between schools in the schedule in force."""

    therapist_id: int
    weekday: str
    start: int
    end: int
    cycle_week: int = 1  # the week of the schedule's cycle, from 1

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class ScheduleFacts:
    """The schedule in force, and the lunch rule its idle minutes are counted with."""

    version_id: int
    sessions: tuple[SessionFacts, ...]
    drives: tuple[DriveFacts, ...]
    lunch_minutes: int
    lunch_window: tuple[int, int]
    # Weeks in the schedule's cycle: its sessions and drives over that many weeks, so
    # figures a week are their totals / `cycle_weeks` (docs/cycle.md).
    cycle_weeks: int = 1
