"""The coordinators' overview is kept in the process between requests: whatever it is
drawn from changes, the next page shows the change, and a kept page costs a fixed few
queries however many sessions the schedule holds."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event

from schoolot.extensions import db
from tests.factories import make_calendar_day, make_scheduled_session, make_version
from tests.test_timetable_pages import THANKSGIVING_WEEK, Timetabled

T = dt.time
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri")
OVERVIEW = f"/timetable/overview?week={THANKSGIVING_WEEK}"
WEEK_TOTAL = '<td class="num">{} min'  # a therapist's minutes that week


@pytest.fixture
def d(app) -> Timetabled:
    district = Timetabled(db.session)
    db.session.commit()
    return district


def _overview(client) -> str:
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    return response.text


def _rename_therapist(d: Timetabled) -> str:
    d.ot1.name = "Renamed Therapist"
    return "Renamed Therapist"


def _rename_school(d: Timetabled) -> str:
    d.oak.name = "Renamed School"
    return "Renamed School"


def _close_monday(d: Timetabled) -> str:
    make_calendar_day(db.session, date=dt.date(2026, 11, 23), note="Water main")
    return "Closed: Water main"


def _end_the_iep(d: Timetabled) -> str:
    # Ana's IEP ends before the week: ot1's Monday session no longer happens.
    d.ana.iep_end = dt.date(2026, 11, 20)
    return WEEK_TOTAL.format(0)


def _end_the_service_line(d: Timetabled) -> str:
    d.ana.services[0].end = dt.date(2026, 11, 20)
    return WEEK_TOTAL.format(0)


def _publish_another(d: Timetabled) -> str:
    _publish(d, [("Tue", T(13, 0), T(13, 55))])
    return WEEK_TOTAL.format(55)


def _publish(d: Timetabled, times: list[tuple[str, dt.time, dt.time]]) -> None:
    """A newer schedule in force from October on: ot1 serves Ana at `times`."""
    d.version.state = "archived"
    db.session.flush()
    newer = make_version(db.session, "published", published_at=dt.datetime(2026, 10, 1, 12, 0))
    for weekday, start, end in times:
        make_scheduled_session(db.session, newer, d.ot1, d.ana.services, weekday, start, end)


@pytest.mark.parametrize(
    "edit",
    [
        _rename_therapist,
        _rename_school,
        _close_monday,
        _end_the_iep,
        _end_the_service_line,
        _publish_another,
    ],
)
def test_the_overview_shows_an_edit_made_after_it_was_kept(client, login, d, edit):
    login(d.coordinator)
    before = _overview(client)
    assert _overview(client) == before  # now kept
    shown = edit(d)
    db.session.commit()
    after = _overview(client)
    assert shown not in before
    assert shown in after


def test_the_kept_overview_is_the_page_built_afresh(client, login, d, app):
    login(d.coordinator)
    first = _overview(client)
    kept = _overview(client)
    app.extensions["schoolot.caches"]["timetable.overview"].clear()
    assert kept == first == _overview(client)


def _statements(client) -> int:
    count = 0

    def counted(*_args) -> None:
        nonlocal count
        count += 1

    event.listen(db.engine, "before_cursor_execute", counted)
    try:
        _overview(client)
    finally:
        event.remove(db.engine, "before_cursor_execute", counted)
    return count


def test_a_kept_overview_costs_the_same_few_queries_however_many_sessions(client, login, d):
    login(d.coordinator)
    _overview(client)
    few = _statements(client)
    _publish(d, [(day, T(hour, 0), T(hour, 30)) for day in WEEKDAYS for hour in (8, 11, 13, 14)])
    db.session.commit()
    assert WEEK_TOTAL.format(16 * 30) in _overview(client)  # Thursday is Thanksgiving
    many = _statements(client)
    assert many == few
    assert few <= 10
