"""Span helpers: examples, and properties checked against plain sets of minutes."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from schoolot.solver.windows import (
    clip,
    contains,
    free_run,
    has_free_run,
    hhmm,
    intersect,
    join_words,
    longest,
    merge,
    overlaps,
    span_text,
    spans_text,
    starts_within,
    subtract,
    total,
)

spans = st.lists(
    st.tuples(st.integers(0, 120), st.integers(0, 40)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=6,
)


def minutes_of(items) -> set[int]:
    return {m for a, b in items for m in range(a, b)}


def test_merge_sorts_joins_touching_and_drops_empty():
    assert merge([(30, 40), (0, 10), (10, 20), (35, 50), (60, 60)]) == ((0, 20), (30, 50))


def test_intersect_subtract_clip():
    a = [(480, 600), (660, 720)]
    assert intersect(a, [(540, 690)]) == ((540, 600), (660, 690))
    assert subtract(a, [(540, 690)]) == ((480, 540), (690, 720))
    assert clip(a, (500, 510)) == ((500, 510),)
    assert clip(a, None) == ()


def test_starts_within_keeps_whole_sessions_on_the_grid():
    # 08:02-09:00 holds 30-min sessions starting 08:05 .. 08:30 on a 5-minute grid.
    assert starts_within([(482, 540)], 30, 5) == [485, 490, 495, 500, 505, 510]
    assert starts_within([(480, 500)], 30, 5) == []
    # Touching windows are one window: 08:00-08:20 + 08:20-08:40 fits a 30-min session.
    assert starts_within([(480, 500), (500, 520)], 30, 5) == [480, 485, 490]


def test_free_run_finds_lunch_between_busy_spans():
    lunch = (660, 810)  # 11:00-13:30
    assert free_run([(600, 700), (730, 810)], lunch, 30) == (700, 730)
    assert free_run([(600, 700), (720, 810)], lunch, 30) is None
    assert has_free_run([], lunch, 30)


def test_text_helpers():
    assert hhmm(545) == "09:05"
    assert span_text((540, 585)) == "09:00-09:45"
    assert spans_text([]) == "none"
    assert spans_text([(600, 630), (540, 570)]) == "09:00-09:30, 10:00-10:30"
    assert join_words(["Mon"]) == "Mon"
    assert join_words(["Mon", "Wed"]) == "Mon and Wed"
    assert join_words(["Mon", "Tue", "Wed"]) == "Mon, Tue and Wed"


@settings(max_examples=200)
@given(spans, spans)
def test_set_operations_match_sets_of_minutes(a, b):
    assert minutes_of(merge(a)) == minutes_of(a)
    assert minutes_of(intersect(a, b)) == minutes_of(a) & minutes_of(b)
    assert minutes_of(subtract(a, b)) == minutes_of(a) - minutes_of(b)
    assert total(a) == len(minutes_of(a))
    for result in (merge(a), intersect(a, b), subtract(a, b)):
        assert all(x[0] < x[1] for x in result)
        assert all(x[1] < y[0] for x, y in itertools.pairwise(result))


@settings(max_examples=200)
@given(spans, st.integers(1, 40), st.sampled_from((1, 5, 15)))
def test_starts_within_matches_brute_force(windows, length, grid):
    free = minutes_of(windows)
    expected = [
        s for s in range(0, 200) if s % grid == 0 and all(m in free for m in range(s, s + length))
    ]
    assert starts_within(windows, length, grid) == expected
    assert all(contains(windows, (s, s + length)) for s in expected)


@settings(max_examples=200)
@given(spans, st.tuples(st.integers(0, 100), st.integers(0, 60)), st.integers(1, 40))
def test_free_run_matches_brute_force(busy, window_at, minutes):
    window = (window_at[0], window_at[0] + window_at[1])
    taken = minutes_of(busy)
    free = [m for m in range(*window) if m not in taken]
    run = best = 0
    previous = None
    for m in free:
        run = run + 1 if previous == m - 1 else 1
        best = max(best, run)
        previous = m
    assert has_free_run(busy, window, minutes) == (best >= minutes)
    found = free_run(busy, window, minutes)
    if found is not None:
        assert all(m in free for m in range(*found))
    assert longest(subtract([window], busy)) == best


def test_overlaps_is_half_open():
    assert overlaps((540, 570), (560, 600))
    assert not overlaps((540, 570), (570, 600))
