"""Every page of the app, found in its URL map, with the ids of a small district.

`site_district(session)` builds a district holding one row of each kind a page can
name (a student's goal, a calendar day, a solve job, a session log, a makeup...) and
returns, per role, the values its pages' URL arguments take: the therapist's own
students, the teacher's own class. `page_urls(app, values)` turns every GET route into
one URL: routes without arguments as they are, routes with arguments filled from those
values, an argument named `<table>_id` from the first row of that table that agrees
with the route's other arguments (a goal of the chosen student). A route whose argument
it cannot fill is returned with the reason, for the test to fail on, never left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot.extensions import db
from schoolot.models import ImportJob, ScheduleAssignment, SessionLog
from schoolot.models.schedules import SolveJob
from schoolot.models.service_log import GoalProgress, Makeup
from tests.factories import (
    SmallDistrict,
    make_block,
    make_calendar_day,
    make_equipment,
    make_goal,
    make_scheduled_session,
    make_travel,
    make_version,
)

# Routes that are not pages of a signed-in person, each with the reason.
NOT_PAGES = {
    "static": "the stylesheets and scripts",
    "feeds_public.serve": "a calendar file fetched by its secret token "
    "(tests/browser/test_feeds.py reads it)",
}
ROLES = ("coordinator", "therapist", "teacher")
# In a role's values: {blueprint or endpoint: {argument: value}} for the pages whose
# argument must name another row than the first (a draft's pages, not the schedule in force).
BY_ENDPOINT = "by_endpoint"
# A URL argument that names a row of another table than its name says, by blueprint.
TABLE_OF = {
    ("imports", "job_id"): "import_job",
    ("schedules", "job_id"): "solve_job",
    ("*", "version_id"): "schedule_version",
    ("*", "line_id"): "service_line",
    ("*", "item_id"): "equipment",
    ("*", "day_id"): "calendar_day",
    ("*", "hours_id"): "therapist_hours",
    ("*", "log_id"): "session_log",
    ("*", "progress_id"): "goal_progress",
}


@dataclass(frozen=True)
class PageUrl:
    endpoint: str
    url: str | None  # None: an argument had no value (see `problem`)
    problem: str = ""


def site_district(session: Session) -> dict:
    """A SmallDistrict with a published week and one row of every kind a page names.
    Returns {"emails": {role: email}, "values": {role: {argument: value}}}."""
    small = SmallDistrict(session)
    ana_line, ben_line = small.ana.services[0], small.ben.services[0]
    version = make_version(session, "published", stands_from=dt.date(2026, 8, 24))
    # A draft solved as two options (the options page), with a session to adjust by hand.
    draft = make_version(session, "draft", option_rank=1, option_profiles=["balanced"])
    make_version(session, "draft", option_rank=2, option_profiles=["fewer_drives"], option_of=draft)
    draft_session = make_scheduled_session(
        session, draft, small.ot1, [ana_line], "Thu", dt.time(9, 0), dt.time(9, 30)
    )
    session.add(ScheduleAssignment(schedule_id=draft.id, student=small.ana, therapist=small.ot1))
    for weekday, start, end in (("Mon", (9, 0), (9, 30)), ("Wed", (9, 0), (9, 20))):
        make_scheduled_session(
            session, version, small.ot1, [ana_line], weekday, dt.time(*start), dt.time(*end)
        )
    make_scheduled_session(
        session, version, small.ot2, [ben_line], "Tue", dt.time(10, 0), dt.time(10, 20)
    )
    goal = make_goal(session, small.ana, "G1")
    make_goal(session, small.ben, "G2")
    make_equipment(session, small.ana)
    make_equipment(session, small.ben)
    make_block(session, small.oak)
    make_calendar_day(session, small.oak)
    make_travel(session, small.oak, small.lin)
    session.add(ImportJob(file_name="bundle.zip", state="done", active_slot=None, report={}))
    session.add(SolveJob(time_limit=5, state="done", active_slot=None, schedule=version))
    log = SessionLog(
        service_line=ana_line, student=small.ana, therapist=small.ot1, school=small.oak,
        date=dt.date(2026, 9, 14), start=dt.time(9, 0), minutes=30, planned_minutes=30,
        kind="planned", session_uid=version.sessions[0].uid, status="delivered",
    )  # fmt: skip
    session.add(log)
    session.add(GoalProgress(goal=goal, log=log, date=log.date, mark="some_progress"))
    session.add(
        Makeup(
            uid="makeup-1", service_line=ana_line, therapist=small.ot1, school=small.oak,
            date=dt.date(2026, 12, 16), start=dt.time(13, 0), end=dt.time(13, 30),
        )
    )  # fmt: skip
    session.flush()
    # Adjusting by hand and comparing options are pages of a draft.
    drafts = {"version_id": draft.id, "session_id": draft_session.id}
    common = {
        "school_id": small.oak.id,
        "therapist_id": small.ot1.id,
        BY_ENDPOINT: {"adjust": drafts, "schedules.options": drafts},
    }
    values = {
        "coordinator": common
        | {"student_id": small.ana.id, "teacher_id": small.teacher_oak.id}
        | {"kind": "school", "owner_id": small.oak.id},
        "therapist": common
        | {"student_id": small.ana.id, "teacher_id": small.teacher_oak.id}
        | {"kind": "therapist", "owner_id": small.ot1.id},
        "teacher": common
        | {"student_id": small.ben.id, "teacher_id": small.teacher_lin.id}
        | {"school_id": small.lin.id, "kind": "teacher", "owner_id": small.teacher_lin.id},
    }
    emails = {
        "coordinator": small.coordinator.email,
        "therapist": small.therapist_user.email,
        "teacher": small.teacher_user.email,
    }
    return {"emails": emails, "values": values}


def page_urls(app: Flask, session: Session, values: dict[str, object]) -> list[PageUrl]:
    """One URL for every GET route of `app` but NOT_PAGES, its arguments from `values`."""
    pages = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in (rule.methods or ()) or rule.endpoint in NOT_PAGES:
            continue
        filled = {name: value for name, value in values.items() if name != BY_ENDPOINT}
        by_endpoint = values.get(BY_ENDPOINT, {})
        filled |= by_endpoint.get(rule.endpoint.split(".")[0], {})  # type: ignore[union-attr]
        filled |= by_endpoint.get(rule.endpoint, {})  # type: ignore[union-attr]
        missing = []
        for argument in sorted(rule.arguments - set(rule.defaults or {})):
            if argument in filled:
                continue
            found = _row_id(session, rule.endpoint, argument, filled)
            if found is None:
                missing.append(argument)
            else:
                filled[argument] = found
        if missing:
            problem = f"no value for {', '.join(missing)} (tests/browser/site_pages.py)"
            pages.append(PageUrl(rule.endpoint, None, f"{rule.rule}: {problem}"))
            continue
        arguments = {name: filled[name] for name in rule.arguments}
        with app.test_request_context():
            from flask import url_for

            pages.append(PageUrl(rule.endpoint, url_for(rule.endpoint, **arguments)))
    return pages


def _row_id(session: Session, endpoint: str, argument: str, chosen: dict) -> int | None:
    """The id of the first row of the table `argument` names that agrees with the
    arguments already chosen (a goal of the chosen student)."""
    if not argument.endswith("_id"):
        return None
    blueprint = endpoint.split(".")[0]
    table_name = TABLE_OF.get((blueprint, argument)) or TABLE_OF.get(("*", argument))
    table = db.metadata.tables.get(table_name or argument.removesuffix("_id"))
    if table is None:
        return None
    query = select(table.c.id).order_by(table.c.id).limit(1)
    agreeing = query
    for name, value in chosen.items():
        if name.endswith("_id") and name in table.c:
            agreeing = agreeing.where(table.c[name] == value)
    # None agrees (a calendar day of another school): the first, for a 403 at worst.
    return session.scalar(agreeing) or session.scalar(query)
