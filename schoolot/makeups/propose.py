"""Propose makeups: for each therapist's lines with minutes owed back, slots in the
coming weeks that keep every rule of the schedule in force on those dates.

A therapist's earlier proposals that nobody decided are replaced; a slot they declined
is not proposed again. New makeups are stored in state "proposed" for the therapist (or
a coordinator) to accept, move or decline.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from schoolot.district.settings import district_today, get_district
from schoolot.makeups.choose import Candidate, Day, choose
from schoolot.makeups.owed import OwedLine, owed_back
from schoolot.makeups.rules import MakeupRules, Slot, as_time, date_text
from schoolot.models import Makeup, ServiceLine, Student, Therapist
from schoolot.solver.windows import overlaps, starts_within

WEEKS_AHEAD = 3
SHORTEST_MAKEUP = 15  # minutes: owed minutes below this are made up in one such session
# The preferences among slots that cover the same minutes, in cost points.
COST_PER_DAY_LATER = 10
COST_NEW_SCHOOL_THAT_DAY = 60
COST_OTHER_LENGTH = 40
COST_PER_SESSION = 5
# A session of its own takes the therapist's time; joining a group session does not.
COST_OWN_SESSION = 30
# Among starts of one day: a point per quarter hour away from the day's sessions there
# (up to COST_PER_DAY_LATER - 1: never worth a later day).
COST_PER_QUARTER_AWAY = 1
# Starts a line keeps per date and length (the model stays small over three weeks).
MAX_STARTS = 8


@dataclass
class TherapistProposal:
    """What was proposed for one therapist, and the minutes left without a slot."""

    therapist: Therapist
    made: list[Makeup] = field(default_factory=list)
    # (line, minutes owed back with no slot found)
    left: list[tuple[ServiceLine, int]] = field(default_factory=list)


def coming_weeks(today: dt.date, weeks: int = WEEKS_AHEAD) -> tuple[dt.date, dt.date]:
    """From tomorrow, `weeks` weeks."""
    first = today + dt.timedelta(days=1)
    return first, first + dt.timedelta(days=7 * weeks - 1)


def propose_makeups(
    session: Session,
    *,
    therapist_id: int | None = None,
    today: dt.date | None = None,
    weeks: int = WEEKS_AHEAD,
    time_limit: float = 5.0,
    seed: int = 0,
) -> list[TherapistProposal]:
    """Propose makeups for every therapist with minutes owed back (or one), from
    tomorrow for `weeks` weeks; flushes the new rows."""
    district = get_district(session)
    if district is None:
        return []
    today = today or district_today(district)
    owed = owed_back(session, today, therapist_id=therapist_id)
    by_therapist: dict[int, list[OwedLine]] = {}
    for line in owed:
        by_therapist.setdefault(line.therapist_id, []).append(line)
    # Therapists with undecided proposals and nothing owed any more: withdrawn.
    waiting = select(Makeup.therapist_id).where(Makeup.state == "proposed").distinct()
    if therapist_id is not None:
        waiting = waiting.where(Makeup.therapist_id == therapist_id)
        by_therapist.setdefault(therapist_id, [])
    for tid in session.scalars(waiting):
        by_therapist.setdefault(tid, [])
    results = []
    for tid in sorted(by_therapist):
        therapist = session.get(Therapist, tid)
        if therapist is not None:
            results.append(
                propose_for_therapist(
                    session,
                    therapist,
                    by_therapist[tid],
                    *coming_weeks(today, weeks),
                    time_limit=time_limit,
                    seed=seed,
                )
            )
    return results


def propose_for_therapist(
    session: Session,
    therapist: Therapist,
    owed: list[OwedLine],
    first: dt.date,
    last: dt.date,
    *,
    time_limit: float = 5.0,
    seed: int = 0,
) -> TherapistProposal:
    """Replace the therapist's undecided proposals with makeups for `owed`, dated
    `first` to `last`."""
    # One by one, so the change history records each proposal withdrawn.
    for undecided in session.scalars(
        select(Makeup).where(Makeup.therapist_id == therapist.id, Makeup.state == "proposed")
    ):
        session.delete(undecided)
    session.flush()
    result = TherapistProposal(therapist)
    if not owed:
        return result
    lines = _lines(session, [o.service_line_id for o in owed])
    rules = MakeupRules(session, therapist, list(lines.values()), first, last)
    need = {o.service_line_id: _cap(o.minutes, lines[o.service_line_id]) for o in owed}
    candidates = _candidates(session, rules, lines, need, first, last)

    def fits_together(day: list[Candidate]) -> bool:
        slots = [_slot(c, first) for c in day]
        return all(rules.check(slot, slots[:k]) is None for k, slot in enumerate(slots))

    days = {c.day: _day(rules, first + dt.timedelta(days=c.day)) for c in candidates}
    chosen = choose(candidates, need, fits_together, days=days, time_limit=time_limit, seed=seed)
    covered: dict[int, int] = {}
    for candidate in chosen:
        line = lines[candidate.line]
        slot = _slot(candidate, first)
        covered[line.id] = covered.get(line.id, 0) + slot.minutes
        result.made.append(_store(session, therapist, line, slot, rules))
    for o in owed:
        rest = o.minutes - covered.get(o.service_line_id, 0)
        if rest > 0:
            result.left.append((lines[o.service_line_id], rest))
    session.flush()
    return result


def _lines(session: Session, ids: list[int]) -> dict[int, ServiceLine]:
    query = (
        select(ServiceLine)
        .where(ServiceLine.id.in_(ids))
        .options(
            selectinload(ServiceLine.student).selectinload(Student.school),
            selectinload(ServiceLine.student).selectinload(Student.teacher),
        )
    )
    return {line.id: line for line in session.scalars(query)}


def _rest_length(rest: int, own: int) -> int:
    """A makeup for `rest` minutes left over: rounded up to 5, at least SHORTEST_MAKEUP."""
    return min(max(-(-rest // 5) * 5, SHORTEST_MAKEUP), own)


def _lengths(minutes: int, line: ServiceLine) -> list[int]:
    """The makeup lengths for `minutes` owed: the line's own, and one for what is left
    over after whole sessions."""
    own = line.session_minutes
    lengths = {own} if minutes >= own else set()
    if minutes % own:
        lengths.add(_rest_length(minutes % own, own))
    return sorted(lengths)


def _cap(minutes: int, line: ServiceLine) -> int:
    """The most minutes of makeups a line may get: what is owed, the rest rounded up."""
    own = line.session_minutes
    rest = minutes % own
    return minutes // own * own + (_rest_length(rest, own) if rest else 0)


def _fewer(starts: list[int], keep: set[int]) -> list[int]:
    """At most MAX_STARTS of a day's starts (quarter hours, half hours, hours), and
    those in `keep` (right next to the day's sessions there) always."""
    for step in (5, 15, 30, 60):
        kept = [s for s in starts if s % step == 0 and s not in keep]
        if len(kept) + len(keep) <= MAX_STARTS:
            break
    return sorted(set(kept[: max(MAX_STARTS - len(keep), 0)]) | keep)


def _candidates(
    session: Session,
    rules: MakeupRules,
    lines: dict[int, ServiceLine],
    need: dict[int, int],
    first: dt.date,
    last: dt.date,
) -> list[Candidate]:
    declined = _declined(session, rules.therapist.id, first, last)
    candidates = []
    for offset in range((last - first).days + 1):
        date = first + dt.timedelta(days=offset)
        for line_id, minutes in need.items():
            line = lines[line_id]
            school = line.student.school_id
            there = rules.at_school(date, school)
            for length in _lengths(minutes, line):
                cost = (
                    COST_PER_DAY_LATER * offset
                    + (0 if there else COST_NEW_SCHOOL_THAT_DAY)
                    + (0 if length == line.session_minutes else COST_OTHER_LENGTH)
                    + COST_PER_SESSION
                )
                candidates += _line_candidates(rules, line, date, offset, length, cost, declined)
    return candidates


def _line_candidates(
    rules: MakeupRules,
    line: ServiceLine,
    date: dt.date,
    offset: int,
    length: int,
    cost: int,
    declined: set[tuple[int, dt.date, int]],
) -> list[Candidate]:
    """The line's makeups of `length` on `date`: joining a group session there costs
    no therapist time; a session of its own costs COST_OWN_SESSION, plus a point per
    quarter hour away from the day's sessions at that school."""
    school = line.student.school_id
    starts = [s for s in rules.starts(line.id, date, length) if (line.id, date, s) not in declined]
    gaps = {s: rules.gap_to_sessions(date, school, s, s + length) for s in starts}
    found = []
    for start in _fewer(starts, {s for s, gap in gaps.items() if gap == 0}):
        joined = rules.joins(Slot(line.id, date, start, start + length))
        near = min((gaps[start] or 0) // 15, COST_PER_DAY_LATER - 1) * COST_PER_QUARTER_AWAY
        found.append(
            Candidate(
                line.id,
                offset,
                start,
                start + length,
                cost + (0 if joined else COST_OWN_SESSION + near),
                place=school,
                student=line.student_id,
                joins=f"{date}/{joined.session_uid}" if joined else None,
            )
        )
    return found


def _day(rules: MakeupRules, date: dt.date) -> Day:
    """The date's busy time and the lunch starts it leaves, for the model."""
    busy = tuple(rules.busy(date))
    problem = rules.problem
    starts = starts_within((problem.lunch_window,), problem.lunch_minutes, problem.grid)
    free = tuple(
        s for s in starts if not any(overlaps((s, s + problem.lunch_minutes), b) for b in busy)
    )
    return Day(busy, free, problem.lunch_minutes)


def _declined(
    session: Session, therapist_id: int, first: dt.date, last: dt.date
) -> set[tuple[int, dt.date, int]]:
    rows = session.scalars(
        select(Makeup).where(
            Makeup.therapist_id == therapist_id,
            Makeup.state == "declined",
            Makeup.date >= first,
            Makeup.date <= last,
        )
    )
    return {(m.service_line_id, m.date, m.start.hour * 60 + m.start.minute) for m in rows}


def _slot(candidate: Candidate, first: dt.date) -> Slot:
    date = first + dt.timedelta(days=candidate.day)
    return Slot(candidate.line, date, candidate.start, candidate.end)


def _store(
    session: Session, therapist: Therapist, line: ServiceLine, slot: Slot, rules: MakeupRules
) -> Makeup:
    joined = rules.joins(slot)
    there = rules.at_school(slot.date, line.student.school_id)
    why = "you are there that day" if there else "a day you could be there"
    if joined is not None:
        others = joined.group_size
        why = f"joining your group session then (with {others} other student{'s' * (others > 1)})"
    makeup = Makeup(
        uid=uuid.uuid4().hex,
        service_line=line,
        therapist=therapist,
        school_id=line.student.school_id,
        date=slot.date,
        start=as_time(slot.start),
        end=as_time(slot.end),
        state="proposed",
        note=f"Proposed for minutes owed back on {line.code}: {date_text(slot.date)}, {why}.",
    )
    session.add(makeup)
    return makeup
