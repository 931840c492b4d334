"""Accepting, moving and declining makeups; accepted ones in every feed (read by
icalendar and by libical) and every timetable, as one-off events and sessions;
declined and proposed ones nowhere."""

from __future__ import annotations

import datetime as dt
import uuid

import icalendar
import pytest

from schoolot.extensions import db
from schoolot.feeds.ical import build_feed
from schoolot.makeups.decide import MakeupRefused, accept, decline, move
from schoolot.models import Makeup
from schoolot.service_log.planned import planned_sessions
from schoolot.timetable.in_force import InForce
from tests.feed_readers import libical_reading, read_with_icalendar
from tests.makeups.district import TODAY, MakeupDistrict, t

TUE, WED, THU = dt.date(2026, 11, 17), dt.date(2026, 11, 18), dt.date(2026, 11, 19)


@pytest.fixture
def district(app, monkeypatch) -> MakeupDistrict:
    monkeypatch.setattr("schoolot.makeups.decide.district_today", lambda district: TODAY)
    return MakeupDistrict(db.session)


def proposed(d: MakeupDistrict, line, date: dt.date, start: str, end: str) -> Makeup:
    makeup = Makeup(
        uid=uuid.uuid4().hex,
        service_line=line,
        therapist=d.ward,
        school=line.student.school,
        date=date,
        start=t(start),
        end=t(end),
        state="proposed",
    )
    db.session.add(makeup)
    db.session.flush()
    return makeup


# --- deciding ------------------------------------------------------------------------


def test_accepting_makes_it_a_planned_session(district):
    makeup = proposed(district, district.sv_ana, TUE, "10:00", "10:30")
    assert [p.makeup_id for p in planned_sessions(db.session, TUE, TUE)] == []
    accept(db.session, makeup, district.therapist_user)
    assert makeup.state == "accepted" and makeup.decided_by == district.therapist_user
    assert [p.makeup_id for p in planned_sessions(db.session, TUE, TUE)] == [makeup.id]


def test_moving_to_a_colliding_slot_is_refused_and_changes_nothing(district):
    makeup = proposed(district, district.sv_maya, TUE, "10:00", "10:30")
    with pytest.raises(MakeupRefused) as refused:
        move(db.session, makeup, THU, t("13:15"), t("13:45"), district.therapist_user)
    assert str(refused.value) == (
        "Thu 19 Nov 13:15-13:45 does not fit: Maya R. (gr 2) has another session "
        "13:00-13:30 that day."
    )
    with pytest.raises(MakeupRefused, match="Oak Elementary is closed"):
        from tests.factories import make_calendar_day

        make_calendar_day(db.session, None, date=WED, kind="closed", note="Storm")
        move(db.session, makeup, WED, t("10:00"), t("10:30"), district.therapist_user)
    with pytest.raises(MakeupRefused, match="is in the past"):
        move(db.session, makeup, TODAY - dt.timedelta(days=1), t("10:00"), t("10:30"), None)
    assert (makeup.date, makeup.start, makeup.state, makeup.sequence) == (
        TUE,
        t("10:00"),
        "proposed",
        0,
    )


def test_a_move_keeps_clear_of_the_therapists_other_makeups(district):
    proposed(district, district.sv_ana, TUE, "10:00", "10:30")
    makeup = proposed(district, district.sv_maya, WED, "10:00", "10:30")
    with pytest.raises(MakeupRefused, match="Zoe Ward has a session 10:00-10:30"):
        move(db.session, makeup, TUE, t("10:15"), t("10:45"), None)


def test_moving_an_accepted_makeup_bumps_its_sequence(district):
    makeup = proposed(district, district.sv_ana, TUE, "10:00", "10:30")
    accept(db.session, makeup, None)
    move(db.session, makeup, TUE, t("10:00"), t("10:30"), None)  # not moved
    assert makeup.sequence == 0
    move(db.session, makeup, WED, t("11:00"), t("11:30"), None)
    assert (makeup.date, makeup.start, makeup.sequence, makeup.state) == (
        WED,
        t("11:00"),
        1,
        "accepted",
    )


def test_accepting_a_proposal_that_no_longer_fits_is_refused(district):
    first = proposed(district, district.sv_ana, TUE, "10:00", "10:30")
    second = proposed(district, district.sv_maya, TUE, "10:00", "10:30")
    accept(db.session, first, None)
    with pytest.raises(MakeupRefused, match="no longer fits: Zoe Ward has a session"):
        accept(db.session, second, None)
    assert second.state == "proposed"


# --- feeds ---------------------------------------------------------------------------


def _decided(d: MakeupDistrict) -> tuple[Makeup, Makeup, Makeup]:
    accepted = proposed(d, d.sv_ana, TUE, "10:00", "10:30")
    accept(db.session, accepted, None)
    declined = proposed(d, d.sv_maya, WED, "10:00", "10:30")
    decline(db.session, declined, None)
    waiting = proposed(d, d.sv_ben, THU, "09:00", "09:45")
    return accepted, declined, waiting


@pytest.mark.parametrize("kind", ["therapist", "teacher", "school"])
def test_accepted_makeups_are_one_off_events_in_every_feed(district, kind):
    accepted, declined, waiting = _decided(district)
    owner = {"therapist": district.ward, "teacher": district.taylor, "school": district.oak}[kind]
    body = build_feed(db.session, kind, owner.id)
    uid = f"makeup-{accepted.uid}@schoolot"

    events = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}
    assert f"makeup-{declined.uid}@schoolot" not in events
    assert f"makeup-{waiting.uid}@schoolot" not in events
    event = events[uid]
    assert str(event["SUMMARY"]) == "OT makeup, pull-out: Ana L."
    assert event.decoded("DTSTART") == dt.datetime(
        2026, 11, 17, 10, 0, tzinfo=event.decoded("DTSTART").tzinfo
    )
    assert int(event["SEQUENCE"]) == 0
    starts = [o for o in read_with_icalendar(body) if o.uid == uid]
    assert [(o.start, o.end) for o in starts] == [
        (dt.datetime(2026, 11, 17, 10, 0), dt.datetime(2026, 11, 17, 10, 30))
    ]
    assert starts[0].start_utc == dt.datetime(2026, 11, 17, 16, 0, tzinfo=dt.UTC)  # CST

    reading = libical_reading(body)
    assert reading["restriction_ok"] and reading["errors"] == [], reading["errors"]
    found = [e for e in reading["events"] if e["uid"] == uid]
    assert [(e["start_local"], e["end_local"], e["sequence"]) for e in found] == [
        ("20261117T100000", "20261117T103000", 0)
    ]
    assert found[0]["start_utc"] == int(dt.datetime(2026, 11, 17, 16, 0, tzinfo=dt.UTC).timestamp())


def test_a_moved_makeup_keeps_its_uid_with_a_higher_sequence_and_a_declined_one_leaves(district):
    accepted, _, _ = _decided(district)
    uid = f"makeup-{accepted.uid}@schoolot"
    move(db.session, accepted, WED, t("11:00"), t("11:30"), None)
    events = libical_reading(build_feed(db.session, "therapist", district.ward.id))["events"]
    assert [(e["start_local"], e["sequence"]) for e in events if e["uid"] == uid] == [
        ("20261118T110000", 1)
    ]
    decline(db.session, accepted, None)
    body = build_feed(db.session, "therapist", district.ward.id)
    assert uid.encode() not in body
    assert [e for e in libical_reading(body)["events"] if e["uid"] == uid] == []


# --- timetables ----------------------------------------------------------------------


def _makeup_blocks(day) -> list[tuple[str, str, str | None]]:
    return [(f"{b.start:%H:%M}", f"{b.end:%H:%M}", b.note) for b in day.sessions if b.makeup_id]


def test_accepted_makeups_are_in_every_timetable(district):
    _decided(district)
    timetables = InForce.load(db.session)
    assert timetables is not None
    monday = dt.date(2026, 11, 16)
    owners = [
        ("therapist", district.ward),
        ("school", district.oak),
        ("teacher", district.taylor),
        ("student", district.ana),
    ]
    for kind, owner in owners:
        week = timetables.week(kind, owner, monday, today=TODAY)
        tuesday = next(d for d in week.days if d.date == TUE)
        assert _makeup_blocks(tuesday) == [("10:00", "10:30", "Makeup")], kind
        assert "Ana L." in next(b for b in tuesday.sessions if b.makeup_id).students
        others = [b for d in week.days if d.date != TUE for b in d.sessions if b.makeup_id]
        assert others == [], kind  # the declined (Wed) and the proposed (Thu) are not shown
    day = timetables.day("therapist", district.ward, TUE, today=TUE)
    assert _makeup_blocks(day) == [("10:00", "10:30", "Makeup")]
    assert day.lunch is not None


def test_the_lunch_of_a_day_with_a_makeup_is_placed_around_it(district):
    # Thu's pattern lunch is 11:00-11:30 (Maya 13:00-13:30); a makeup 11:00-11:30 moves it.
    makeup = proposed(district, district.sv_ana, THU, "11:00", "11:30")
    accept(db.session, makeup, None)
    timetables = InForce.load(db.session)
    assert timetables is not None
    day = timetables.day("therapist", district.ward, THU, today=TODAY)
    assert day.lunch is not None
    assert (f"{day.lunch.start:%H:%M}", f"{day.lunch.end:%H:%M}") == ("11:30", "12:00")


def test_the_drives_of_a_day_with_a_makeup_are_drawn_around_it(district):
    # Mon: Ana at Oak 09:00-09:30, Ben at Lincoln 10:00-10:45; a makeup at Oak 11:15.
    makeup = proposed(district, district.sv_maya, dt.date(2026, 11, 16), "11:15", "11:45")
    accept(db.session, makeup, None)
    timetables = InForce.load(db.session)
    assert timetables is not None
    day = timetables.day("therapist", district.ward, dt.date(2026, 11, 16), today=TODAY)
    assert [(f"{b.start:%H:%M}", f"{b.end:%H:%M}", b.school.code) for b in day.drives] == [
        ("09:30", "09:50", "LIN"),
        ("10:45", "11:05", "OAK"),
    ]
    assert (f"{day.lunch.start:%H:%M}", f"{day.lunch.end:%H:%M}") == ("11:45", "12:15")


def test_the_served_feed_shows_an_accepted_makeup_at_once_and_drops_a_declined_one(
    client, district
):
    from schoolot.feeds import tokens

    feed = tokens.ensure_feed(db.session(), "test-secret", "teacher", district.taylor.id)
    db.session.commit()
    url = f"/feeds/{tokens.token_of(feed, 'test-secret')}.ics"
    makeup = proposed(district, district.sv_ana, TUE, "10:00", "10:30")
    uid = f"makeup-{makeup.uid}@schoolot".encode()
    before = client.get(url)
    assert before.status_code == 200 and uid not in before.data
    accept(db.session, makeup, None)
    db.session.commit()
    accepted = client.get(url, headers={"If-None-Match": before.headers["ETag"]})
    assert accepted.status_code == 200 and uid in accepted.data  # not a cached body
    decline(db.session, makeup, None)
    db.session.commit()
    assert uid not in client.get(url).data


def test_the_coordinators_overview_counts_accepted_makeups_and_its_cache_key_moves(district):
    timetables = InForce.load(db.session)
    assert timetables is not None
    monday = dt.date(2026, 11, 16)
    key = timetables.overview_key(monday, TODAY)
    makeup = proposed(district, district.sv_ana, TUE, "10:00", "10:30")
    assert timetables.overview_key(monday, TODAY) == key  # a proposal shows nowhere
    accept(db.session, makeup, None)
    assert timetables.overview_key(monday, TODAY) != key
    [row] = timetables.overview(monday, TODAY).rows
    tuesday = next(d for d in row.week.days if d.date == TUE)
    assert [(b.makeup_id, b.minutes) for b in tuesday.sessions] == [(makeup.id, 30)]
    assert tuesday.session_minutes == 30
