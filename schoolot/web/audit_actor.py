"""The change history's actor in a web request: the logged-in user, one batch a request."""

from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user

from schoolot.audit import Actor, register_source
from schoolot.audit.actor import new_batch, user_label

_BATCH = "schoolot.audit_batch"


def request_actor() -> Actor | None:
    """The logged-in user of the request under way (None outside a request, or when
    nobody is logged in)."""
    if not has_request_context() or not current_user.is_authenticated:
        return None
    batch = request.environ.setdefault(_BATCH, new_batch())
    return Actor(label=user_label(current_user), user_id=current_user.id, batch=batch)


def install_request_actor() -> None:
    register_source("web request", request_actor)
