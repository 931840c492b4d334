"""Telling a caller how far reading, checking and importing a bundle have come.

A `ProgressCallback` is called with a stage ("reading students.csv", "checking rows",
"importing"), how much of it is done and the total (0 when unknown). `Throttled` passes
on every new stage at once and, within a stage, at most one call per `interval`, so that
reporting costs nothing next to the work however many rows there are.
"""

from __future__ import annotations

import time
from collections.abc import Callable

ProgressCallback = Callable[[str, int, int], None]

READING = "reading {file}"
CHECKING = "checking rows"
IMPORTING = "importing"


class Throttled:
    """A callback passed on at most every `interval` seconds, and on each new stage."""

    def __init__(self, callback: ProgressCallback | None, interval: float = 0.25) -> None:
        self.callback = callback
        self.interval = interval
        self._stage: str | None = None
        self._last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.callback is None:
            return
        now = time.monotonic()
        if stage == self._stage and now - self._last < self.interval:
            return
        self._stage = stage
        self._last = now
        self.callback(stage, done, total)

    def finish(self, stage: str, done: int, total: int) -> None:
        """Pass on the end of a stage, however soon after the last call."""
        if self.callback is not None:
            self._stage = stage
            self._last = time.monotonic()
            self.callback(stage, done, total)


def describe(stage: str, done: int, total: int) -> str:
    """A stage as people read it: "checking rows: 12,000 of 46,000"."""
    if stage == CHECKING and total:
        return f"{stage}: {done:,} of {total:,}"
    return stage
