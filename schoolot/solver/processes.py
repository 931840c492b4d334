"""The solver's worker processes die with the process that owns them, however it ends.

Weeks are solved in a process pool fed by a multiprocessing fork server. When the
process that owns the pool is killed (`kill -9`, a signal without a handler, a crash),
nothing in multiprocessing ends the others: each worker holds the fork server's "alive"
pipe open, so the fork server never sees it close, and the workers wait on their queue
for ever. Two guards, on Linux:

- the fork server checks four times a second that its parent process is still there,
  and exits when it is not (`watch_owner`, run when the fork server preloads
  `schoolot.solver.fork_server`). PR_SET_PDEATHSIG would be wrong here: it fires when
  the parent *thread* ends, and the fork server is started by whichever thread first
  solves (in the web process, the job runner's thread, which ends when idle);
- each worker asks the kernel for SIGKILL when its parent ends (`die_with_parent`, in
  the pool's initializer): its parent is the fork server's one thread, which lives as
  long as the fork server.

Elsewhere (no prctl) the guards do nothing and the pool behaves as before.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
from types import FrameType

# From <linux/prctl.h>.
PR_SET_PDEATHSIG = 1
# How often the fork server looks for its owner, in seconds.
OWNER_CHECK_SECONDS = 0.25

# The fork server's pid, set in the fork server and inherited by the workers it forks.
_fork_server_pid: int | None = None


def set_parent_death_signal(signum: int) -> bool:
    """Ask Linux to send `signum` to this process when the thread that forked it ends;
    False where prctl is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return False
    if libc.prctl(PR_SET_PDEATHSIG, ctypes.c_ulong(signum), 0, 0, 0) != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"prctl(PR_SET_PDEATHSIG): {os.strerror(error)}")
    return True


def die_with_parent() -> None:
    """In a pool worker: be killed when the fork server that forked it ends, and end now
    if it already has."""
    expected = _fork_server_pid if _fork_server_pid is not None else os.getppid()
    # The fork server's owner check is not this process's business.
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    if set_parent_death_signal(signal.SIGKILL) and os.getppid() != expected:
        os._exit(1)  # the parent ended before the signal was asked for


def watch_owner() -> None:
    """In the fork server: exit as soon as the process that started it has ended."""
    global _fork_server_pid
    _fork_server_pid = os.getpid()
    owner = os.getppid()
    if owner == 1:  # already orphaned: nobody will ever ask for a worker
        os._exit(0)

    # A timer rather than a thread: the fork server forks workers, and forking a
    # process with threads is unsafe. Forked children do not inherit the timer.
    def check(signum: int, frame: FrameType | None) -> None:
        if os.getppid() != owner:
            os._exit(0)

    signal.signal(signal.SIGALRM, check)
    signal.setitimer(signal.ITIMER_REAL, OWNER_CHECK_SECONDS, OWNER_CHECK_SECONDS)
