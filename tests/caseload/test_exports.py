"""`flask caseload`, the CSV download and the printable summary, on the hand district."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from schoolot.extensions import db
from tests.caseload.hand_district import HandDistrict


@pytest.fixture
def hand(app) -> HandDistrict:
    district = HandDistrict(db.session)
    db.session.commit()
    return district


def test_flask_caseload_json_has_every_therapists_figures(runner, hand):
    result = runner.invoke(args=["caseload", "--json", "--as-of", str(hand.today)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["therapist"] for r in rows] == [hand.a_user.email, "B-code"]  # by name
    a, b = rows
    assert {k: a[k] for k in ("fte", "students", "lines", "direct_minutes")} == {
        "fte": 1.0,
        "students": 3,
        "lines": 4,
        "direct_minutes": 180,
    }
    assert (a["consult_minutes"], a["travel_minutes"], a["schools"]) == (30, 20, 1)
    assert (a["workload_minutes"], a["workload_per_fte"], a["capacity_minutes"]) == (
        200,
        200.0,
        1800,
    )
    assert (b["workload_minutes"], b["workload_per_fte"], b["status"]) == (55, 110.0, "under")


def test_flask_caseload_as_of_a_later_day_drops_the_lines_ended_by_then(runner, hand):
    later = hand.today + dt.timedelta(days=366)  # every IEP of the district has ended
    rows = json.loads(runner.invoke(args=["caseload", "--json", "--as-of", str(later)]).output)
    assert [r["students"] for r in rows] == [0, 0]


def test_flask_caseload_prints_a_table(runner, hand):
    result = runner.invoke(args=["caseload"])
    assert result.exit_code == 0, result.output
    assert "5 students with a line in effect, 1 on nobody's caseload" in result.output
    alice = next(line for line in result.output.splitlines() if line.startswith("Alice Able"))
    assert alice.split()[2:6] == ["1.00", "3", "4", "180"]
    assert alice.split()[-1] == "under"


def test_the_csv_is_the_same_table_for_coordinators(client, login, runner, hand):
    login(hand.coordinator)
    response = client.get("/caseload/caseload.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    cli = json.loads(runner.invoke(args=["caseload", "--json"]).output)
    assert [r["therapist"] for r in rows] == [r["therapist"] for r in cli]
    assert [int(r["workload_minutes"]) for r in rows] == [r["workload_minutes"] for r in cli]
    assert [r["status"] for r in rows] == ["under", "under"]
    assert "/caseload/caseload.csv" in client.get("/staff/therapists").text


@pytest.mark.parametrize("who", ["a_user", "teacher_user"])
def test_the_csv_is_for_coordinators_only(client, login, hand, who):
    login(getattr(hand, who))
    assert client.get("/caseload/caseload.csv").status_code == 403


def test_a_therapist_prints_their_own_summary(client, login, hand):
    login(hand.a_user)
    page = client.get(f"/caseload/therapists/{hand.a.id}/summary")
    assert page.status_code == 200
    text = page.text
    assert "Alice Able" in text and "Workload: 200 of 1,800 minutes a week (11%, under)" in text
    assert "One, " in text and "Two, " in text and "Three, " in text and "Seven" not in text
    assert "<td>Mon, Tue</td>" in text  # Oak, from the schedule in force
    assert "caseload_summary.css" in text  # its print rules
    assert f"/caseload/therapists/{hand.a.id}/summary" in client.get("/dashboard").text


def test_a_therapist_cannot_open_anothers_summary_nor_a_teacher_any(client, login, hand):
    login(hand.a_user)
    assert client.get(f"/caseload/therapists/{hand.b.id}/summary").status_code == 403
    login(hand.teacher_user)
    assert client.get(f"/caseload/therapists/{hand.a.id}/summary").status_code == 403


def test_a_coordinator_opens_any_summary(client, login, hand):
    login(hand.coordinator)
    page = client.get(f"/caseload/therapists/{hand.b.id}/summary").text
    assert "Bea Best" in page and "Four, " in page and "Five" not in page
    assert client.get("/caseload/therapists/999999/summary").status_code == 404
