"""The access record cannot forget a route: every view serving a student's data or a
download is marked with @access_logged, or exempted here with the reason."""

from __future__ import annotations

import re

from schoolot.web.access_record import STUDENT_ARGUMENT, STUDENT_RECORDS

# A page with one of these arguments shows a student's record or part of it.
STUDENT_ARGUMENTS = {STUDENT_ARGUMENT, *STUDENT_RECORDS}
# Paths that look like a download, a report or an export.
DOWNLOAD = re.compile(r"\.(csv|ics|pdf|zip|json)\b|csv|export|download|report|print|summary")
EXEMPT = {
    # Fetched by calendar servers every few minutes without a login, by its secret
    # address; it names students by initials only (docs: privacy) and has no user to log.
    "feeds_public.serve": "calendar servers' fetches",
    # The record of who opened the student's record: it shows no IEP data, and logging
    # it would fill the list it shows with the coordinators reading it.
    "records.student_access": "the access record itself",
    "static": "the app's own files",
    # Picks the dates of the Medicaid CSV and shows totals only (sessions, minutes,
    # units): no student; the CSV itself is marked.
    "exports.index": "totals of sessions delivered, no student",
}


def serves_student_data_or_download(rule) -> bool:
    if "GET" not in rule.methods and "POST" not in rule.methods:
        return False
    if "GET" in rule.methods and rule.arguments & STUDENT_ARGUMENTS:
        return True
    return bool(DOWNLOAD.search(rule.rule))


def test_every_route_serving_student_data_or_a_download_records_its_access(app):
    missing, marked = [], []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in EXEMPT or not serves_student_data_or_download(rule):
            continue
        view = app.view_functions[rule.endpoint]
        if getattr(view, "access_logged", None):
            marked.append(rule.endpoint)
        else:
            missing.append(f"{rule.endpoint} ({rule.rule})")
    assert missing == [], "mark these views with @access_logged (schoolot/web/access_record.py)"
    # The walk found the routes it is about, not an empty map.
    assert {"students.show", "timetable.student", "caseload.csv_table"} <= set(marked)


def test_the_walk_sees_a_new_download_route_without_the_mark(app):
    """The check above fails for an unmarked download (so it can fail)."""

    @app.route("/somewhere/students.csv")
    def unmarked_download():
        return "code\n"

    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == "unmarked_download")
    assert serves_student_data_or_download(rule)
    assert not getattr(app.view_functions["unmarked_download"], "access_logged", None)
