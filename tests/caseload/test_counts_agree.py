"""Every caseload count the app shows agrees with `flask caseload` (the hand district)."""

from __future__ import annotations

import json
import re

import pytest

from schoolot.extensions import db
from tests.caseload.hand_district import HandDistrict


@pytest.fixture
def hand(app) -> HandDistrict:
    district = HandDistrict(db.session)
    db.session.commit()
    return district


def _cli(runner) -> tuple[dict[str, int], int]:
    """Per therapist name, students; and the students on nobody's caseload."""
    rows = json.loads(runner.invoke(args=["caseload", "--json"]).output)
    text = runner.invoke(args=["caseload"]).output
    unassigned = int(re.search(r"(\d+) on nobody's caseload", text).group(1))
    return {r["name"]: r["students"] for r in rows}, unassigned


def _table_cell(page: str, therapist_id: int, column: str) -> str:
    """The dashboard workload table's `column` in the therapist's row (columns move)."""
    table = page[page.index('class="workload-table"') :]
    headers = re.findall(r'#workload-heading">([^<]+?)(?: <span|</a>)', table.split("</thead>")[0])
    row = table[table.index(f'href="/staff/therapists/{therapist_id}"') :].split("</tr>")[0]
    cells = [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]
    return cells[headers.index(column) - 1]  # the first column is the row's heading


def _listed(page: str) -> int:
    return int(re.search(r"<p>(\d+) students?", page).group(1))


def test_every_count_agrees_with_flask_caseload(client, login, runner, hand):
    students, unassigned = _cli(runner)
    assert students == {"Alice Able": 3, "Bea Best": 1} and unassigned == 1
    ids = {"Alice Able": hand.a.id, "Bea Best": hand.b.id}

    login(hand.coordinator)
    dashboard = client.get("/dashboard").text
    for name, therapist_id in ids.items():
        assert _table_cell(dashboard, therapist_id, "Students") == str(students[name]), name
    assert f"{unassigned} student has no therapist" in dashboard

    therapists = client.get("/staff/therapists").text
    assert f"{sum(students.values())} students on caseloads" in therapists
    for name, therapist_id in ids.items():
        row = therapists[therapists.index(f">{name}</a>") :].split("</tr>")[0]
        assert row.rstrip().endswith(f'<td class="num">{students[name]}</td>'), name
        page = client.get(f"/staff/therapists/{therapist_id}").text
        assert f"Caseload: {students[name]} student" in page, f"therapist page, {name}"
        listed = client.get(f"/students/?therapist={therapist_id}").text
        assert _listed(listed) == students[name], f"students list, {name}"
    assert _listed(client.get("/students/?therapist=none").text) == unassigned

    login(hand.a_user)
    own = client.get("/dashboard").text
    assert f"· {students['Alice Able']} students ·" in own
    assert len(re.findall(r'href="/students/\d+"', own)) == students["Alice Able"]
    assert _listed(client.get("/students/").text) == students["Alice Able"]
    assert "Unassigned" not in client.get("/students/").text  # s2, by the schedule, is A's
