"""At most one solve job is queued or running, even when two requests race."""

from __future__ import annotations

import pytest

from schoolot.extensions import db
from schoolot.jobs import JobBusy, start_solve
from schoolot.jobs import service as job_service
from schoolot.models import SolveJob
from tests.factories import SmallDistrict


def test_a_second_job_that_got_past_the_check_is_refused_by_the_database(app, monkeypatch):
    district = SmallDistrict(db.session)
    first = start_solve(db.session, district.coordinator, 5)
    db.session.commit()
    # The other request read "no active job" just before the first one was committed.
    real_active_job = job_service.active_job
    calls = []

    def stale_read(session):
        calls.append(1)
        return None if len(calls) == 1 else real_active_job(session)

    monkeypatch.setattr(job_service, "active_job", stale_read)
    with pytest.raises(JobBusy) as refused:
        start_solve(db.session, district.coordinator, 5)
    assert refused.value.job.id == first.id
    db.session.commit()  # the caller's transaction is still usable
    assert db.session.scalar(db.select(db.func.count()).select_from(SolveJob)) == 1


def test_a_finished_job_frees_the_slot_for_the_next(app):
    district = SmallDistrict(db.session)
    first = start_solve(db.session, district.coordinator, 5)
    assert first.active_slot == 1
    first.state = "done"
    db.session.flush()
    assert first.active_slot is None
    second = start_solve(db.session, district.coordinator, 5)
    db.session.commit()
    assert second.active_slot == 1
