"""The independent checker (tests/schedule_checker.py) on a cycle of weeks.

test_scheduling_checker.py's hand-written bundle and schedule, repeated over a cycle:
each test breaks one rule of the cycle and expects the checker to name it.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from tests.schedule_checker import check_schedule
from tests.test_scheduling_checker import BUNDLE, VALID, broken, write_bundle


def in_weeks(document: dict[str, Any], weeks: int) -> dict[str, Any]:
    """`document`'s sessions and travel in every week of a `weeks`-week cycle; the
    monthly line SV6 (4 a month) keeps ceil(4 x weeks / 4) = `weeks` sessions, one a week."""
    cycle = copy.deepcopy(document)
    cycle["cycle_weeks"] = weeks
    cycle["sessions"] = [
        {**s, "id": f"{s['id']}{w}", "cycle_week": w}
        for w in range(1, weeks + 1)
        for s in document["sessions"]
    ]
    cycle["travel"] = [
        {**t, "cycle_week": w} for w in range(1, weeks + 1) for t in document["travel"]
    ]
    return cycle


def add_column(bundle, file: str, column: str, values: dict[int, str]) -> None:
    """A column on `file`, with `values` by row number (from 1) and "" elsewhere."""
    rows = bundle[file]
    rows[0].append(column)
    for n, row in enumerate(rows[1:], start=1):
        row.append(values.get(n, ""))


@pytest.fixture
def bundle():
    return copy.deepcopy(BUNDLE)


@pytest.fixture
def check(tmp_path: Path, bundle):
    def run(document: dict[str, Any]) -> list[str]:
        return check_schedule(write_bundle(tmp_path / "bundle", bundle), document)

    return run


def session_of(document, uid):
    return next(s for s in document["sessions"] if s["id"] == uid)


def test_a_two_week_cycle_of_the_valid_week_passes(check):
    assert check(in_weeks(VALID, 2)) == []


def test_an_old_one_week_document_is_week_one_of_one(check):
    assert "cycle_weeks" not in VALID
    assert check(copy.deepcopy(VALID)) == []


def test_a_block_of_week_b_holds_in_week_b_only(check, bundle):
    bundle["blocks.csv"].append(["OAK", "teacher", "t1", "Tue", "10:00", "11:00", "busy", "Music"])
    add_column(bundle, "blocks.csv", "cycle_week", {4: "2"})

    errors = check(in_weeks(VALID, 2))

    assert broken(errors, "rule 4", "session b2", "S1 is busy 10:00")
    assert not broken(errors, "rule 4", "session b1")


def test_hours_of_one_week_replace_the_every_week_hours(check, bundle):
    bundle["therapist_hours.csv"].append(["ot", "Mon", "11:00", "16:00", ""])
    add_column(bundle, "therapist_hours.csv", "cycle_week", {4: "2"})

    errors = check(in_weeks(VALID, 2))

    assert broken(errors, "rule 1", "session a2", "outside ot's hours")
    assert not broken(errors, "rule 1", "session a1")


def test_a_weekly_line_missing_in_one_week(check):
    document = in_weeks(VALID, 2)
    document["sessions"].remove(session_of(document, "b2"))

    assert broken(check(document), "rule 6", "SV1 needs 4 sessions in the 2-week cycle, has 3")


def test_a_weekly_line_with_its_sessions_in_the_wrong_weeks(check):
    """SV1 (2 a week) with 3 sessions in week 1 and 1 in week 2: 4 in all, but not
    2 every week."""
    document = in_weeks(VALID, 2)
    session_of(document, "b2").update(cycle_week=1, weekday="Thu")

    errors = check(document)

    assert broken(errors, "rule 6", "SV1 has 3 sessions in cycle week 1, not 2")
    assert broken(errors, "rule 6", "SV1 has 1 sessions in cycle week 2, not 2")


def test_a_monthly_line_gets_at_most_an_even_share_of_a_week(check):
    """SV6: 4 a month is 4 sessions in a 4-week cycle, at most one a week: two in week 3
    (and none in week 4) breaks the share though the count is right."""
    document = in_weeks(VALID, 4)
    assert check(document) == []
    session_of(document, "f4").update(cycle_week=3, weekday="Fri")

    errors = check(document)

    assert broken(errors, "rule 6", "SV6 has 2 sessions in cycle week 3, not 0 to 1")
    assert not broken(errors, "rule 6", "SV6 needs")


def test_a_three_one_therapist_has_no_direct_session_in_week_four(check, bundle):
    add_column(bundle, "therapists.csv", "service_model", {1: "3:1"})

    errors = check(in_weeks(VALID, 4))

    assert broken(errors, "rule 6", "SV1 has 2 sessions in cycle week 4, not 0")
    # A consult is not direct service: it may stay in week 4.
    assert not broken(errors, "rule 6", "SV4 has")


def test_a_cycle_unlike_the_districts_setting(check, bundle):
    add_column(bundle, "district.csv", "cycle_weeks", {1: "2"})

    assert broken(check(copy.deepcopy(VALID)), "shape", "cycle_weeks is 1, the district's is 2")


def test_a_session_in_a_week_beyond_the_cycle(check):
    document = in_weeks(VALID, 2)
    session_of(document, "f2")["cycle_week"] = 3

    assert broken(check(document), "shape", "cycle_week 3 is outside the 2-week cycle")
