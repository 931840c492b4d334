"""Neighbourhood moves: a few students of a therapist with lines left out (students
with left-out lines first) move to another candidate therapist sharing their school,
the one whose solved week has room for most of their lines; both weeks are solved
again, and the move stays when the two weeks together score better and meet no
fewer lines."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace

from schoolot.solver.instance import session_starts
from schoolot.solver.problem import PlacedSession, Problem
from schoolot.solver.runner import Runner, WeekTask
from schoolot.solver.week import WeekResult, sessions_as_placed

# A neighbourhood re-solve of one week gets at least this many seconds.
MIN_NEIGHBOURHOOD_SECONDS = 2.0
# Rounds of neighbourhood moves, and students moved at once from one week to another.
NEIGHBOURHOOD_ROUNDS = 3
MOVERS_PER_PAIR = 2


def neighbourhoods(
    problem: Problem,
    assignments: tuple[int | None, ...],
    proofs: dict[int, str],
    results: dict[int, WeekResult],
    runner: Runner,
    task: Callable[[int, Sequence[int], float, Sequence[PlacedSession]], WeekTask],
    until: float,
) -> tuple[tuple[int | None, ...], dict[int, WeekResult]]:
    """Re-solve pairs of therapists who share a school, one of them with lines left
    out: a few of that therapist's movable students at the school of a left-out
    line go to the other, both weeks are solved again, and the move stays when the
    two weeks together score better. Pairs of one round share no therapist."""
    chosen = list(assignments)
    locked = {problem.services[j].student for p in problem.in_force if p.locked for j in p.services}
    lines_of: dict[int, list[int]] = defaultdict(list)
    for index, line in enumerate(problem.services):
        if index not in proofs:
            lines_of[line.student].append(index)
    for round_number in range(NEIGHBOURHOOD_ROUNDS):
        left = until - time.monotonic()
        if left < MIN_NEIGHBOURHOOD_SECONDS or runner.cancelled:
            break
        share = left / (NEIGHBOURHOOD_ROUNDS - round_number)
        # Each pair is two week solves; keep them long enough to be worth it.
        most = max(1, int(share * runner.processes / (2 * MIN_NEIGHBOURHOOD_SECONDS)))
        pairs = _pairs(problem, chosen, results, lines_of, locked)[:most]
        if not pairs:
            break
        tasks = [
            week for pair in pairs for week in _pair_tasks(chosen, results, lines_of, task, *pair)
        ]
        trials = runner.run_trials(tasks, time.monotonic() + share)
        if not _keep_better_pairs(pairs, trials, chosen, results, runner):
            break
    return tuple(chosen), results


def _pair_tasks(
    chosen: Sequence[int | None],
    results: dict[int, WeekResult],
    lines_of: dict[int, list[int]],
    task: Callable[[int, Sequence[int], float, Sequence[PlacedSession]], WeekTask],
    giver: int,
    receiver: int,
    movers: list[int],
) -> tuple[WeekTask, WeekTask]:
    """The giver's week without the movers (hinted with its sessions less theirs),
    and the receiver's week with them."""
    gone = {j for s in movers for j in lines_of[s]}
    keep = [
        replace(p, services=tuple(j for j in p.services if j not in gone))
        for p in sessions_as_placed(results[giver].sessions)
    ]
    giver_students = [s for s, t in enumerate(chosen) if t == giver and s not in movers]
    receiver_students = [s for s, t in enumerate(chosen) if t == receiver]
    hints = sessions_as_placed(results[receiver].sessions)
    return (
        task(giver, giver_students, 0.0, [p for p in keep if p.services]),
        task(receiver, [*receiver_students, *movers], 0.0, hints),
    )


def _keep_better_pairs(
    pairs: Sequence[tuple[int, int, list[int]]],
    trials: dict[int, WeekResult],
    chosen: list[int | None],
    results: dict[int, WeekResult],
    runner: Runner,
) -> bool:
    """Make each move whose two re-solved weeks (tasks 2n and 2n + 1 of `trials`)
    together score better than before; whether any did."""
    improved = False
    for number, (giver, receiver, movers) in enumerate(pairs):
        new_giver, new_receiver = trials.get(2 * number), trials.get(2 * number + 1)
        if new_giver is None or new_receiver is None:
            continue
        if not (new_giver.has_solution and new_receiver.has_solution):
            continue
        before = results[giver].objective + results[receiver].objective
        if not new_giver.objective + new_receiver.objective < before:
            continue
        # Lines met never fall, whatever else the objective gains.
        if len(new_giver.unmet) + len(new_receiver.unmet) > len(results[giver].unmet) + len(
            results[receiver].unmet
        ):
            continue
        for student in movers:
            chosen[student] = receiver
        results[giver], results[receiver] = new_giver, new_receiver
        for therapist, week in ((giver, new_giver), (receiver, new_receiver)):
            runner.tally.replace(therapist, week.objective, week.bound, runner.on_progress)
        improved = True
    return improved


def _pairs(
    problem: Problem,
    chosen: Sequence[int | None],
    results: dict[int, WeekResult],
    lines_of: dict[int, list[int]],
    locked: set[int],
) -> list[tuple[int, int, list[int]]]:
    """(giver, receiver, students to move) for this round, most left-out lines first."""
    givers = sorted(
        (t for t, r in results.items() if r.unmet and r.has_solution),
        key=lambda t: (-len(results[t].unmet), t),
    )
    busy: set[int] = set()
    pairs = []
    for giver in givers:
        if giver in busy:
            continue
        schools = {
            problem.students[problem.services[j].student].school for j in results[giver].unmet
        }
        movable = [
            s
            for s, t in enumerate(chosen)
            if t == giver
            and problem.students[s].therapist is None
            and s not in locked
            and problem.students[s].school in schools
            and lines_of.get(s)
            and any(
                other in results and other not in busy and other != giver
                for other in problem.students[s].candidates
            )
        ]
        if not movable:
            continue
        unmet = set(results[giver].unmet)
        # Students with left-out lines first, then those with the most minutes.
        movable.sort(
            key=lambda s: (
                -sum(j in unmet for j in lines_of[s]),
                -sum(
                    problem.services[j].sessions * problem.services[j].length for j in lines_of[s]
                ),
                s,
            )
        )
        first = movable[0]
        receivers = [
            t
            for t in sorted(problem.students[first].candidates)
            if t in results and t not in busy and t != giver
        ]
        # The receiver with room for most of the student's lines in their week as
        # solved, then the one leaving out fewest lines.
        receiver = min(
            receivers,
            key=lambda t: (
                -lines_with_room(problem, results[t], lines_of[first]),
                len(results[t].unmet),
                len(results[t].sessions),
                t,
            ),
        )
        movers = [
            s
            for s in movable
            if receiver in problem.students[s].candidates
            and (s == first or lines_with_room(problem, results[receiver], lines_of[s]))
        ]
        pairs.append((giver, receiver, movers[:MOVERS_PER_PAIR]))
        busy.update((giver, receiver))
    return pairs


def lines_with_room(problem: Problem, week: WeekResult, lines: Sequence[int]) -> int:
    """How many of `lines` fit, each on its own, into the free time of `week` (its
    sessions, and drives to and from any other school that day; a day at a school
    with no drive to the line's school has no room)."""
    therapist = week.therapist
    busy_on: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for session in week.sessions:
        busy_on[session.day].append((session.start, session.end, session.school))
    fitting = 0
    for index in lines:
        line = problem.services[index]
        school = problem.students[line.student].school
        days = []
        for day in range(len(problem.weekdays)):
            starts = session_starts(problem, index, therapist, day)
            if starts and _free_start(problem, busy_on[day], school, starts, line.length):
                days.append(day)
        if problem.days_fit(index, therapist, days):
            fitting += 1
    return fitting


def _free_start(
    problem: Problem,
    busy: Sequence[tuple[int, int, int]],
    school: int,
    starts: Sequence[int],
    length: int,
) -> bool:
    blocked = []
    for start, end, there in busy:
        if there == school:
            blocked.append((start, end))
            continue
        drive = problem.travel[there][school]
        if drive is None:
            return False
        blocked.append((start - drive, end + drive))
    return any(all(s + length <= a or s >= b for a, b in blocked) for s in starts)
