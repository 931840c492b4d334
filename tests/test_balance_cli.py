"""`flask balance`: prints the proposal in names and changes nothing; --apply applies
it as one recorded batch and solves a draft; kept students never move."""

from __future__ import annotations

from sqlalchemy import select

from schoolot.extensions import db
from schoolot.models import ScheduleVersion, Student, Therapist
from schoolot.models.audit import Change
from tests.balance_district import lopsided


def _therapists_of(ids):
    return [db.session.get(Student, i).therapist_id for i in ids]


def test_the_proposal_is_printed_and_nothing_changes(app, runner):
    district = lopsided(db.session())
    db.session.commit()
    result = runner.invoke(args=["balance", "--time-limit", "3"])
    assert result.exit_code == 0, result.output
    assert "Therapist One -> Therapist Two" in result.output
    assert "Therapist Two starts serving Oak Elementary" in result.output
    assert "Before:" in result.output and "After:" in result.output
    db.session.expire_all()
    assert _therapists_of(district.oak_student_ids) == [district.one_id] * 8
    assert [s.code for s in db.session.get(Therapist, district.two_id).schools] == ["ELM"]


def test_apply_pins_the_moved_students_in_one_batch_then_solves_a_draft(app, runner):
    district = lopsided(db.session())
    db.session.commit()
    result = runner.invoke(
        args=["balance", "--time-limit", "3", "--apply", "--solve-time-limit", "2"]
    )
    assert result.exit_code == 0, result.output
    assert "Stored schedule" in result.output
    db.session.expire_all()
    after = _therapists_of(district.oak_student_ids)
    moved = after.count(district.two_id)
    assert 3 <= moved <= 4 and after.count(district.one_id) == 8 - moved
    assert {s.code for s in db.session.get(Therapist, district.two_id).schools} == {
        "ELM",
        "OAK",
    }
    assert db.session.scalar(select(ScheduleVersion).where(ScheduleVersion.state == "draft"))
    changes = db.session.scalars(select(Change).where(Change.actor == "flask balance")).all()
    assert changes and len({c.batch for c in changes}) == 1


def test_kept_students_never_move(app, runner):
    district = lopsided(db.session(), keep=True)
    db.session.commit()
    result = runner.invoke(args=["balance", "--time-limit", "3", "--apply"])
    assert result.exit_code == 0, result.output
    assert "no move proposed" in result.output
    assert "Kept with their therapist: 8 students." in result.output
    db.session.expire_all()
    assert _therapists_of(district.oak_student_ids) == [district.one_id] * 8


def test_bad_options_are_refused_with_what_and_where(app, runner):
    lopsided(db.session())
    db.session.commit()
    result = runner.invoke(args=["balance", "--max-moves", "-1", "--time-limit", "0"])
    assert result.exit_code == 1
    assert "max moves: -1 is out of range (0 to 500)" in result.output
    assert "time limit: 0 seconds is out of range (1 to 120)" in result.output
