"""Pure helpers on time spans: half-open `[start, end)` minutes since midnight.

Every function accepts spans in any order, overlapping or touching, and returns
normalised spans: sorted, disjoint, non-empty, with touching spans merged (free
time 09:00-09:30 and 09:30-10:00 is one window 09:00-10:00).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

Span = tuple[int, int]
Spans = tuple[Span, ...]


def merge(spans: Iterable[Span]) -> Spans:
    """Sorted, disjoint spans covering the same minutes; empty spans dropped."""
    items = sorted(s for s in spans if s[1] > s[0])
    if len(items) < 2:
        return tuple(items)
    merged: list[Span] = []
    for start, end in items:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return tuple(merged)


def intersect(a: Iterable[Span], b: Iterable[Span]) -> Spans:
    """The minutes in both `a` and `b`."""
    left, right = merge(a), merge(b)
    out: list[Span] = []
    i = j = 0
    while i < len(left) and j < len(right):
        start = max(left[i][0], right[j][0])
        end = min(left[i][1], right[j][1])
        if start < end:
            out.append((start, end))
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return merge(out)


def clip(spans: Iterable[Span], span: Span | None) -> Spans:
    """The part of `spans` inside `span` (nothing when `span` is None)."""
    if span is None:
        return ()
    low, high = span
    return merge((max(a, low), min(b, high)) for a, b in spans if a < high and b > low)


def subtract(a: Iterable[Span], b: Iterable[Span]) -> Spans:
    """The minutes in `a` and not in `b`."""
    out: list[Span] = []
    cuts = merge(b)
    for start, end in merge(a):
        cursor = start
        for cut_start, cut_end in cuts:
            if cut_end <= cursor:
                continue
            if cut_start >= end:
                break
            if cut_start > cursor:
                out.append((cursor, cut_start))
            cursor = max(cursor, cut_end)
            if cursor >= end:
                break
        if cursor < end:
            out.append((cursor, end))
    return merge(out)


def total(spans: Iterable[Span]) -> int:
    """Minutes covered (overlaps counted once)."""
    return sum(end - start for start, end in merge(spans))


def longest(spans: Iterable[Span]) -> int:
    """Length of the longest run of consecutive minutes, 0 for none."""
    return max((end - start for start, end in merge(spans)), default=0)


def overlaps(a: Span, b: Span) -> bool:
    """True when the two half-open spans share a minute."""
    return a[0] < b[1] and b[0] < a[1]


def contains(windows: Iterable[Span], span: Span) -> bool:
    """True when `span` lies inside one window (windows merged first)."""
    start, end = span
    if end <= start:
        return False
    return any(w0 <= start and end <= w1 for w0, w1 in merge(windows))


def starts_within(windows: Iterable[Span], length: int, grid: int = 5) -> list[int]:
    """Every start `s` on the grid (a multiple of `grid` minutes since midnight)
    such that `[s, s + length)` fits inside one window, in increasing order."""
    if length <= 0 or grid <= 0:
        return []
    starts: list[int] = []
    for w0, w1 in merge(windows):
        first = -(-w0 // grid) * grid  # w0 rounded up to the grid
        starts.extend(range(first, w1 - length + 1, grid))
    return starts


def has_free_run(busy: Iterable[Span], window: Span, minutes: int) -> bool:
    """True when `window` minus `busy` holds `minutes` consecutive free minutes."""
    return free_run(busy, window, minutes) is not None


def free_run(busy: Iterable[Span], window: Span, minutes: int) -> Span | None:
    """The first free run of `minutes` inside `window` outside `busy`, or None."""
    cursor, end = window
    for b_start, b_end in sorted(busy):
        if b_end <= b_start or b_end <= cursor:
            continue
        if b_start >= end:
            break
        if b_start - cursor >= minutes:
            return (cursor, cursor + minutes)
        cursor = max(cursor, b_end)
    if end - cursor >= minutes:
        return (cursor, cursor + minutes)
    return None


def hhmm(minute: int) -> str:
    """Minutes since midnight as `HH:MM`."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def span_text(span: Span) -> str:
    """A span as `HH:MM-HH:MM`."""
    return f"{hhmm(span[0])}-{hhmm(span[1])}"


def spans_text(spans: Iterable[Span]) -> str:
    """Spans as `09:00-09:30, 10:00-10:45`, or `none`."""
    merged = merge(spans)
    return ", ".join(span_text(s) for s in merged) if merged else "none"


def join_words(words: Sequence[str]) -> str:
    """`Mon`, `Mon and Wed`, `Mon, Tue and Wed`; `no day` for none."""
    if not words:
        return "no day"
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]
