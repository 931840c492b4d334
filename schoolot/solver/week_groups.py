"""Rule family of groups: who may share a session.

Buckets (week_data) already hold only `group` lines of one school with the same
delivery and length, and for push-in of one teacher; consult lines are never in a
bucket. What is left for the model: a held bucket has at least one member and
members only when held; no more members than the smallest `max_group` among them;
a grade spread of at most `group_grade_span`; a student once per session.
"""

from __future__ import annotations

from collections import defaultdict

from schoolot.solver.week_model import Literal, WeekModel


def add_group_rules(wm: WeekModel) -> None:
    model, problem = wm.model, wm.problem
    span = problem.group_grade_span
    for option in wm.data.options:
        if not option.grouped:
            continue
        held = wm.held[option.index]
        members = [wm.member[option.index, service] for service in option.lines]
        for member in members:
            model.add_implication(member, held)
        model.add_bool_or(members).only_enforce_if(held)

        for service, member in zip(option.lines, members, strict=True):
            largest = problem.services[service].max_group
            if largest < len(members):
                model.add(sum(members) <= largest).only_enforce_if(member)

        by_student: dict[int, list[Literal]] = defaultdict(list)
        by_grade: dict[int, list[Literal]] = defaultdict(list)
        for service, member in zip(option.lines, members, strict=True):
            student = problem.students[problem.services[service].student]
            by_student[problem.services[service].student].append(member)
            by_grade[student.grade].append(member)
        for literals in by_student.values():
            if len(literals) > 1:
                model.add_at_most_one(literals)

        grades = sorted(by_grade)
        if grades[-1] - grades[0] <= span:
            continue
        present: dict[int, Literal] = {}
        for grade in grades:
            literals = by_grade[grade]
            if len(literals) == 1:
                present[grade] = literals[0]
            else:
                present[grade] = model.new_bool_var(f"grade_{grade}_in_{option.index}")
                for literal in literals:
                    model.add_implication(literal, present[grade])
        for i, low in enumerate(grades):
            for high in grades[i + 1 :]:
                if high - low > span:
                    model.add_bool_or([present[low].Not(), present[high].Not()])
