"""`flask propose-makeups`: the minutes the ledger says are owed back (missed by the
therapist's absence, not the student's), proposed as makeups, as JSON."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from schoolot.extensions import db
from schoolot.models import Makeup, SessionLog
from tests.makeups.checks import date_violations
from tests.makeups.district import MakeupDistrict

MON_9 = dt.date(2026, 11, 9)
THU_12 = dt.date(2026, 11, 12)


def missed(d: MakeupDistrict, line, session, date: dt.date, reason: str) -> SessionLog:
    log = SessionLog(
        service_line=line,
        student=line.student,
        therapist=d.ward,
        school=line.student.school,
        date=date,
        start=session.start,
        minutes=0,
        planned_minutes=30,
        kind="planned",
        session_uid=session.uid,
        status="missed",
        reason=reason,
    )
    db.session.add(log)
    return log


@pytest.fixture
def district(app) -> MakeupDistrict:
    d = MakeupDistrict(db.session)
    missed(d, d.sv_ana, d.mon_ana, MON_9, "therapist_absent")
    missed(d, d.sv_maya, d.thu_maya, THU_12, "student_absent")  # not owed back
    db.session.commit()
    return d


def test_propose_makeups_json(runner, district):
    result = runner.invoke(
        args=["propose-makeups", "--as-of", "2026-11-13", "--json", "--time-limit", "2"]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert (document["from"], document["to"]) == ("2026-11-14", "2026-12-04")
    [therapist] = document["therapists"]
    assert therapist["therapist"] == "zoe@ot.example"
    assert [
        {k: p[k] for k in ("service", "student", "school", "date", "minutes")}
        for p in therapist["proposed"]
    ] == [
        {
            "service": "SV-ANA",
            "student": "S-ANA",
            "school": "OAK",
            "date": "2026-11-16",
            "minutes": 30,
        }
    ]
    assert therapist["left"] == []
    makeups = list(db.session.scalars(select(Makeup)))
    assert [(m.state, m.uid) for m in makeups] == [("proposed", therapist["proposed"][0]["uid"])]
    assert date_violations(db.session, district.ward.id, makeups[0].date, makeups) == []


def test_accepted_makeups_count_against_what_is_owed(runner, district):
    runner.invoke(args=["propose-makeups", "--as-of", "2026-11-13"])
    makeup = db.session.scalar(select(Makeup))
    makeup.state = "accepted"
    db.session.commit()
    result = runner.invoke(args=["propose-makeups", "--as-of", "2026-11-13", "--json"])
    assert json.loads(result.output)["therapists"] == []  # nothing left to propose
    assert [(m.id, m.state) for m in db.session.scalars(select(Makeup))] == [
        (makeup.id, "accepted")
    ]


def test_propose_makeups_text_and_errors(runner, district):
    result = runner.invoke(
        args=["propose-makeups", "--as-of", "2026-11-13", "--therapist", "zoe@ot.example"]
    )
    assert result.exit_code == 0, result.output
    assert "proposed SV-ANA Ana Lopez: Mon 16 Nov" in result.output
    assert "(30 min) at Oak Elementary" in result.output
    result = runner.invoke(args=["propose-makeups", "--therapist", "nobody@ot.example"])
    assert result.exit_code == 1
    assert "--therapist: no therapist with id 'nobody@ot.example'" in result.output
    result = runner.invoke(args=["propose-makeups", "--as-of", "13/11/2026"])
    assert result.exit_code == 1
    assert "--as-of: '13/11/2026' is not a date (YYYY-MM-DD)" in result.output


def test_each_run_is_one_batch_in_the_change_history(runner, district):
    from schoolot.models import Change

    for _ in range(2):
        result = runner.invoke(args=["propose-makeups", "--as-of", "2026-11-13"])
        assert result.exit_code == 0, result.output
    changes = list(db.session.scalars(select(Change).where(Change.record_kind == "makeup")))
    assert {c.actor for c in changes} == {"flask propose-makeups"}
    batches: dict[str, set[str]] = {}
    for change in changes:
        batches.setdefault(change.batch, set()).add(change.action)
    # The first run adds its proposal; the second withdraws it and adds the new one.
    assert sorted(sorted(actions) for actions in batches.values()) == [
        ["create"],
        ["create", "delete"],
    ]


def test_proposals_no_longer_owed_are_withdrawn(runner, district):
    runner.invoke(args=["propose-makeups", "--as-of", "2026-11-13"])
    assert db.session.scalar(select(Makeup.state)) == "proposed"
    # The therapist logs a makeup session of their own: nothing is owed back any more.
    db.session.add(
        SessionLog(
            service_line=district.sv_ana,
            student=district.ana,
            therapist=district.ward,
            school=district.oak,
            date=dt.date(2026, 11, 13),
            start=dt.time(14, 0),
            minutes=30,
            kind="makeup",
            status="delivered",
        )
    )
    db.session.commit()
    result = runner.invoke(args=["propose-makeups", "--as-of", "2026-11-13", "--json"])
    [therapist] = json.loads(result.output)["therapists"]
    assert therapist["proposed"] == [] and therapist["left"] == []
    assert list(db.session.scalars(select(Makeup))) == []
