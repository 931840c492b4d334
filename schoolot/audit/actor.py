"""Who is changing things now, and which batch their changes belong to.

`recording(...)` names the actor for a command, a job or an import, and makes every
change inside it one batch. Without one, the sources the app registers answer (the
logged-in user of a web request, the `flask` command running: see
`schoolot.web.audit_actor` and `schoolot.audit.commands`); with none, "system".
"""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from schoolot.models import User


@dataclass(frozen=True)
class Actor:
    """Who (an account's id and, always, words) and the batch their changes join."""

    label: str
    user_id: int | None = None
    batch: str = ""
    reason: str | None = None


def new_batch() -> str:
    return uuid.uuid4().hex


def user_label(user: User) -> str:
    """An account as the history names it: the person's name, else the email."""
    return user.display_name


_scope: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("audit_scope", default=None)
# Registered by the web layer and the CLI: each returns the actor of the request or
# command under way, or None when there is none.
_sources: dict[str, Callable[[], Actor | None]] = {}
SYSTEM = "system"


def register_source(name: str, source: Callable[[], Actor | None]) -> None:
    """Add (or replace) a source of the actor; asked in the order registered."""
    _sources[name] = source


@contextmanager
def recording(
    actor: str | None = None, reason: str | None = None, user: User | int | None = None
) -> Iterator[Actor]:
    """Record every change made inside as one batch, by `user` (an account or its id)
    and/or `actor` (words: "import of district.zip", "flask balance"), with `reason`.
    Without either, the actor is whoever the request or command is (the batch and
    reason still apply)."""
    if actor is None and user is None:
        scope = replace(_from_sources(), batch=new_batch(), reason=reason)
    else:
        if actor is None:
            if not isinstance(user, User):
                raise TypeError("recording(user=<an id>) needs actor= words too")
            actor = user_label(user)
        scope = Actor(
            label=actor,
            user_id=user.id if isinstance(user, User) else user,
            batch=new_batch(),
            reason=reason,
        )
    token = _scope.set(scope)
    try:
        yield scope
    finally:
        _scope.reset(token)


def current_actor(session_info: dict[str, Any]) -> Actor:
    """The actor of changes flushed now; `session_info` keeps a batch for changes made
    outside any scope, request or command, until the session's transaction ends."""
    scope = _scope.get()
    if scope is not None:
        return scope
    found = _from_sources()
    if found.batch:
        return found
    batch = session_info.setdefault("audit_batch", new_batch())
    return replace(found, batch=batch)


def _from_sources() -> Actor:
    for source in _sources.values():
        found = source()
        if found is not None:
            return found
    return Actor(label=SYSTEM)
