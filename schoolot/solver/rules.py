"""The hard rules the by-hand baseline, the model's greedy hint and the explainer
check one placement at a time, written once for the three of them.

The CP-SAT model (`week_data`, `week_groups`) and `validate` keep their own copies on
purpose: the model states the rules as constraints, and the validator checks any
solution without sharing code with what made it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .problem import CONSULT, PUSH_IN, Problem


def may_join(
    problem: Problem, service: int, members: Sequence[int], school: int, delivery: str, length: int
) -> bool:
    """Whether line `service` may join a session at `school`, of `delivery` and
    `length` minutes, that holds the lines `members`: rule 7 (group lines only, no
    consults; one delivery, length and school; push-in of one teacher; grades within
    `group_grade_span`; no more students than the smallest `max_group`) and rule 6 (a
    student once a session). The session's time and whether it is locked are the
    caller's to check."""
    line = problem.services[service]
    student = problem.students[line.student]
    if not line.group or line.delivery == CONSULT:
        return False
    if delivery != line.delivery or length != line.length or school != student.school:
        return False
    others = [problem.services[j] for j in members]
    if not all(o.group for o in others) or any(o.student == line.student for o in others):
        return False
    grades = [problem.students[o.student].grade for o in others] + [student.grade]
    if max(grades) - min(grades) > problem.group_grade_span:
        return False
    if len(others) + 1 > min([o.max_group for o in others] + [line.max_group]):
        return False
    return line.delivery != PUSH_IN or all(
        problem.students[o.student].teacher == student.teacher for o in others
    )
