"""Issue 9, finding 9: control characters and bidirectional overrides are refused at input,
by the forms and the bundle import alike, and line separators never reach a feed raw."""

from __future__ import annotations

import html as html_module
import re

import pytest
from sqlalchemy import select

from schoolot.bundle import import_bundle
from schoolot.errors import ValidationFailed
from schoolot.extensions import db
from schoolot.feeds.ical import build_feed
from schoolot.models import Goal, School, Student
from tests.bundle_files import copy_demo, set_cell
from tests.factories import SmallDistrict
from tests.feed_district import FeedDistrict
from tests.feed_readers import READERS, libical_reading

RLO = "contains a control character (U+202E RIGHT-TO-LEFT OVERRIDE)"


def field_error(html: str, field: str) -> str:
    match = re.search(rf'<small id="{field}-error" class="field-error">(.*?)</small>', html)
    return html_module.unescape(match.group(1)) if match else ""


@pytest.fixture
def small(app, login) -> SmallDistrict:
    district = SmallDistrict(db.session)
    db.session.commit()
    login(district.coordinator)
    return district


def new_student(client, small: SmallDistrict, **changes):
    data = dict(
        code="S90",
        first_name="Dee",
        last_name="Park",
        grade="2",
        school=str(small.oak.id),
        teacher=str(small.teacher_oak.id),
        therapist=str(small.ot1.id),
        iep_start="2026-09-01",
        iep_end="2027-08-31",
    )
    data.update(changes)
    return client.post("/students/new", data=data)


def new_goal(client, student: Student, **changes):
    data = dict(
        code="G90", area="fine motor", description="Will zip a coat", baseline="", target=""
    )
    data.update(changes)
    return client.post(f"/students/{student.id}/goals/new", data=data)


# --- forms ------------------------------------------------------------------------------


def test_a_form_refuses_a_right_to_left_override(client, small):
    response = new_student(client, small, first_name="Dee\u202egnp.exe")
    assert response.status_code == 422
    assert field_error(response.text, "first_name") == RLO
    assert db.session.scalar(select(Student).where(Student.code == "S90")) is None


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Dee\x00", "U+0000 NULL"),
        ("Dee\u0085Park", "U+0085 NEXT LINE"),
        ("Dee\tPark", "U+0009 CHARACTER TABULATION"),
        ("\u2066Dee", "U+2066 LEFT-TO-RIGHT ISOLATE"),
    ],
)
def test_a_one_line_form_field_refuses_nul_c1_tab_and_isolates(client, small, text, named):
    response = new_student(client, small, last_name=text)
    assert response.status_code == 422
    assert field_error(response.text, "last_name") == f"contains a control character ({named})"


def test_every_area_s_forms_hold_the_rule(client, small):
    response = client.post(
        f"/schools/{small.oak.id}/edit",
        data=dict(code="OAK", name="Oak\u202d", day_start="08:00", day_end="15:00", address=""),
    )
    assert response.status_code == 422
    assert field_error(response.text, "name") == (
        "contains a control character (U+202D LEFT-TO-RIGHT OVERRIDE)"
    )
    db.session.expire_all()
    assert db.session.get(School, small.oak.id).name == "Oak Elementary"


def test_a_multi_line_field_keeps_tabs_and_line_breaks_but_not_nul(client, small):
    refused = new_goal(client, small.ana, description="Will zip\x00 a coat")
    assert refused.status_code == 422
    assert field_error(refused.text, "description") == "contains a control character (U+0000 NULL)"

    kept = new_goal(client, small.ana, description="Will zip a coat:\r\n\t- with help")
    assert kept.status_code == 302, kept.text
    goal = db.session.scalar(select(Goal).where(Goal.code == "G90"))
    assert goal is not None and "\t- with help" in goal.description


# --- bundle import ----------------------------------------------------------------------


def test_the_bundle_import_refuses_the_same_characters_in_the_same_words(app, tmp_path):
    bundle = copy_demo(tmp_path)
    set_cell(bundle, "students.csv", 3, "first_name", "Liam\u202e")
    set_cell(bundle, "teachers.csv", 2, "name", "Ms.\u0085Ray")
    set_cell(bundle, "goals.csv", 2, "description", "Will zip\x1b[2J a coat")
    set_cell(bundle, "goals.csv", 3, "description", "Will zip a coat:\n\t- with help")

    with pytest.raises(ValidationFailed) as refused:
        import_bundle(db.session(), bundle)

    problems = refused.value.problems
    assert f"students.csv:3: first_name: {RLO}" in problems
    assert "teachers.csv:2: name: contains a control character (U+0085 NEXT LINE)" in problems
    assert "goals.csv:2: description: contains a control character (U+001B ESCAPE)" in problems
    assert not any(p.startswith("goals.csv:3:") for p in problems), problems
    # The row is reported once, for its bad cell: not again as an unknown reference.
    assert not any("unknown student 'S10001'" in p for p in problems), problems


def test_the_bundle_import_refuses_a_nul(app, tmp_path):
    bundle = copy_demo(tmp_path)
    set_cell(bundle, "goals.csv", 2, "description", "Will zip\x00 a coat")

    with pytest.raises(ValidationFailed) as refused:
        import_bundle(db.session(), bundle)

    assert any(p.startswith("goals.csv:2: ") for p in refused.value.problems)


# --- feeds ------------------------------------------------------------------------------

RAW_SEPARATORS = ("\u2028", "\u2029", "\u0085", "\x0b", "\x0c")


@pytest.fixture
def separated(app) -> FeedDistrict:
    """The feed district with line separators put straight into the database, as older
    data (or another tool writing to it) may hold them."""
    district = FeedDistrict(db.session)
    district.maya.first_name = "Ma\u2028ya"
    district.leo.last_name = "\u0085Park"
    district.oak.name = "Oak\u2029Elementary\x0bNorth\x0cCampus\rEast"
    district.taylor.room = "3\u008501"
    db.session.commit()
    return district


def test_a_feed_carries_no_raw_line_separator(separated):
    for kind, owner in (
        ("therapist", separated.ward),
        ("teacher", separated.taylor),
        ("school", separated.oak),
    ):
        body = build_feed(db.session(), kind, owner.id)
        text = body.decode("utf-8")
        for separator in RAW_SEPARATORS:
            assert separator not in text, (kind, hex(ord(separator)))
        assert "\r" not in text.replace("\r\n", ""), kind
        assert "\n" not in text.replace("\r\n", ""), kind
        for read in READERS.values():
            assert read(body)  # parses, with every event
        summaries = [event["summary"] for event in libical_reading(body)["events"]]
        for summary in summaries:
            assert not any(s in summary for s in RAW_SEPARATORS), summary


def test_every_control_character_is_named_by_its_unicode_alias():
    import unicodedata

    from schoolot.values import control_character_name

    for code in [*range(0x20), *range(0x7F, 0xA0)]:
        label = control_character_name(chr(code))
        assert unicodedata.lookup(label.split(" ", 1)[1]) == chr(code), label
