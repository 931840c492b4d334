"""What each therapist would need to meet the lines a schedule leaves out, in a
coordinator's words (`shortfall_words`): "Sara Rodriguez needs about 530 more minutes
a week at Hawthorne Elementary and River Elementary, Mon-Thu mornings: 12 of 57 lines
left out (no valid schedule meets more than 54)"."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from .day_options import OK, LockedSessions, line_days, locked_sessions
from .problem import Problem
from .solution import Solution
from .validate import day_name
from .windows import join_words

NOON = 12 * 60
# A part of the day is named when this share of the left-out lines' starts fall in it.
MOSTLY = 0.8


def shortfall_words(
    problem: Problem,
    solution: Solution,
    proofs: Mapping[int, str],
    out_of_reach: Mapping[int, int],
) -> tuple[str, ...]:
    """One sentence per therapist whose lines are left out (those of `proofs`, which
    no time could place, aside), the most minutes first: the minutes those lines owe,
    the schools, the days (and part of the day) they fit, and, from `out_of_reach`
    (per therapist, lines no valid week of theirs meets), the most that can be met."""
    assignments = solution.assignments
    left_out: dict[int, list[int]] = defaultdict(list)
    for u in solution.unscheduled:
        therapist = assignments[problem.services[u.service].student]
        if therapist is not None and u.service not in proofs:
            left_out[therapist].append(u.service)
    owned = Counter(
        assignments[line.student]
        for j, line in enumerate(problem.services)
        if line.sessions > 0 and j not in proofs
    )
    locked = locked_sessions(problem)
    found = []
    for therapist, lines in left_out.items():
        # a week's minutes: in a cycle of weeks, the cycle's over its weeks
        cycle = sum(problem.services[j].sessions * problem.services[j].length for j in lines)
        minutes = round(cycle / problem.cycle_weeks)
        schools = sorted({problem.students[problem.services[j].student].school for j in lines})
        where = join_words([problem.schools[k].label for k in schools])
        when = _when(problem, therapist, lines, locked)
        sentence = (
            f"{problem.therapists[therapist].label} needs about {minutes:,} more minutes a week "
            f"at {where}{', ' + when if when else ''}: {len(lines)} of {owned[therapist]} "
            f"lines left out"
        )
        if out_of_reach.get(therapist):
            most = owned[therapist] - out_of_reach[therapist]
            sentence += f" (no valid schedule meets more than {most})"
        found.append((-minutes, therapist, sentence))
    return tuple(sentence for _, _, sentence in sorted(found))


def _when(problem: Problem, therapist: int, lines: Sequence[int], locked: LockedSessions) -> str:
    """The days at least half the lines fit on, and 'mornings' or 'afternoons' when
    nearly all their starts on those days fall there: 'Mon-Thu mornings'."""
    fits: Counter[int] = Counter()
    starts: dict[int, list[int]] = defaultdict(list)
    for j in lines:
        for day in line_days(problem, j, therapist, locked):
            if day.status == OK:
                fits[day.day] += 1
                starts[day.day].extend(day.starts)
    days = sorted(d for d, n in fits.items() if 2 * n >= len(lines))
    if not days:
        return ""
    every = [s for d in days for s in starts[d]]
    morning = sum(1 for s in every if s < NOON) / max(1, len(every))
    part = " mornings" if morning >= MOSTLY else " afternoons" if morning <= 1 - MOSTLY else ""
    return _days_text(problem, days) + part


def _days_text(problem: Problem, days: Sequence[int]) -> str:
    """'Mon-Thu', 'Mon, Wed and Fri', 'Mon-Tue and Thu': runs of three or more days as
    ranges."""
    runs: list[list[int]] = []
    for d in days:
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    words: list[str] = []
    for run in runs:
        if len(run) >= 3:
            words.append(f"{day_name(problem, run[0])}-{day_name(problem, run[-1])}")
        else:
            words.extend(day_name(problem, d) for d in run)
    return join_words(words)
