"""The students list keeps its rows and pickers in the process by the values they show:
an edit shows on the next page at once, and kept rows never reach a user who may not
see those students."""

from __future__ import annotations

import pytest

from schoolot.extensions import db
from tests.factories import SmallDistrict, make_service
from tests.test_students_list import listed_codes


@pytest.fixture
def small(app) -> SmallDistrict:
    district = SmallDistrict(db.session)
    db.session.commit()
    return district


def _list(client, path: str = "/students/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.text


def _rename_student(small: SmallDistrict) -> str:
    small.ana.last_name = "Zamora"
    return "Zamora, Ana"


def _rename_school(small: SmallDistrict) -> str:
    small.oak.name = "Oakwood Elementary"
    return "<td>Oakwood Elementary</td>"


def _rename_teacher(small: SmallDistrict) -> str:
    small.teacher_oak.name = "Ms Renamed"
    return '<td class="wide-only">Ms Renamed</td>'


def _unassign(small: SmallDistrict) -> str:
    small.ben.therapist = None  # Cy, unassigned already, has no service line
    return '<td><span class="muted">Unassigned</span></td>\n      <td><span class="badge'


def _add_a_line(small: SmallDistrict) -> str:
    make_service(db.session, small.cy, "SV9", minutes=45, session_minutes=45)
    return "SV9: 45 minutes per week"


def _change_a_line(small: SmallDistrict) -> str:
    small.ana.services[0].minutes = 90
    return "SV1: 90 minutes per week"


@pytest.mark.parametrize(
    "edit",
    [_rename_student, _rename_school, _rename_teacher, _unassign, _add_a_line, _change_a_line],
)
def test_an_edit_shows_on_the_list_at_once(client, login, small, edit):
    login(small.coordinator)
    before = _list(client)
    assert _list(client) == before  # now kept
    shown = edit(small)
    db.session.commit()
    assert shown not in before
    assert shown in _list(client)


def test_kept_rows_reach_only_users_who_may_see_those_students(client, login, small):
    login(small.coordinator)
    assert listed_codes(_list(client)) == ["S2", "S1", "S3"]
    # The coordinator's filtered page holds exactly the teacher's class: the same rows.
    assert listed_codes(_list(client, f"/students/?school={small.lin.id}")) == ["S2", "S3"]
    login(small.teacher_user)
    assert listed_codes(_list(client)) == ["S2", "S3"]
    assert listed_codes(_list(client, "/students/?q=Kim")) == ["S2"]
    login(small.therapist_user)
    assert listed_codes(_list(client)) == ["S1"]
    assert listed_codes(_list(client, "/students/?q=Lopez")) == ["S1"]  # one row too
    login(small.coordinator)
    assert listed_codes(_list(client)) == ["S2", "S1", "S3"]


def test_the_pickers_follow_a_renamed_school_and_keep_the_selection(client, login, small):
    login(small.coordinator)
    path = f"/students/?school={small.oak.id}"
    selected = f'<option selected value="{small.oak.id}">'
    page = _list(client, path)
    assert selected + "Oak Elementary</option>" in page
    assert f'<option value="{small.oak.id}">' in _list(client)  # kept, not selected
    small.oak.name = "Oakwood Elementary"
    db.session.commit()
    assert selected + "Oakwood Elementary</option>" in _list(client, path)
