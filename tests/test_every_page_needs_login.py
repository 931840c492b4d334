"""Every page of the app asks for a login first: nothing answers an anonymous visitor."""

from __future__ import annotations

import re

from schoolot.extensions import db
from tests.factories import SmallDistrict

# feeds_public.serve is the calendar feed that calendar servers fetch without a login:
# its secret token is the key (a wrong one answers 404, tested below).
PUBLIC = {"auth.login", "static", "main.index", "feeds_public.serve"}


def test_every_route_redirects_an_anonymous_visitor_to_the_login(app, client):
    SmallDistrict(db.session)
    db.session.commit()
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC:
            continue
        # Fill every path argument with 1: the district above has rows with id 1.
        path = re.sub(r"<[^>]+>", "1", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(path, method=method)
            assert response.status_code in (302, 401), f"{method} {path}: {response.status_code}"
            if response.status_code == 302:
                assert "/login" in response.headers["Location"], f"{method} {path}"
            checked += 1
    assert checked > 50  # the whole app was walked, not an empty map


def test_the_public_feed_url_answers_a_wrong_token_with_404(app, client):
    SmallDistrict(db.session)
    db.session.commit()
    for path in ("/feeds/1.ics", "/feeds/" + "A" * 43 + ".ics"):
        response = client.get(path)
        assert response.status_code == 404
        assert b"BEGIN:VCALENDAR" not in response.data


def test_the_front_page_sends_an_anonymous_visitor_to_the_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")


def test_a_teacher_reaches_only_the_dashboard_and_their_class(app, client, login):
    """Every other page, and every write, answers 403 or 404 to a teacher; path ids of 1
    name rows of another class (student 1 is not in this teacher's class)."""
    district = SmallDistrict(db.session)
    db.session.commit()
    assert district.ana.id == 1 and district.ana.teacher_id != district.teacher_user.teacher_id
    login(district.teacher_user)
    # feeds.index sends a teacher on to their own class's feed page.
    allowed = {"main.dashboard", "students.index", "auth.logout", "auth.login", "feeds.index"}
    # Every account changes its own password.
    allowed.add("auth.change_password")
    # timetable.index and timetable.today send a teacher on to their own class's week.
    allowed |= {"timetable.index", "timetable.today"}
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC | allowed:
            continue
        path = re.sub(r"<[^>]+>", "1", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(path, method=method)
            assert response.status_code in (403, 404), f"{method} {path}: {response.status_code}"
            checked += 1
    assert checked > 50
