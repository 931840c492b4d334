"""watching_terms sees what a save changes of IEP terms, with the value before."""

from __future__ import annotations

import datetime as dt

from schoolot.extensions import db
from schoolot.proposals.terms import watching_terms
from tests.factories import SmallDistrict


def test_a_value_set_over_an_expired_one_is_read_from_the_database(app):
    district = SmallDistrict(db.session)
    db.session.commit()  # expires every loaded value
    line = district.ana.services[0]
    db.session.expire(line)
    with watching_terms(db.session()) as watch:
        line.minutes = 90
        db.session.flush()
    [change] = watch.held()
    assert (change.kind, change.action, change.fields) == (
        "service_line",
        "update",
        {"minutes": (60, 90)},
    )


def test_changes_that_leave_the_terms_are_not_held(app):
    district = SmallDistrict(db.session)
    db.session.commit()
    line = district.ana.services[0]
    with watching_terms(db.session()) as watch:
        line.delivery = "push_in"
        district.ana.first_name = "Anna"
        db.session.flush()
    assert watch.held() == []
    with watching_terms(db.session()) as watch:
        district.ana.iep_end = dt.date(2027, 3, 1)
    [change] = watch.held()  # seen at the end, even without a flush
    assert change.fields == {"iep_end": (dt.date(2027, 2, 28), dt.date(2027, 3, 1))}
