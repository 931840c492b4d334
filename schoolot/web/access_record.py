"""The access record's one mechanism in the web app: `@access_logged("what")` on every
view that serves a student's data, a report, a download or an export.

Each successful response of a marked view records one entry (who, what, the student or
the export's filters, when, from which address); a view refused (403, 404) records
none. An export of many names the students its rows held with `held_students(ids)`.
tests/test_access_log_routes.py walks the URL map and fails for any route serving a
student's data or a download that is neither marked nor exempted there with a reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from flask import make_response, request
from flask_login import current_user

from schoolot.access_log import record_access
from schoolot.extensions import db
from schoolot.models import Equipment, Goal, ServiceLine, SessionLog, Student

View = TypeVar("View", bound=Callable[..., Any])
# The view arguments naming the student a page or download is about: the student, or a
# record of theirs (a page reached by a line's, goal's or log's id alone).
STUDENT_ARGUMENT = "student_id"
STUDENT_RECORDS: dict[str, type] = {
    "line_id": ServiceLine,
    "goal_id": Goal,
    "item_id": Equipment,
    "log_id": SessionLog,
}
# Form fields that say nothing of what was asked for.
_NOT_FILTERS = {"csrf_token", "submit"}
# Set on the request once its access is recorded (a view calling another records once).
_RECORDED = "schoolot.access_recorded"
# The ids of the students the request's export of many held (held_students).
_HELD = "schoolot.access_held_students"


def access_logged(what: str) -> Callable[[View], View]:
    """Record each successful response of the view as one access of `what` ("student
    page", "caseload CSV"). Put it under `login_required` (the login comes first)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            response = make_response(view(*args, **kwargs))
            if 200 <= response.status_code < 300:
                record_view(what, kwargs)
            return response

        wrapped.access_logged = what  # type: ignore[attr-defined]  # read by the route walk
        return wrapped  # type: ignore[return-value]

    return decorate


def held_students(student_ids: Iterable[int | None]) -> None:
    """Name the students the export or download under way holds (from the rows it
    writes), so its entry lists it on each of their "who opened" pages."""
    held: set[int] = request.environ.setdefault(_HELD, set())
    held.update(i for i in student_ids if i is not None)


def record_view(what: str, view_args: dict[str, Any]) -> None:
    """Record the request under way as one access of `what` (once a request) and commit."""
    if request.environ.get(_RECORDED) or not current_user.is_authenticated:
        return
    request.environ[_RECORDED] = True
    student_id = _student_id(view_args)
    student = db.session.get(Student, student_id) if student_id is not None else None
    record_access(
        db.session(),
        actor=f"{current_user.display_name} ({current_user.role})",
        user_id=current_user.id,
        what=what,
        student_id=student_id,
        student_code=student.code if student is not None else None,
        detail=_detail(view_args),
        address=request.remote_addr,
        held=request.environ.get(_HELD, ()),
    )
    db.session.commit()


def _student_id(view_args: dict[str, Any]) -> int | None:
    if STUDENT_ARGUMENT in view_args:
        return view_args[STUDENT_ARGUMENT]
    for argument, model in STUDENT_RECORDS.items():
        if argument in view_args:
            record = db.session.get(model, view_args[argument])
            return record.student_id if record is not None else None
    return None


def _detail(view_args: dict[str, Any]) -> str:
    """The request's other arguments and filters, "therapist_id=3 school=2"."""
    pairs = [(k, v) for k, v in view_args.items() if k != STUDENT_ARGUMENT]
    pairs += [(k, v) for k, v in request.args.items(multi=True) if v != ""]
    if request.method == "POST":
        pairs += [
            (k, v) for k, v in request.form.items(multi=True) if k not in _NOT_FILTERS and v != ""
        ]
    return " ".join(f"{key}={value}" for key, value in pairs)
