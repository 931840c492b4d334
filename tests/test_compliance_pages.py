"""Owed vs delivered pages: who sees what, the tables' order, the CSV, the IEP report and
the makeup policy on the district settings page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

import pytest

from schoolot.extensions import db
from schoolot.models import District, GoalProgress
from tests.carryover_district import SmallDistrict, small_district
from tests.compliance_district import log, makeup
from tests.factories import make_goal, make_student, make_therapist, make_user

D = dt.date
T = dt.time
AS_OF = "2026-09-18"


@dataclass
class World:
    small: SmallDistrict
    coordinator: object
    ann: object  # Ann Otter's account: Mia's and Noah's therapist
    other: object  # another therapist's account
    teacher: object
    other_therapist_id: int
    stranger_id: int  # a student on the other therapist's caseload


@pytest.fixture
def world(app) -> World:
    small = small_district(db.session)
    log(db.session, small.mia_line, D(2026, 9, 14), small.monday, reason="therapist_absent")
    log(db.session, small.noah_line, D(2026, 9, 14), small.monday, reason="student_absent")
    log(db.session, small.mia_line, D(2026, 9, 16), small.wednesday, minutes=25)
    makeup(db.session, small.mia_line, D(2026, 9, 24), T(10, 0), T(10, 30))
    goal = make_goal(db.session, small.mia, "G-MIA-1", description="Writes her name legibly")
    for date, mark in ((D(2026, 9, 2), "no_progress"), (D(2026, 9, 16), "good_progress")):
        db.session.add(GoalProgress(goal=goal, date=date, mark=mark, note=f"note of {date}"))
    other = make_therapist(db.session, [small.school], "bo@district.example", name="Bo Other")
    stranger = make_student(db.session, small.mia.teacher, other, "ZED1", first_name="Zed")
    db.session.commit()
    return World(
        small,
        make_user(db.session),
        make_user(db.session, "therapist", therapist=small.therapist),
        make_user(db.session, "therapist", therapist=other),
        make_user(db.session, "teacher", teacher=small.mia.teacher),
        other.id,
        stranger.id,
    )


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def test_the_district_page_puts_the_lines_furthest_behind_first(client, login, world):
    login(world.coordinator)

    html = _page(client, f"/compliance/?as_of={AS_OF}")

    # Tue 1 - Fri 18 Sep: 14 school days. Mia: owed 168 (x 12), delivered 25: -143;
    # Noah: owed 84 (x 6), delivered 0: -84.
    assert html.index("SV-MIA") < html.index("SV-NOAH")
    assert '<span class="balance behind">-143</span>' in html
    assert '<span class="balance behind">-84</span>' in html
    assert "Alder Elementary" in html and "Ann Otter" in html
    # The default order is by balance, lowest first, and says so.
    assert 'aria-sort="ascending"' in html


def test_sorting_by_a_column_the_other_way(client, login, world):
    login(world.coordinator)

    html = _page(client, f"/compliance/?as_of={AS_OF}&sort=balance&dir=desc")

    assert html.index("SV-NOAH") < html.index("SV-MIA")
    assert 'aria-sort="descending"' in html


def test_a_school_and_a_caseload_list_their_lines(client, login, world):
    login(world.coordinator)
    small = world.small

    school = _page(client, f"/compliance/schools/{small.school.id}?as_of={AS_OF}")
    caseload = _page(client, f"/compliance/therapists/{small.therapist.id}?as_of={AS_OF}")
    others = _page(client, f"/compliance/therapists/{world.other_therapist_id}?as_of={AS_OF}")

    assert "SV-MIA" in school and "SV-NOAH" in school
    assert "SV-MIA" in caseload and "SV-NOAH" in caseload
    assert "SV-MIA" not in others


def test_a_therapist_sees_their_own_caseload_only(client, login, world):
    small = world.small
    login(world.ann)

    landing = client.get("/compliance/")
    own = client.get(f"/compliance/therapists/{small.therapist.id}?as_of={AS_OF}")
    others = client.get(f"/compliance/therapists/{world.other_therapist_id}")
    school = client.get(f"/compliance/schools/{small.school.id}")
    mia = client.get(f"/compliance/students/{small.mia.id}?as_of={AS_OF}")
    stranger = client.get(f"/compliance/students/{world.stranger_id}")
    district_csv = client.get("/compliance/compliance.csv")
    own_csv = client.get(f"/compliance/compliance.csv?therapist_id={small.therapist.id}")

    assert landing.status_code == 302
    assert landing.headers["Location"].endswith(f"/compliance/therapists/{small.therapist.id}")
    assert own.status_code == 200 and "SV-MIA" in own.get_data(as_text=True)
    assert (others.status_code, school.status_code) == (403, 403)
    assert mia.status_code == 200
    assert stranger.status_code == 404  # not theirs: never a hint the student exists
    assert (district_csv.status_code, own_csv.status_code) == (403, 200)


def test_teachers_see_none_of_it(client, login, world):
    small = world.small
    login(world.teacher)

    for url in (
        "/compliance/",
        f"/compliance/therapists/{small.therapist.id}",
        f"/compliance/schools/{small.school.id}",
        f"/compliance/students/{small.mia.id}",  # a student of their own class
        f"/compliance/students/{small.mia.id}/report",
        "/compliance/compliance.csv",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post("/compliance/makeup-policy").status_code in (400, 403)


def test_every_page_needs_a_login(client, world):
    response = client.get("/compliance/")

    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_csv_has_one_row_per_line_with_minutes_as_numbers(client, login, world):
    login(world.coordinator)

    response = client.get(f"/compliance/compliance.csv?as_of={AS_OF}")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert f'filename="compliance-{AS_OF}.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(r["service"], r["student"]) for r in rows] == [
        ("SV-MIA", "Mia Lopez"),
        ("SV-NOAH", "Noah Kim"),
    ]
    mia = rows[0]
    assert (mia["owed_minutes"], mia["delivered_minutes"], mia["balance_minutes"]) == (
        "168",
        "25",
        "-143",  # a number, not neutralised as a formula
    )
    assert mia["missed_therapist_absent_minutes"] == "30"
    assert mia["missed_student_absent_minutes"] == "0"
    assert rows[1]["missed_student_absent_minutes"] == "30"
    assert (mia["makeup_owed_minutes"], mia["makeup_planned_minutes"]) == ("30", "30")


def test_the_iep_report_renders_lines_reasons_makeups_and_goal_charts(client, login, world):
    small = world.small
    login(world.ann)

    html = _page(client, f"/compliance/students/{small.mia.id}/report?as_of={AS_OF}")

    assert "Mia Lopez: OT services and goal progress" in html
    assert "SV-MIA" in html and "SV-NOAH" not in html
    assert "Therapist absent: 30 minutes" in html and "(owed back)" in html
    assert "Thu 2026-09-24" in html  # the accepted makeup
    # The goal's chart: two marks, joined, with its summary as the accessible name.
    summary = "Goal G-MIA-1: 2 marks from 2026-09-02 to 2026-09-16; latest Good progress"
    assert f'aria-label="{summary}"' in html
    assert html.count('class="mark ') == 2
    assert "<polyline" in html
    assert "note of 2026-09-16" in html
    assert "data-print" in html and "compliance.css" in html


def test_a_bad_as_of_date_is_named_and_today_used(client, login, world):
    login(world.coordinator)

    html = _page(client, "/compliance/?as_of=18%20Sep")

    assert "As of: &#39;18 Sep&#39; is not a date in YYYY-MM-DD form" in html


def test_the_makeup_policy_is_saved_from_the_district_settings_page(client, login, world):
    login(world.coordinator)
    page = _page(client, "/district/")
    assert 'id="makeup-policy"' in page
    checked = re.findall(r'<input checked id="makeup-[^>]*value="(\w+)"', page)
    assert checked == [
        "student_unavailable",
        "therapist_absent",
        "school_closed",
        "therapist_reassigned",
    ]

    response = client.post(
        "/compliance/makeup-policy",
        data={"makeup-makeup_reasons": ["student_absent", "school_closed"]},
    )

    assert response.status_code == 302
    db.session.expire_all()
    district = db.session.scalar(db.select(District))
    assert district.makeup_reasons == "student_absent school_closed"
    html = _page(client, f"/compliance/?as_of={AS_OF}")
    assert "Owed back: Student absent, School closed or event." in html


def test_an_unknown_makeup_reason_is_refused_naming_it(client, login, world):
    login(world.coordinator)

    client.post("/compliance/makeup-policy", data={"makeup-makeup_reasons": ["weather"]})

    db.session.expire_all()
    district = db.session.scalar(db.select(District))
    assert district.makeup_reason_list == (
        "student_unavailable",
        "therapist_absent",
        "school_closed",
        "therapist_reassigned",
    )
    html = _page(client, "/district/")
    assert (
        "Makeup policy not saved: &#39;weather&#39; is not a reason (one of student_absent," in html
    )


def test_a_therapist_may_not_change_the_makeup_policy(client, login, world):
    login(world.ann)

    response = client.post(
        "/compliance/makeup-policy", data={"makeup-makeup_reasons": ["student_absent"]}
    )

    assert response.status_code == 403


def test_the_student_page_shows_goal_charts_to_the_therapist_not_the_teacher(client, login, world):
    small = world.small
    summary = "Goal G-MIA-1: 2 marks from 2026-09-02 to 2026-09-16; latest Good progress"

    login(world.ann)
    therapist_view = _page(client, f"/students/{small.mia.id}")
    login(world.teacher)
    teacher_view = _page(client, f"/students/{small.mia.id}")

    assert f'aria-label="{summary}"' in therapist_view
    assert f"/compliance/students/{small.mia.id}/report" in therapist_view
    assert "goal-chart" not in teacher_view
    assert "/compliance/" not in teacher_view
