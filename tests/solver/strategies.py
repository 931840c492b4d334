"""Problems for the scheduler's tests: a small builder, hand-built tiny districts, and
hypothesis strategies for random small but realistic ones.

`District` turns what a coordinator would write (schools, bell times, busy and
protected blocks, IEP lines) into a prepared `Problem`, computing the free windows
the way the bridge does: pull-out = student day minus busy and protected blocks;
push-in = student day minus busy blocks; a teacher's consult time = student day
minus the teacher's own busy blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from hypothesis import strategies as st

from schoolot.solver.baseline import schedule_by_hand
from schoolot.solver.problem import (
    CONSULT,
    PULL_OUT,
    PUSH_IN,
    FixedTime,
    PlacedSession,
    Problem,
    School,
    ServiceLine,
    Student,
    Teacher,
    Therapist,
)
from schoolot.solver.windows import Span, merge, subtract

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri")


def minutes(hhmm: str) -> int:
    """`09:30` -> 570."""
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def span(start: str, end: str) -> Span:
    return (minutes(start), minutes(end))


# A block: (days, start, end) where days is "*" or weekday names, e.g. "Mon Wed".
Block = tuple[str, str, str]


@dataclass
class _StudentSpec:
    code: str
    label: str
    teacher: int
    grade: int
    therapist: int | None
    busy: list[Block]
    protected: list[Block]


@dataclass
class District:
    """A mutable recipe for a `Problem`; every add method returns the new index."""

    weekdays: tuple[str, ...] = WEEKDAYS
    lunch_minutes: int = 30
    lunch_window: tuple[str, str] = ("11:00", "13:30")
    group_grade_span: int = 1
    grid: int = 5
    _schools: list[School] = field(default_factory=list)
    _travel: dict[tuple[int, int], int] = field(default_factory=dict)
    _therapists: list[Therapist] = field(default_factory=list)
    _teachers: list[tuple[str, int, list[Block]]] = field(default_factory=list)
    _students: list[_StudentSpec] = field(default_factory=list)
    _services: list[ServiceLine] = field(default_factory=list)
    _in_force: list[PlacedSession] = field(default_factory=list)

    def days(self, which: str) -> list[int]:
        if which.strip() == "*":
            return list(range(len(self.weekdays)))
        return [self.weekdays.index(name) for name in which.split()]

    def school(self, code: str, start: str = "08:00", end: str = "15:00", closed: str = "") -> int:
        shut = set(self.days(closed)) if closed else set()
        day = tuple(None if d in shut else span(start, end) for d in range(len(self.weekdays)))
        self._schools.append(School(code=code, day=day))
        return len(self._schools) - 1

    def school_day(self, school: int, day: int, start: str, end: str) -> None:
        """Change one weekday's bell times (an early release, say)."""
        old = self._schools[school]
        days = list(old.day)
        days[day] = span(start, end)
        self._schools[school] = School(code=old.code, day=tuple(days))

    def travel(self, a: int, b: int, drive: int) -> None:
        self._travel[a, b] = self._travel[b, a] = drive

    def therapist(
        self,
        code: str,
        schools: list[int],
        hours: tuple[str, str] = ("08:00", "16:00"),
        off: str = "",
        pinned: dict[str, int] | None = None,
        fte: float = 1.0,
    ) -> int:
        off_days = set(self.days(off)) if off else set()
        pins = {self.weekdays.index(d): k for d, k in (pinned or {}).items()}
        n = len(self.weekdays)
        self._therapists.append(
            Therapist(
                code=code,
                fte=fte,
                schools=frozenset(schools),
                hours=tuple(None if d in off_days else span(*hours) for d in range(n)),
                pinned=tuple(pins.get(d) for d in range(n)),
            )
        )
        return len(self._therapists) - 1

    def set_hours(self, therapist: int, day: str, start: str, end: str) -> None:
        old = self._therapists[therapist]
        hours = list(old.hours)
        hours[self.weekdays.index(day)] = span(start, end)
        self._therapists[therapist] = Therapist(
            code=old.code, fte=old.fte, schools=old.schools, hours=tuple(hours), pinned=old.pinned
        )

    def teacher(self, code: str, school: int, busy: list[Block] | None = None) -> int:
        self._teachers.append((code, school, list(busy or [])))
        return len(self._teachers) - 1

    def student(
        self,
        label: str,
        teacher: int,
        grade: int,
        therapist: int | None = None,
        busy: list[Block] | None = None,
        protected: list[Block] | None = None,
        code: str | None = None,
    ) -> int:
        self._students.append(
            _StudentSpec(
                code=code or f"S{len(self._students) + 1:03d}",
                label=label,
                teacher=teacher,
                grade=grade,
                therapist=therapist,
                busy=list(busy or []),
                protected=list(protected or []),
            )
        )
        return len(self._students) - 1

    def line(
        self,
        student: int,
        sessions: int,
        length: int,
        delivery: str = PULL_OUT,
        group: bool = False,
        max_group: int = 3,
        code: str | None = None,
        fixed: FixedTime | None = None,
    ) -> int:
        self._services.append(
            ServiceLine(
                code=code or f"SV{len(self._services) + 1}",
                student=student,
                sessions=sessions,
                length=length,
                delivery=delivery,
                group=group,
                max_group=max_group,
                fixed=fixed,
            )
        )
        return len(self._services) - 1

    def place(
        self,
        therapist: int,
        school: int,
        day: str,
        start: str,
        services: tuple[int, ...],
        locked: bool = False,
    ) -> None:
        """A session of the schedule in force."""
        self._in_force.append(
            PlacedSession(
                therapist=therapist,
                school=school,
                day=self.weekdays.index(day),
                start=minutes(start),
                services=services,
                locked=locked,
            )
        )

    def _spans(self, blocks: list[Block], day: int) -> list[Span]:
        return [span(a, b) for which, a, b in blocks if day in self.days(which)]

    def build(self) -> Problem:
        n_days = len(self.weekdays)
        teachers = tuple(
            Teacher(
                code=code,
                school=school,
                free=tuple(
                    subtract([d], self._spans(busy, day))
                    if (d := self._schools[school].day[day]) is not None
                    else ()
                    for day in range(n_days)
                ),
            )
            for code, school, busy in self._teachers
        )
        students = []
        for spec in self._students:
            school = self._teachers[spec.teacher][1]
            pull_out: list[tuple[Span, ...]] = []
            push_in: list[tuple[Span, ...]] = []
            for day in range(n_days):
                school_day = self._schools[school].day[day]
                if school_day is None:
                    pull_out.append(())
                    push_in.append(())
                    continue
                busy = self._spans(spec.busy, day)
                protected = self._spans(spec.protected, day)
                push_in.append(subtract([school_day], busy))
                pull_out.append(subtract([school_day], merge(busy + protected)))
            students.append(
                Student(
                    code=spec.code,
                    label=spec.label,
                    school=school,
                    grade=spec.grade,
                    teacher=spec.teacher,
                    therapist=spec.therapist,
                    candidates=frozenset(
                        t for t, th in enumerate(self._therapists) if school in th.schools
                    ),
                    free_pull_out=tuple(pull_out),
                    free_push_in=tuple(push_in),
                )
            )
        n_schools = len(self._schools)
        travel = tuple(
            tuple(0 if a == b else self._travel.get((a, b)) for b in range(n_schools))
            for a in range(n_schools)
        )
        return Problem(
            weekdays=self.weekdays,
            lunch_minutes=self.lunch_minutes,
            lunch_window=span(*self.lunch_window),
            group_grade_span=self.group_grade_span,
            schools=tuple(self._schools),
            travel=travel,
            therapists=tuple(self._therapists),
            teachers=teachers,
            students=tuple(students),
            services=tuple(self._services),
            in_force=tuple(self._in_force),
            grid=self.grid,
        )


# --- hand-built tiny districts ---------------------------------------------------


def one_school_one_student() -> Problem:
    """ot1 at OAK every day; Ana (gr 3) owes 2 x 30 min pull-out, ELA protected 09:00-10:00,
    lunch 11:30-12:00."""
    d = District()
    oak = d.school("OAK")
    ot1 = d.therapist("ot1", [oak])
    t1 = d.teacher("T1", oak)
    ana = d.student(
        "Ana L. (gr 3)", t1, 3, busy=[("*", "11:30", "12:00")], protected=[("*", "09:00", "10:00")]
    )
    d.line(ana, 2, 30)
    assert ot1 == 0
    return d.build()


def tiny_district() -> District:
    """Three schools and one therapist, small enough to check by eye.

    OAK and ELM are 15 minutes apart, ELM and FAR 20; OAK and FAR have no travel row.
    ot1 serves all three, 08:00-16:00 every day, pinned to OAK on Fri. Students are
    busy 11:30-12:00 (lunch); at OAK ELA 09:00-10:00 is protected; teacher T1 is busy
    13:00-14:00.

    Indices: schools OAK 0, ELM 1, FAR 2; therapist ot1 0; teachers T1 0 (OAK),
    T2 1 (ELM), T3 2 (FAR), T4 3 (OAK); students Ana 0 and Ben 1 (OAK, gr 3, T1),
    Cal 2 (ELM, gr 1, T2), Dee 3 (FAR, gr 2, T3). Lines:
    SV1 0: Ana 2 x 30 pull-out, group;  SV2 1: Ben 2 x 30 pull-out, group;
    SV3 2: Cal 1 x 30 push-in;  SV4 3: consult with Ana's teacher, 1 x 30;
    SV5 4: Dee 1 x 30 pull-out;  SV6 5: Ben 1 x 30 push-in.
    """
    d = District()
    oak, elm, far = d.school("OAK"), d.school("ELM"), d.school("FAR")
    d.travel(oak, elm, 15)
    d.travel(elm, far, 20)  # no row between OAK and FAR
    ot1 = d.therapist("ot1", [oak, elm, far], pinned={"Fri": oak})
    t1 = d.teacher("T1", oak, busy=[("*", "13:00", "14:00")])
    t2 = d.teacher("T2", elm)
    t3 = d.teacher("T3", far)
    d.teacher("T4", oak)
    lunch = [("*", "11:30", "12:00")]
    ela = [("*", "09:00", "10:00")]
    ana = d.student("Ana L. (gr 3)", t1, 3, busy=lunch, protected=ela)
    ben = d.student("Ben K. (gr 3)", t1, 3, busy=lunch, protected=ela)
    cal = d.student("Cal M. (gr 1)", t2, 1, busy=[("*", "10:30", "11:00")])
    dee = d.student("Dee N. (gr 2)", t3, 2)
    d.line(ana, 2, 30, group=True)
    d.line(ben, 2, 30, group=True)
    d.line(cal, 1, 30, delivery=PUSH_IN)
    d.line(ana, 1, 30, delivery=CONSULT)
    d.line(dee, 1, 30)
    d.line(ben, 1, 30, delivery=PUSH_IN)
    assert ot1 == 0
    return d


def two_schools_with_travel() -> Problem:
    return tiny_district().build()


def group_of_two() -> Problem:
    """Two grade-3 students of one teacher, both `group`, with the same free windows."""
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak])
    t1 = d.teacher("T1", oak)
    for name in ("Ana L. (gr 3)", "Ben K. (gr 3)"):
        s = d.student(name, t1, 3, busy=[("*", "11:30", "12:00")])
        d.line(s, 2, 30, group=True, max_group=2)
    return d.build()


def consult_only() -> Problem:
    """One consult line; the teacher is busy all morning."""
    d = District()
    oak = d.school("OAK")
    d.therapist("ot1", [oak])
    t1 = d.teacher("T1", oak, busy=[("*", "08:00", "12:00")])
    s = d.student("Ana L. (gr 3)", t1, 3)
    d.line(s, 1, 30, delivery=CONSULT)
    return d.build()


def two_therapists_shared_school() -> Problem:
    """ot1 (1.0 FTE, OAK and ELM) and ot2 (0.5 FTE, ELM only, Mon-Wed), four unpinned
    students at ELM and one pinned at OAK."""
    d = District()
    oak, elm = d.school("OAK"), d.school("ELM")
    d.travel(oak, elm, 10)
    ot1 = d.therapist("ot1", [oak, elm])
    d.therapist("ot2", [elm], off="Thu Fri", fte=0.5)
    t_oak, t_elm = d.teacher("T1", oak), d.teacher("T2", elm)
    s = d.student("Ana L. (gr 3)", t_oak, 3, therapist=ot1)
    d.line(s, 2, 30)
    for i, grade in enumerate((1, 1, 2, 4)):
        s = d.student(f"E{i} (gr {grade})", t_elm, grade, busy=[("*", "11:00", "11:30")])
        d.line(s, 1 + i % 2, 30, group=True)
    return d.build()


# --- hypothesis strategies -------------------------------------------------------

_STARTS = ("07:45", "08:00", "08:15", "08:30")
_ENDS = ("14:30", "15:00", "15:15", "15:30")


def _hm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@st.composite
def small_problems(
    draw: st.DrawFn,
    max_therapists: int = 3,
    max_schools: int = 4,
    max_students: int = 12,
    in_force: bool = False,
) -> Problem:
    """A random small but realistic district: 1-3 therapists, 1-4 schools with travel
    (some pairs without), 2-12 students with grade-level lunch, recess and specials,
    protected ELA and math blocks, teacher planning periods, pull-out, push-in and
    consult lines, some groupable, some pinned therapists and pinned days.

    With `in_force=True`, some lines already have sessions in force (placed by the
    by-hand baseline), some of them locked."""
    d = District(group_grade_span=draw(st.sampled_from((1, 1, 2))))
    n_schools = draw(st.integers(1, max_schools))
    schools = []
    for k in range(n_schools):
        start = draw(st.sampled_from(_STARTS))
        end = draw(st.sampled_from(_ENDS))
        closed = "Fri" if draw(st.integers(0, 9)) == 0 else ""
        school = d.school(f"SC{k + 1}", start, end, closed=closed)
        if draw(st.booleans()) and not closed:  # early release on Wed
            d.school_day(school, 2, start, "13:00")
        schools.append(school)
    for a in range(n_schools):
        for b in range(a + 1, n_schools):
            if draw(st.integers(0, 4)) > 0:
                d.travel(a, b, draw(st.sampled_from((5, 10, 15, 20, 30))))

    therapists: list[int] = []
    n_therapists = draw(st.integers(1, max_therapists))
    uncovered = list(schools)  # every school is served by someone, as in a real district
    for t in range(n_therapists):
        served = draw(
            st.lists(st.sampled_from(schools), min_size=1, max_size=min(3, n_schools), unique=True)
        )
        if t == n_therapists - 1:
            served = sorted(set(served) | set(uncovered))
        uncovered = [k for k in uncovered if k not in served]
        fte = draw(st.sampled_from((1.0, 1.0, 0.8, 0.6)))
        off_days = {1.0: "", 0.8: "Fri", 0.6: "Thu Fri"}[fte]
        hours = draw(st.sampled_from((("07:30", "16:00"), ("08:00", "15:30"), ("08:00", "16:30"))))
        pinned: dict[str, int] = {}
        if len(served) > 1:
            for day in d.weekdays:
                if day not in off_days and draw(st.integers(0, 3)) == 0:
                    pinned[day] = draw(st.sampled_from(served))
        therapists.append(
            d.therapist(f"ot{t + 1}", served, hours=hours, off=off_days, pinned=pinned, fte=fte)
        )
        if draw(st.integers(0, 4)) == 0 and "Tue" not in off_days:
            d.set_hours(therapists[-1], "Tue", "12:00", hours[1])  # a late start one day

    teachers_at: dict[int, list[tuple[int, int]]] = {}
    for k in schools:
        teachers_at[k] = []
        for i in range(draw(st.integers(1, 3))):
            grade = draw(st.integers(0, 5))
            planning_start = draw(st.sampled_from((9 * 60, 10 * 60, 13 * 60, 14 * 60)))
            busy: list[Block] = [("*", _hm(planning_start), _hm(planning_start + 45))]
            teacher = d.teacher(f"T{k + 1}{i + 1}", k, busy=busy)
            teachers_at[k].append((teacher, grade))

    for s in range(draw(st.integers(2, max_students))):
        k = draw(st.sampled_from(schools))
        teacher, grade = draw(st.sampled_from(teachers_at[k]))
        lunch_start = 11 * 60 + 15 * (grade % 4)
        busy = [
            ("*", _hm(lunch_start), _hm(lunch_start + 30)),  # lunch and recess by grade
            ("*", _hm(10 * 60 + 15 * (grade % 2)), _hm(10 * 60 + 15 * (grade % 2) + 15)),
            (draw(st.sampled_from(("Mon", "Tue", "Wed", "Thu", "Fri"))), "13:30", "14:15"),
        ]
        protected: list[Block] = []
        if draw(st.booleans()):
            protected.append(("*", "08:30", "09:30") if grade < 3 else ("*", "09:00", "10:00"))
        if draw(st.integers(0, 2)) == 0:
            protected.append(("Mon Wed Fri", "12:30", "13:15"))
        serving = [t for t in therapists if k in d._therapists[t].schools]
        pinned_to = None
        if serving and draw(st.integers(0, 3)) == 0:
            pinned_to = draw(st.sampled_from(serving))
        student = d.student(
            f"St{s + 1} (gr {grade})",
            teacher,
            grade,
            therapist=pinned_to,
            busy=busy,
            protected=protected,
        )
        for _ in range(draw(st.integers(1, 2))):
            delivery = draw(st.sampled_from((PULL_OUT, PULL_OUT, PULL_OUT, PUSH_IN, CONSULT)))
            sessions = draw(st.sampled_from((1, 1, 1, 2, 2, 2, 2, 3, 3, 5)))
            if delivery == CONSULT:
                sessions = 1
            d.line(
                student,
                sessions,
                draw(st.sampled_from((20, 30, 30, 45))),
                delivery=delivery,
                group=delivery != CONSULT and draw(st.booleans()),
                max_group=draw(st.sampled_from((2, 3, 4))),
            )
    problem = d.build()
    if not in_force:
        return problem
    return draw(with_schedule_in_force(problem))


@st.composite
def with_schedule_in_force(draw: st.DrawFn, problem: Problem) -> Problem:
    """`problem` with the by-hand schedule in force, a random part of it locked."""
    solution = schedule_by_hand(problem)
    placed = tuple(
        PlacedSession(
            therapist=s.therapist,
            school=s.school,
            day=s.day,
            start=s.start,
            services=s.services,
            locked=draw(st.integers(0, 3)) == 0,
        )
        for s in solution.sessions
    )
    return replace(problem, in_force=placed)


@st.composite
def new_student_mid_year(draw: st.DrawFn) -> tuple[Problem, int]:
    """A random district whose by-hand schedule is in force (nothing locked), plus a
    student who moved in since: a copy of an existing student's timetable at the same
    school, unpinned, with 1-2 new lines. Returns the problem and the newcomer's index
    (their lines are the last ones)."""
    problem = draw(small_problems())
    solution = schedule_by_hand(problem)
    in_force = tuple(
        PlacedSession(s.therapist, s.school, s.day, s.start, s.services) for s in solution.sessions
    )
    classmate = draw(st.sampled_from(problem.students))
    index = len(problem.students)
    newcomer = replace(
        classmate,
        code="NEW",
        label=f"New S. (gr {classmate.grade})",
        therapist=None,
    )
    lines = tuple(
        ServiceLine(
            code=f"SV-NEW{i + 1}",
            student=index,
            sessions=draw(st.sampled_from((1, 2, 2, 3))),
            length=draw(st.sampled_from((20, 30, 30))),
            delivery=draw(st.sampled_from((PULL_OUT, PULL_OUT, PUSH_IN))),
            group=draw(st.booleans()),
            max_group=3,
        )
        for i in range(draw(st.integers(1, 2)))
    )
    return (
        replace(
            problem,
            students=(*problem.students, newcomer),
            services=(*problem.services, *lines),
            in_force=in_force,
        ),
        index,
    )


def mid_year_move_in() -> tuple[Problem, int]:
    """The tiny district with a valid schedule in force (the group of Ana and Ben
    locked on Tue), and Eve (gr 3, OAK, teacher T1) moved in with 2 x 30 min
    group pull-out. Returns the problem and Eve's index."""
    d = tiny_district()
    mon, tue = "Mon", "Tue"
    d.place(0, 0, mon, "08:00", (0, 1))
    d.place(0, 0, mon, "08:30", (3,))
    d.place(0, 1, mon, "09:30", (2,))
    d.place(0, 0, tue, "08:00", (0, 1), locked=True)
    d.place(0, 0, tue, "10:00", (5,))
    d.place(0, 2, "Wed", "08:00", (4,))
    eve = d.student(
        "Eve P. (gr 3)",
        0,
        3,
        busy=[("*", "11:30", "12:00")],
        protected=[("*", "09:00", "10:00")],
    )
    d.line(eve, 2, 30, group=True)
    return d.build(), eve
