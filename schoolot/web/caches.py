"""What a page draws from, kept in the process by a key that names all of it.

Only what is the same for everyone who may see it is kept (no user's name, token or
visibility in it), and its key is made of, or digests, every input it comes from, so a
change anywhere gives a new key: an entry is never stale, only unused, and the least
recently used go first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from flask import Flask, current_app
from markupsafe import Markup
from wtforms.widgets import Select

Value = TypeVar("Value")


class KeyedCache(Generic[Value]):
    """At most `entries` values by key. Safe to share between threads."""

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._values: OrderedDict[Hashable, Value] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(
        self, key: Hashable, make: Callable[[], Value], keep: Callable[[], bool] | None = None
    ) -> Value:
        """The value of `key`, made by `make()` when not kept yet; kept then unless
        `keep()` says no (the inputs changed while it was made)."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = make()
        if keep is None or keep():
            with self._lock:
                self._values[key] = value
                while len(self._values) > self.entries:
                    self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


def app_cache(app: Flask, name: str, entries: int) -> KeyedCache[Any]:
    """The app's cache called `name` (made on first use, holding at most `entries`)."""
    caches: dict[str, KeyedCache[Any]] = app.extensions.setdefault("schoolot.caches", {})
    with _making:
        return caches.setdefault(name, KeyedCache(entries))


_making = threading.Lock()
SELECT_ENTRIES = 256


class CachedSelect(Select):
    """WTForms' <select>, rendered once per field, attributes, choices and selection: a
    picker of a district's schools costs more to render than the rest of its page."""

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        if field.has_groups():
            return super().__call__(field, **kwargs)
        flags = getattr(field, "flags", None)
        key = (
            field.id,
            field.name,
            tuple(sorted(kwargs.items())),
            tuple((name, getattr(flags, name, None)) for name in self.validation_attrs),
            tuple(
                (c.value, c.label, c.selected, tuple(sorted((c.render_kw or {}).items())))
                for c in field.iter_choices()
            ),
        )
        cache = app_cache(current_app, "wtforms.select", SELECT_ENTRIES)
        return cache.get_or_make(key, lambda: super(CachedSelect, self).__call__(field, **kwargs))
