"""Preloaded by the solver's fork server only: makes it exit with the process that
started it (`processes.watch_owner`). Imported anywhere else, it does nothing."""

from __future__ import annotations

import sys
from multiprocessing import forkserver

from schoolot.solver.processes import watch_owner


def _imported_by_fork_server() -> bool:
    frame = sys._getframe()
    while frame is not None:
        if frame.f_code is forkserver.main.__code__:
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


if _imported_by_fork_server():
    watch_owner()
