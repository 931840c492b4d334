"""Where people read the change history: a student's History tab (coordinators and the
student's therapist, newest first, in sentences) and the district audit page
(coordinators: filters, pages, a CSV of the filtered list)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zoneinfo

import pytest
from sqlalchemy import select

from schoolot.audit import recording
from schoolot.audit.sentences import entries
from schoolot.extensions import db
from schoolot.models import Change, District, Makeup, ServiceLine
from tests.bundle_files import copy_demo, read_rows, set_cell
from tests.factories import SmallDistrict, make_equipment, make_user, make_version


@pytest.fixture
def small(app) -> SmallDistrict:
    district = SmallDistrict(db.session)
    db.session.commit()
    return district


def _district_today() -> dt.date:
    zone = zoneinfo.ZoneInfo(db.session.scalar(select(District.timezone)) or "UTC")
    return dt.datetime.now(zone).date()


def _today_words() -> str:
    """Today as the history's sentences say it, in the district's time zone."""
    today = _district_today()
    return f"{today.day} {today:%b}"


def _sentences(html: str) -> list[str]:
    """The History tab's sentences, in the order shown."""
    found = re.findall(r"<ol class=\"change-history\"[^>]*>(.*?)</ol>", html, re.S)
    assert found, "no history list on the page"
    items = re.findall(r"<li>\s*<p>(.*?)</p>", found[0], re.S)
    return [re.sub(r"<[^>]+>", "", item).strip() for item in items]


def test_done_when_a_re_import_changing_a_line_shows_on_the_history_tab(
    app, client, login, runner, tmp_path
):
    bundle = copy_demo(tmp_path)
    assert runner.invoke(args=["import-bundle", str(bundle)]).exit_code == 0
    row = next(
        n for n, cells in enumerate(read_rows(bundle, "services.csv"), 1) if cells[0] == "SV2"
    )
    set_cell(bundle, "services.csv", row, "minutes", "90")
    assert runner.invoke(args=["import-bundle", str(bundle)]).exit_code == 0
    line = db.session.scalar(select(ServiceLine).where(ServiceLine.code == "SV2"))
    coordinator = make_user(db.session, "coordinator")
    db.session.commit()
    login(coordinator)
    page = client.get(f"/students/{line.student_id}/history")
    assert page.status_code == 200
    sentences = _sentences(page.text)
    # Newest first: the re-import's one change, then the first import's records.
    assert (
        sentences[0]
        == f"import of bundle changed SV2 from 60 to 90 min/{line.per} on {_today_words()}"
    )
    assert all(s.startswith("import of bundle added ") for s in sentences[1:])
    assert f"import of bundle added student {line.student.code} on" in sentences[-1]


def test_history_is_newest_first_in_sentences_and_survives_the_deleted_line(client, login, small):
    login(small.coordinator)
    line = small.ana.services[0]
    form = dict(
        code="SV1", minutes="30", per="week", session_minutes="30", delivery="pull_out",
        grouping="individual", max_group="3", start="", end="",
    )  # fmt: skip
    edit = f"/students/{small.ana.id}/services/{line.id}/edit"
    assert client.post(edit, data=form).status_code == 302
    assert client.post(f"/students/{small.ana.id}/services/{line.id}/delete").status_code == 302
    page = client.get(f"/students/{small.ana.id}/history")
    day = _today_words()
    who = small.coordinator.display_name
    assert _sentences(page.text)[:2] == [
        f"{who} deleted SV1 on {day}",
        f"{who} changed SV1 from 60 to 30 min/week on {day}",
    ]
    assert "minutes=30; per=week" in page.text  # what the deleted line was


def test_the_history_tab_is_for_coordinators_and_the_student_s_therapist(client, login, small):
    login(small.therapist_user)  # Ana's therapist
    assert client.get(f"/students/{small.ana.id}/history").status_code == 200
    assert "History: who changed what" in client.get(f"/students/{small.ana.id}").text
    assert client.get(f"/students/{small.ben.id}/history").status_code == 404  # not theirs
    login(small.teacher_user)  # Ben's teacher sees Ben's page, not his history
    assert client.get(f"/students/{small.ben.id}/history").status_code == 403
    assert "History: who changed what" not in client.get(f"/students/{small.ben.id}").text


def test_a_deleted_student_s_history_stays_readable_by_coordinators(client, login, small):
    login(small.coordinator)
    student_id = small.ana.id
    assert client.post(f"/students/{student_id}/delete").status_code == 302
    page = client.get(f"/students/{student_id}/history")
    assert page.status_code == 200
    assert "Student S1 (deleted)" in page.text
    assert _sentences(page.text)[0].startswith(f"{small.coordinator.display_name} deleted")
    login(small.therapist_user)
    assert client.get(f"/students/{student_id}/history").status_code == 404


def test_a_makeup_shows_on_its_student_s_history(client, login, small):
    line = small.ana.services[0]
    with recording(actor="flask propose-makeups"):
        db.session.add(
            Makeup(
                uid="m1", service_line_id=line.id, therapist_id=small.ot1.id,
                school_id=small.oak.id, date=dt.date(2026, 12, 3),
                start=dt.time(9, 0), end=dt.time(9, 30),
            )
        )  # fmt: skip
        db.session.commit()
    made = db.session.scalar(select(Change).where(Change.record_kind == "makeup"))
    assert made.student_id == small.ana.id
    assert "service_line=SV1" in made.after
    login(small.therapist_user)
    sentences = _sentences(client.get(f"/students/{small.ana.id}/history").text)
    assert (
        sentences[0]
        == f"flask propose-makeups added the SV1 makeup on 2026-12-03 on {_today_words()}"
    )


def test_a_publish_links_to_its_schedule_version(client, login, small):
    version = make_version(db.session)
    db.session.commit()
    login(small.coordinator)
    assert client.post(f"/schedules/versions/{version.id}/publish").status_code == 302
    link = f'<a href="/schedules/versions/{version.id}">schedule {version.id}</a>'
    assert link in client.get("/audit").text
    assert link in client.get(f"/students/{small.ana.id}/history").text
    login(small.therapist_user)  # a therapist reads it, unlinked (the page is not theirs)
    history = client.get(f"/students/{small.ana.id}/history").text
    assert f"published schedule {version.id} on" in history and link not in history


def test_only_coordinators_see_the_audit_page_and_its_csv(client, login, small):
    for user in (small.therapist_user, small.teacher_user):
        login(user)
        assert client.get("/audit").status_code == 403
        assert client.get("/audit.csv").status_code == 403
        assert 'href="/audit"' not in client.get("/dashboard").text
    login(small.coordinator)
    assert 'href="/audit"' in client.get("/dashboard").text


def _changes_as_coordinator_and_therapist(client, login, small) -> None:
    login(small.coordinator)
    data = {"item": "slant board", "note": ""}
    assert client.post(f"/students/{small.ben.id}/equipment/new", data=data).status_code == 302
    login(small.therapist_user)
    assert (
        client.post(
            f"/students/{small.ana.id}/equipment/new", data={"item": "pencil grip", "note": ""}
        ).status_code
        == 302
    )
    login(small.coordinator)


def test_the_audit_page_filters_by_person_student_kind_and_dates(client, login, small):
    _changes_as_coordinator_and_therapist(client, login, small)
    everything = client.get("/audit")
    assert everything.status_code == 200
    by_therapist = client.get("/audit", query_string={"person": small.ot1.name}).text
    assert "added equipment pencil grip" in by_therapist and "slant board" not in by_therapist
    ben = client.get("/audit", query_string={"student": "S2", "kind": "equipment"}).text
    assert "1 change match these filters" in ben and "slant board" in ben
    today = _district_today()
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    none = client.get("/audit", query_string={"first": "2020-01-01", "last": yesterday})
    assert "0 changes match these filters" in none.text
    both = client.get("/audit", query_string={"kind": "equipment", "first": today.isoformat()})
    assert "2 changes match these filters" in both.text
    # Newest first: the therapist's item, then the coordinator's.
    assert both.text.index("pencil grip") < both.text.index("slant board")


def test_a_refused_filter_is_named(client, login, small):
    login(small.coordinator)
    page = client.get(
        "/audit", query_string={"student": "S99", "first": "2026-12-05", "last": "2026-12-01"}
    )
    assert page.status_code == 422
    assert "no student with id &#39;S99&#39;, now or in the history" in page.text
    assert "&#39;To&#39; is before &#39;From&#39;" in page.text
    assert client.get("/audit.csv", query_string={"student": "S99"}).status_code == 422


def test_the_csv_lists_the_filtered_changes_and_runs_no_formula(client, login, small):
    _changes_as_coordinator_and_therapist(client, login, small)
    item = make_equipment(db.session, small.ben, "wobble cushion")
    db.session.commit()
    data = {"item": "wobble cushion", "note": '=HYPERLINK("http://x")'}
    edit = f"/students/{small.ben.id}/equipment/{item.id}/edit"
    assert client.post(edit, data=data).status_code == 302
    first = (_district_today()).isoformat()
    query = {"kind": "equipment", "first": first}
    response = client.get("/audit.csv", query_string=query)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    who = small.coordinator.display_name
    assert [(r["actor"], r["action"], r["record"], r["student"]) for r in rows] == [
        (who, "update", "wobble cushion", "S2"),
        ("system", "create", "wobble cushion", "S2"),  # the factory's, outside any request
        (small.ot1.name, "create", "pencil grip", "S1"),
        (who, "create", "slant board", "S2"),
    ]
    assert rows[0]["after"] == '\'=HYPERLINK("http://x")'  # a spreadsheet shows it as text
    assert {"at", "actor", "record_kind", "record_id", "field", "before", "after"} <= rows[0].keys()
    assert rows[2]["change"].startswith(f"{small.ot1.name} added equipment pencil grip on ")


def test_pages_of_fifty_newest_first(client, login, small):
    item = make_equipment(db.session, small.ana, "pencil grip")
    with recording(actor="flask test"):
        for number in range(1, 61):
            item.note = f"note {number}."
            db.session.flush()
        db.session.commit()
    login(small.coordinator)
    first = client.get("/audit", query_string={"person": "flask test"}).text
    assert "Page 1 of 2 (60 in all)" in first
    assert "from note 59. to note 60." in first and "to note 10." not in first
    assert first.index("to note 60.") < first.index("to note 59.")
    second = client.get("/audit", query_string={"person": "flask test", "page": "2"}).text
    assert "to note 10." in second and "to note 11." not in second


def test_minutes_are_read_in_the_period_the_line_had_then(app, small):
    """SV1 (60 min/week) goes to 120 a week, then to 240 a month; then it is deleted.
    Each change of minutes reads in the period of its day, whatever came later."""
    line = small.ana.services[0]
    with recording(actor="flask test"):
        line.minutes = 120
        db.session.flush()
        line.per, line.minutes = "month", 240
        db.session.flush()
        db.session.delete(line)
        db.session.commit()
    changes = db.session.scalars(
        select(Change).where(Change.actor == "flask test").order_by(Change.id)
    ).all()
    read = entries(db.session(), changes, dt.UTC, dt.date.today(), with_day=False)
    assert [entry.sentence for entry in read] == [
        "flask test changed SV1 from 60 to 120 min/week",
        "flask test changed SV1 from 120 to 240 min/month",  # saved with the period
        "flask test changed the period of SV1 from week to month",
        "flask test deleted SV1",
    ]
