"""Time the scheduler on synthetic districts of the issue's target sizes.

    .venv/bin/python -m bench.solver_sizes [small|medium|large|huge ...] [--time-limit S]

Districts are built directly as `Problem`s (bell times, grade-level lunch, recess and
specials, protected ELA and math blocks, teacher planning periods, pull-out, push-in
and consult lines, some groupable, some pinned therapists and pinned days), so the
numbers do not depend on the bundle generator or the database bridge.
"""

from __future__ import annotations

import argparse
import random
import resource
import time

from schoolot.solver.problem import (
    CONSULT,
    PULL_OUT,
    PUSH_IN,
    Problem,
    School,
    ServiceLine,
    Student,
    Teacher,
    Therapist,
)
from schoolot.solver.windows import merge, subtract

SIZES = {
    "small": (1, 3, 40),
    "medium": (8, 20, 250),
    "large": (40, 90, 1250),
    "huge": (150, 300, 5000),
}
DAYS = 5


def synthetic_problem(therapists: int, schools: int, students: int, seed: int = 1) -> Problem:
    rng = random.Random(seed)
    # Schools on a line in clusters: neighbours 8-25 minutes apart; no row beyond 40.
    positions = []
    x = 0.0
    for k in range(schools):
        x += rng.uniform(3, 12) if k % 5 else rng.uniform(8, 20)
        positions.append(x)
    travel = tuple(
        tuple(
            0
            if a == b
            else (None if abs(pa - pb) * 1.6 + 5 > 40 else round(abs(pa - pb) * 1.6 + 5))
            for b, pb in enumerate(positions)
        )
        for a, pa in enumerate(positions)
    )
    school_rows = []
    for _ in range(schools):
        start = rng.choice((7 * 60 + 45, 8 * 60, 8 * 60 + 30, 8 * 60 + 45))
        day = (start, start + 7 * 60)
        school_rows.append(School(code=f"SC{len(school_rows) + 1}", day=(day,) * DAYS))

    # Therapists serve a window of consecutive schools; neighbours share one school.
    therapist_rows = []
    for t in range(therapists):
        first = t * schools // therapists
        last = (t + 1) * schools // therapists  # the next therapist's first school
        served = (
            set(range(first, min(schools, last + 1))) if therapists > 1 else set(range(schools))
        )
        fte = rng.choice((1.0, 1.0, 1.0, 0.8, 0.6))
        working = DAYS if fte == 1.0 else (4 if fte == 0.8 else 3)
        hours = tuple((7 * 60 + 30, 16 * 60) if d < working else None for d in range(DAYS))
        pinned: list[int | None] = [None] * DAYS
        ordered = sorted(served)
        if len(ordered) > 1 and rng.random() < 0.5:
            pinned[rng.randrange(working)] = rng.choice(ordered)
        therapist_rows.append(
            Therapist(
                code=f"ot{t + 1}",
                fte=fte,
                schools=frozenset(served),
                hours=hours,
                pinned=tuple(pinned),
            )
        )
    serving: dict[int, list[int]] = {k: [] for k in range(schools)}
    for t, row in enumerate(therapist_rows):
        for k in row.schools:
            serving[k].append(t)

    # Teachers: grades K-5 per school, each with a planning period, ELA and math blocks.
    teacher_rows: list[Teacher] = []
    teacher_info: list[tuple[int, int, list[tuple[int, int]], list[tuple[int, int]]]] = []
    for k, school in enumerate(school_rows):
        day_start, day_end = school.day[0]  # type: ignore[misc]
        for grade in range(6):
            for _ in range(2):
                planning = rng.choice((9 * 60, 10 * 60, 13 * 60, 14 * 60))
                busy = [(planning, planning + 45)]
                ela = day_start + rng.choice((15, 30, 60))
                math = rng.choice((12 * 60 + 45, 13 * 60 + 15, 13 * 60 + 45))
                protected = [(ela, ela + 90), (math, min(day_end, math + 60))]
                free = subtract([(day_start, day_end)], busy)
                teacher_rows.append(
                    Teacher(code=f"T{len(teacher_rows) + 1}", school=k, free=(free,) * DAYS)
                )
                teacher_info.append((k, grade, busy, protected))

    student_rows = []
    services = []
    for s in range(students):
        k = rng.randrange(schools)
        teacher = rng.choice([i for i, info in enumerate(teacher_info) if info[0] == k])
        _, grade, _, protected = teacher_info[teacher]
        day_start, day_end = school_rows[k].day[0]  # type: ignore[misc]
        lunch = 11 * 60 + 15 * (grade % 4)
        pull_out, push_in = [], []
        specials_day = rng.randrange(DAYS)
        for d in range(DAYS):
            busy = [(lunch, lunch + 30), (lunch + 30, lunch + 50)]
            specials = 9 * 60 + 45 * (grade % 3) + (60 if d == specials_day else 0)
            busy.append((specials, specials + 45))
            if rng.random() < 0.2:  # another provider (speech) one day
                other = rng.choice((9 * 60 + 30, 13 * 60 + 30, 14 * 60))
                busy.append((other, other + 30))
            push_in.append(subtract([(day_start, day_end)], busy))
            pull_out.append(subtract([(day_start, day_end)], merge(busy + protected)))
        therapist = None
        if serving[k] and rng.random() < 0.3:
            therapist = rng.choice(serving[k])
        student_rows.append(
            Student(
                code=f"S{s + 1}",
                label=f"Student {s + 1} (gr {grade})",
                school=k,
                grade=grade,
                teacher=teacher,
                therapist=therapist,
                candidates=frozenset(serving[k]),
                free_pull_out=tuple(pull_out),
                free_push_in=tuple(push_in),
            )
        )
        lines = [rng.choice((PULL_OUT, PULL_OUT, PULL_OUT, PUSH_IN))]
        if rng.random() < 0.15:
            lines.append(CONSULT)
        for delivery in lines:
            sessions = 1 if delivery == CONSULT else rng.choice((1, 1, 1, 2, 2))
            length = 30 if delivery == CONSULT else rng.choice((20, 30, 30, 30, 45))
            services.append(
                ServiceLine(
                    code=f"SV{len(services) + 1}",
                    student=s,
                    sessions=sessions,
                    length=length,
                    delivery=delivery,
                    group=delivery != CONSULT and rng.random() < 0.5,
                    max_group=rng.choice((2, 3, 3, 4)),
                )
            )
    return Problem(
        weekdays=("Mon", "Tue", "Wed", "Thu", "Fri"),
        lunch_minutes=30,
        lunch_window=(11 * 60, 13 * 60 + 30),
        group_grade_span=1,
        schools=tuple(school_rows),
        travel=travel,
        therapists=tuple(therapist_rows),
        teachers=tuple(teacher_rows),
        students=tuple(student_rows),
        services=tuple(services),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", default=["small", "medium", "large"])
    parser.add_argument("--time-limit", type=float, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()

    from schoolot.solver.baseline import schedule_by_hand
    from schoolot.solver.solve import solve

    limits = {"small": 5.0, "medium": 20.0, "large": 60.0, "huge": 300.0}
    for size in args.sizes:
        problem = synthetic_problem(*SIZES[size])
        limit = args.time_limit or limits[size]
        clock = time.monotonic()
        by_hand = schedule_by_hand(problem)
        by_hand_seconds = time.monotonic() - clock
        started = time.monotonic()
        solution = solve(problem, time_limit=limit, seed=args.seed, workers=args.workers)
        wall = time.monotonic() - started
        stats = solution.stats
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        first = stats.first_solution_seconds or 0.0
        print(
            f"{size} {SIZES[size]}: {len(problem.services)} lines; by hand "
            f"{len(by_hand.unscheduled)} unscheduled in {by_hand_seconds:.1f}s; solve "
            f"(limit {limit:.0f}s) first valid {first:.1f}s, done {wall:.1f}s, {stats.status}, "
            f"objective {stats.objective:.0f}, bound {stats.bound:.0f}, gap {stats.gap:.1%}, "
            f"{len(solution.unscheduled)} unscheduled, {len(solution.sessions)} sessions, "
            f"peak RSS of this process {peak:.0f} MiB",
            flush=True,
        )


if __name__ == "__main__":
    main()
