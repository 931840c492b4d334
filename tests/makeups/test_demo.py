"""On the demo district with its logged weeks (a therapist's sick day, a school's
assembly: minutes owed back), every makeup `flask propose-makeups` proposes keeps every
rule of its therapist's date, as the solver's own validator reads it."""

from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy import select

from schoolot.extensions import db
from schoolot.models import Makeup
from tests.makeups.checks import date_violations


def test_every_proposal_on_the_demo_keeps_the_rules_of_its_date(runner):
    for args in (
        ["seed-demo"],
        ["solve", "--publish", "--from", "first-school-day", "--time-limit", "5"],
        ["seed-demo-logs"],
    ):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    result = runner.invoke(args=["propose-makeups", "--json", "--time-limit", "3"])
    assert result.exit_code == 0, result.output
    proposed = [p for t in json.loads(result.output)["therapists"] for p in t["proposed"]]
    assert proposed, "the demo's logs owe minutes back"
    makeups = list(db.session.scalars(select(Makeup)))
    assert len(makeups) == len(proposed)
    by_therapist = defaultdict(list)
    for makeup in makeups:
        by_therapist[makeup.therapist_id].append(makeup)
    for therapist_id, theirs in by_therapist.items():
        for date in sorted({m.date for m in theirs}):
            assert date_violations(db.session, therapist_id, date, theirs) == [], date
