"""The change history's actor in a `flask` command: "flask <command>", one batch a run."""

from __future__ import annotations

import click
from flask import Flask

from schoolot.audit import Actor, register_source
from schoolot.audit.actor import new_batch

_BATCH = "schoolot.audit_batch"


def command_actor() -> Actor | None:
    """The `flask` command running ("flask create-user"), or None outside one."""
    context = click.get_current_context(silent=True)
    if context is None:
        return None
    names = []
    while context.parent is not None:
        names.append(context.info_name or "")
        context = context.parent
    if not names:
        return None
    batch = context.meta.setdefault(_BATCH, new_batch())
    return Actor(label=f"flask {' '.join(reversed(names))}", batch=batch)


def register(app: Flask) -> None:
    register_source("flask command", command_actor)
