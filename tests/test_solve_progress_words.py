"""A solve's progress in words: lines read from the objective and bound, sentences with
thousands separators, the chart's points, and points stored before the words."""

from __future__ import annotations

from schoolot.jobs.progress import (
    SearchCounts,
    chart_points,
    searching_point,
    summarise,
    summarise_points,
)

WEIGHT = 100_000


def test_lines_left_out_are_read_from_the_objective_and_the_bound():
    point = searching_point(2.345, 17 * WEIGHT + 5_204.0, 6 * WEIGHT + 900.0, 1315, WEIGHT)

    assert point == [2.35, 1_705_204.0, 600_900.0, 1298, 1315, 1309, None, None]


def test_a_solver_that_counts_its_schedule_is_taken_at_its_word():
    counted = SearchCounts(lines_met=1300, most_lines_met=1310, drive_minutes=901, idle_minutes=7)

    point = searching_point(1.0, 17 * WEIGHT, 0.0, 1315, WEIGHT, counted)

    assert point[3:] == [1300, 1315, 1310, 901, 7]


def test_sentences_use_thousands_separators_and_name_a_proof_only_below_the_owed():
    proven = summarise(1298, 1315, 1309, 901, 7659)
    trivial = summarise(121, 121, 121, 22, 0)

    assert proven.lines == "Lines met: 1,298 of 1,315 (proven most: 1,309)"
    assert proven.drive == "Driving: 901 minutes a week"
    assert proven.idle == "Idle time between sessions: 7,659 minutes a week"
    assert trivial.lines == "Lines met: 121 of 121"


def test_each_sentence_comes_from_the_last_point_that_knows_it_and_a_search_says_so_far():
    points = [
        [0.5, 0.0, 0.0, 10, 12, 12, None, None],
        [1.0, 0.0, 0.0, 11, 12, 11, None, None],
    ]

    summary = summarise_points(points)

    assert summary.lines == "Lines met so far: 11 of 12 (proven most: 11)"
    assert (summary.drive, summary.idle) == (None, None)
    assert chart_points(points) == [[0.5, 10, 12], [1.0, 11, 11]]


def test_points_stored_before_the_words_say_nothing_and_draw_nothing():
    legacy = [[0.5, 5000.0, 0.0], [2.0, 1200.0, 900.0]]

    assert summarise_points(legacy).as_dict() == {"lines": None, "drive": None, "idle": None}
    assert chart_points(legacy) == []


def test_the_schedule_found_drops_the_so_far():
    points = [
        [0.5, 0.0, 0.0, 173, 192, 192, None, None],
        [9.0, 0.0, 0.0, 160, 192, 179, 375, 1435],
    ]

    assert summarise_points(points).lines == "Lines met: 160 of 192 (proven most: 179)"


def test_a_stored_cycle_reads_as_an_average_week(app):
    """A 4-week schedule stores its cycle's 350 minutes of driving: 88 a week (87.5)."""
    from schoolot.extensions import db
    from schoolot.jobs.progress import summarise_version, version_point
    from tests.factories import make_version

    version = make_version(db.session, cycle_weeks=4, travel_minutes=350, idle_minutes=1_000)

    summary = summarise_version(version)

    assert summary.drive == "Driving: 88 minutes a week"
    assert summary.idle == "Idle time between sessions: 250 minutes a week"
    assert version_point(version)[-2:] == [88, 250]
