"""Events keep their identity across re-solves: the same UIDs for unchanged sessions, the
same UID with a higher SEQUENCE for a moved one, and no event for a removed one."""

from __future__ import annotations

import datetime as dt

import icalendar

from schoolot.extensions import db
from schoolot.feeds.ical import build_feed
from schoolot.scheduling import store
from schoolot.solver.solve import solve
from tests.test_scheduling_store import MON, THU, TUE, Week


def events(body: bytes) -> dict[str, icalendar.Event]:
    found = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}
    assert len(found) == body.count(b"BEGIN:VEVENT")  # no UID twice
    return found


def therapist_feed(week: Week) -> bytes:
    return build_feed(db.session(), "therapist", week.ot.id)


def test_a_re_solve_with_nothing_changed_gives_the_same_feed_to_the_byte(app):
    week = Week()
    problem, index = week.problem()
    first = store.publish(
        db.session,
        store.store_solution(
            db.session,
            problem,
            index,
            solve(problem, time_limit=2, seed=1, workers=1),
            None,
            None,
            2,
            1,
        ),
    )
    db.session.commit()
    before = therapist_feed(week)
    assert therapist_feed(week) == before  # unchanged data, identical bytes

    problem, index = week.problem(first)
    again = solve(problem, time_limit=2, seed=1, workers=1)
    store.publish(
        db.session, store.store_solution(db.session, problem, index, again, first, None, 2, 1)
    )
    db.session.commit()
    after = therapist_feed(week)

    old, new = events(before), events(after)
    assert old and set(new) == set(old)
    for uid, event in new.items():
        assert event.decoded("SEQUENCE") == old[uid].decoded("SEQUENCE") == 0
        assert event.decoded("LAST-MODIFIED") == old[uid].decoded("LAST-MODIFIED")
        assert event.decoded("DTSTART") == old[uid].decoded("DTSTART")
    # DTSTAMP is the schedule's last revision: nothing moved, so the same one, and the
    # feed is the same to the byte (calendar servers download nothing new).
    assert after == before


def test_a_session_moved_to_another_weekday_keeps_its_uids_with_a_higher_sequence(app):
    week = Week()
    first = week.published(ana_days=(MON, TUE))
    for row in first.sessions:  # published a day ago
        row.modified_at -= dt.timedelta(days=1)
    db.session.commit()
    before = events(therapist_feed(week))
    tuesday_uid = next(row.uid for row in first.sessions if row.weekday == "Tue")

    store.publish(db.session, week.store(in_force=first, ana_days=(MON, THU)))
    db.session.commit()
    after = events(therapist_feed(week))

    # The year starts on Wednesday 2026-08-19: a Thursday session has one more week.
    assert set(after) - set(before) == {f"{tuesday_uid}-20260817@schoolot"}
    assert set(before) <= set(after)
    # The week of Monday 2026-09-14: Tuesday's session is now on Thursday.
    uid = f"{tuesday_uid}-20260914@schoolot"
    assert before[uid].decoded("DTSTART").date() == dt.date(2026, 9, 15)
    assert after[uid].decoded("DTSTART").date() == dt.date(2026, 9, 17)
    assert after[uid].decoded("SEQUENCE") == before[uid].decoded("SEQUENCE") + 1
    assert after[uid].decoded("LAST-MODIFIED") > before[uid].decoded("LAST-MODIFIED")
    unmoved = [u for u in after if not u.startswith(tuesday_uid)]
    assert unmoved and all(after[u].decoded("SEQUENCE") == 0 for u in unmoved)


def test_a_removed_session_disappears_from_the_feeds(app):
    week = Week()
    first = week.published()
    db.session.commit()
    bo_teacher = week.bo.teacher
    bo_uid = next(row.uid for row in first.sessions if row.school.code == "ELM")
    assert any(uid.startswith(bo_uid) for uid in events(therapist_feed(week)))
    assert events(build_feed(db.session(), "teacher", bo_teacher.id))

    store.publish(db.session, week.store(in_force=first, bo=False))
    db.session.commit()

    assert not any(uid.startswith(bo_uid) for uid in events(therapist_feed(week)))
    assert events(build_feed(db.session(), "teacher", bo_teacher.id)) == {}
    assert events(build_feed(db.session(), "school", week.elm.id)) == {}
