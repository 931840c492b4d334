"""The Medicaid-ready CSV: sessions delivered in a date range, 15-minute units by the
CMS 8-minute rule, safe cells; coordinators export everyone's, therapists their own."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from schoolot.extensions import db
from schoolot.models import SessionLog
from schoolot.service_log.medicaid import units
from tests.carryover_district import small_district
from tests.factories import make_service, make_student, make_teacher, make_therapist, make_user

D = dt.date
T = dt.time
NINE = dt.time(9)


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(1, 0), (7, 0), (8, 1), (15, 1), (22, 1), (23, 2), (30, 2), (37, 2), (38, 3), (45, 3),
     (52, 3), (53, 4), (60, 4)],
)  # fmt: skip
def test_units_follow_the_eight_minute_rule(minutes, expected):
    assert units(minutes) == expected


def _log(small, line, date, minutes, *, therapist=None, status="delivered", kind="planned",
         group=2, start=NINE):  # fmt: skip
    log = SessionLog(
        service_line_id=line.id,
        student_id=line.student_id,
        therapist_id=(therapist or small.therapist).id,
        school_id=small.school.id,
        date=date,
        start=start,
        minutes=minutes if status == "delivered" else 0,
        planned_minutes=30,
        kind=kind,
        session_uid=small.monday.uid if kind == "planned" else None,
        status=status,
        reason="student_absent" if status == "missed" else None,
        group_size=group,
    )
    db.session.add(log)
    return log


@pytest.fixture
def logged(app):
    """Ann's Monday group on 7 and 14 Sep, one missed, an extra session; and Ben's
    student, delivered on 8 Sep; one session on 1 Oct, outside the range asked."""
    small = small_district(db.session)
    ben = make_therapist(db.session, [small.school], "ben@district.example", name="Ben Hale")
    teacher = make_teacher(db.session, small.school)
    # A name a spreadsheet would run as a formula.
    zoe = make_student(db.session, teacher, ben, "ZOE1", first_name="=HYPERLINK(1)", last_name="Z")
    zoe_line = make_service(db.session, zoe, "SV-ZOE")
    _log(small, small.mia_line, D(2026, 9, 7), 30)
    _log(small, small.noah_line, D(2026, 9, 7), 23)
    _log(small, small.mia_line, D(2026, 9, 14), 0, status="missed")
    _log(small, small.noah_line, D(2026, 9, 14), 7)
    _log(small, small.mia_line, D(2026, 9, 10), 45, kind="extra", group=1, start=T(13, 5))
    _log(small, zoe_line, D(2026, 9, 8), 38, therapist=ben, kind="extra", group=1)
    _log(small, small.mia_line, D(2026, 10, 1), 30, kind="extra", group=1)
    users = {
        "coordinator": make_user(db.session, "coordinator"),
        "ann": make_user(db.session, "therapist", therapist=small.therapist),
        "ben": make_user(db.session, "therapist", therapist=ben),
        "teacher": make_user(db.session, "teacher", teacher=teacher),
    }
    db.session.commit()
    return users


RANGE = {"first": "2026-09-01", "last": "2026-09-30"}
HEADER = (
    "date,student,student_name,service,therapist,therapist_name,school,start,minutes,"
    "units,group_size,kind"
)


def _csv(client) -> list[str]:
    response = client.get("/exports/medicaid.csv", query_string=RANGE)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="sessions-delivered-2026-09-01-to-2026-09-30.csv"'
    )
    return response.text.splitlines()


def test_a_coordinator_exports_every_session_delivered_in_the_range(client, login, logged):
    login(logged["coordinator"])

    assert _csv(client) == [
        HEADER,
        "2026-09-07,MIA1,Mia Lopez,SV-MIA,ann@district.example,Ann Otter,Alder Elementary,"
        "09:00,30,2,2,planned",
        "2026-09-07,NOAH1,Noah Kim,SV-NOAH,ann@district.example,Ann Otter,Alder Elementary,"
        "09:00,23,2,2,planned",
        "2026-09-08,ZOE1,'=HYPERLINK(1) Z,SV-ZOE,ben@district.example,Ben Hale,"
        "Alder Elementary,09:00,38,3,1,extra",
        "2026-09-10,MIA1,Mia Lopez,SV-MIA,ann@district.example,Ann Otter,Alder Elementary,"
        "13:05,45,3,1,extra",
        # Mia missed the group that day: Noah was seen alone, a group of 1.
        "2026-09-14,NOAH1,Noah Kim,SV-NOAH,ann@district.example,Ann Otter,Alder Elementary,"
        "09:00,7,0,1,planned",
    ]


def test_a_therapist_exports_only_their_own_sessions(client, login, logged):
    login(logged["ben"])

    rows = list(csv.DictReader(io.StringIO("\n".join(_csv(client)))))

    assert [(r["date"], r["student"], r["minutes"], r["units"]) for r in rows] == [
        ("2026-09-08", "ZOE1", "38", "3")
    ]


def test_the_page_sums_the_range_and_links_the_download(client, login, logged):
    login(logged["ann"])

    page = client.get("/exports/", query_string=RANGE)

    assert page.status_code == 200
    assert "4 sessions delivered, 105 minutes, 7 units." in page.text
    assert "/exports/medicaid.csv?first=2026-09-01&amp;last=2026-09-30" in page.text
    assert "Your sessions delivered" in page.text


def test_a_bad_range_is_shown_on_the_page(client, login, logged):
    login(logged["coordinator"])

    page = client.get("/exports/", query_string={"first": "2026-09-30", "last": "2026-09-01"})
    download = client.get(
        "/exports/medicaid.csv", query_string={"first": "30 Sep", "last": "2026-09-01"}
    )

    assert page.status_code == 400
    assert "2026-09-01 is before the From date (2026-09-30)" in page.text
    assert download.status_code == 302
    assert download.headers["Location"] == "/exports/?first=30+Sep&last=2026-09-01"


def test_teachers_may_not_export_and_everyone_must_log_in(client, login, logged):
    assert client.get("/exports/medicaid.csv", query_string=RANGE).status_code == 302
    login(logged["teacher"])
    assert client.get("/exports/medicaid.csv", query_string=RANGE).status_code == 403
    assert client.get("/exports/").status_code == 403
