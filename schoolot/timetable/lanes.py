"""Side by side: blocks of one day that overlap in time (two therapists at one school)
share the day's width in lanes, so none hides another."""

from __future__ import annotations

from collections.abc import Sequence


def lanes(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """For each span `[start, end)`, its (lane, lanes): the lane it takes and how many
    lanes its group of overlapping spans needs. Spans that overlap nothing get (0, 1)."""
    placed: list[tuple[int, int]] = [(0, 1)] * len(spans)
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], spans[i][1]))
    group: list[int] = []
    lane_ends: list[int] = []  # per lane of the current group: where its last span ends
    group_end = None

    def close_group() -> None:
        for i in group:
            placed[i] = (placed[i][0], len(lane_ends))

    for i in order:
        start, end = spans[i]
        if group_end is not None and start >= group_end:
            close_group()
            group, lane_ends, group_end = [], [], None
        lane = next((n for n, last in enumerate(lane_ends) if last <= start), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(end)
        else:
            lane_ends[lane] = end
        placed[i] = (lane, 0)
        group.append(i)
        group_end = end if group_end is None else max(group_end, end)
    close_group()
    return placed
