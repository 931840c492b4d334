"""What-if on an A/B district: the trial's weeks and the other therapists' weeks in
force merge by cycle week into a two-week draft that keeps every rule."""

from __future__ import annotations

from sqlalchemy import select

from schoolot.extensions import db
from schoolot.jobs import runner_for
from schoolot.models import District, Scenario, ScheduledSession, SolveJob
from schoolot.scheduling import store
from schoolot.whatif import scenarios
from schoolot.whatif.apply import apply
from schoolot.whatif.changes import SetFte
from tests.whatif.test_whatif import district, publish_a_schedule  # noqa: F401


def test_a_trial_of_an_ab_district_applies_as_a_two_week_draft(app, district, client, login):  # noqa: F811
    d = district
    db.session.scalar(select(District)).cycle_weeks = 2
    db.session.commit()
    in_force = publish_a_schedule(d)
    assert in_force.cycle_weeks == 2
    # Ben (Therapist 2) stays as in force; Therapist 1's week is tried again.
    ben_before = sorted(
        (row.cycle_week, row.weekday, row.start)
        for row in in_force.sessions
        if row.therapist_id == d.ot2.id
    )
    assert [week for week, _, _ in ben_before] == [1, 1, 2, 2]  # 2 a week
    scenarios.add_change(db.session, d.coordinator, SetFte(d.ot1.id, 0.8))
    db.session.commit()
    login(d.coordinator)
    client.post("/what-if/trial")
    assert runner_for(app).wait(120)
    db.session.expire_all()
    job = db.session.scalar(select(Scenario)).trial_job
    assert db.session.get(SolveJob, job.id).state == "done"

    applied = apply(db.session, db.session.scalar(select(Scenario)), d.coordinator)
    db.session.commit()

    draft = applied.version
    assert draft is not None, applied.why_solve
    assert draft.cycle_weeks == 2
    rows = db.session.scalars(
        select(ScheduledSession).where(ScheduledSession.schedule_id == draft.id)
    ).all()
    ben_after = sorted(
        (row.cycle_week, row.weekday, row.start) for row in rows if row.therapist_id == d.ot2.id
    )
    assert ben_after == ben_before
    # Ana 2 a week and Dee 3 a week, in each of the two weeks.
    ot1 = [row.cycle_week for row in rows if row.therapist_id == d.ot1.id]
    assert (ot1.count(1), ot1.count(2)) == (5, 5)
    assert draft.lines_met == draft.lines_owed == 3
    assert store.in_force(db.session).id == in_force.id
