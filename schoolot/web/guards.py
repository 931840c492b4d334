"""Access checks for views: log in first, then the role, then the object."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user, login_required

from schoolot import access
from schoolot.extensions import db
from schoolot.models import Student


def coordinator_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Log in, and be a coordinator; anyone else gets 403."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not access.can_manage_district(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def student_or_404(student_id: int) -> Student:
    """The student, if the current user may see them; 404 otherwise (never a hint it exists)."""
    student = db.session.get(Student, student_id)
    if student is None or not access.can_view_student(current_user, student):
        abort(404)
    return student
