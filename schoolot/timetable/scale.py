"""The time axis of a timetable: where a time of day falls, as a fraction of the view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from schoolot.values import minutes_of

DEFAULT_RANGE = (8 * 60, 16 * 60)


@dataclass(frozen=True)
class TimeScale:
    """Whole hours from `start` to `end` (minutes since midnight)."""

    start: int
    end: int

    @classmethod
    def around(cls, spans: Iterable[tuple[dt.time, dt.time]]) -> TimeScale:
        """The whole hours holding every span; 08:00-16:00 when there is none."""
        items = [(minutes_of(a), minutes_of(b)) for a, b in spans]
        if not items:
            return cls(*DEFAULT_RANGE)
        low = min(a for a, _ in items) // 60 * 60
        high = -(-max(b for _, b in items) // 60) * 60
        return cls(low, max(high, low + 60))

    @property
    def minutes(self) -> int:
        return self.end - self.start

    def top(self, time: dt.time) -> float:
        """Where `time` falls: 0.0 at the top of the view, 1.0 at the bottom (clipped)."""
        return min(max((minutes_of(time) - self.start) / self.minutes, 0.0), 1.0)

    def height(self, start: dt.time, end: dt.time) -> float:
        return self.top(end) - self.top(start)

    def hours(self) -> list[tuple[str, float]]:
        """Each whole hour of the view as ('09:00', its top)."""
        return [
            (f"{minute // 60:02d}:00", (minute - self.start) / self.minutes)
            for minute in range(self.start, self.end, 60)
        ]
