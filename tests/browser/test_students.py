"""The students pages in a real browser: adding through the forms, and who sees whom."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import District, log_in

pytestmark = pytest.mark.browser


def test_coordinator_adds_a_student_through_the_form_and_sees_them_listed(
    page: Page, district: District
) -> None:
    log_in(page, district.coordinator_email)
    page.goto("/students/")
    page.get_by_role("button", name="Add student").click()

    page.get_by_label("Student id").fill("S900")
    page.get_by_label("First name").fill("Dana")
    page.get_by_label("Last name").fill("Reyes")
    page.get_by_label("Grade").select_option("2")
    page.get_by_label("School").select_option(label=district.school_name)
    page.get_by_label("Homeroom teacher").select_option(str(district.school_teacher_id))
    page.get_by_label("IEP start").fill("2026-09-01")
    page.get_by_label("IEP end").fill("2027-08-31")
    page.get_by_role("button", name="Save student").click()

    expect(page.get_by_role("status")).to_have_text("Added Dana Reyes (S900).")
    page.get_by_role("link", name="Students", exact=True).first.click()
    expect(page.get_by_role("link", name="Reyes, Dana")).to_be_visible()


def test_coordinator_adds_a_service_line_through_the_form_and_sees_it_on_the_student(
    page: Page, district: District, screenshot
) -> None:
    log_in(page, district.coordinator_email)
    page.goto(f"/students/{district.unserved_student_id}")
    page.get_by_role("button", name="Add service line").click()

    page.get_by_label("Service line id").fill("SV900")
    page.get_by_label(re.compile(r"^Minutes")).fill("90")
    page.get_by_label("Session length (minutes)").fill("30")
    page.get_by_label("Delivery").select_option(label="Push-in")
    page.get_by_role("button", name="Save service line").click()

    expect(page).to_have_url(re.compile(rf"/students/{district.unserved_student_id}$"))
    row = page.get_by_role("row").filter(has_text="SV900")
    expect(row).to_contain_text("90 per week")
    expect(row).to_contain_text("push-in")
    screenshot("student-with-service-line")


def test_teacher_is_refused_a_student_of_another_class_with_not_found(
    page: Page, district: District, screenshot
) -> None:
    log_in(page, district.teacher_email)

    response = page.goto(f"/students/{district.other_student_id}")

    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
    expect(page.get_by_text(district.other_student_name)).to_have_count(0)
    screenshot("teacher-not-found")


def test_teacher_sees_their_own_student_and_only_their_class(
    page: Page, district: District
) -> None:
    log_in(page, district.teacher_email)
    page.goto("/students/")

    expect(page.get_by_role("link", name=district.other_student_name)).to_have_count(0)
    last, first = district.own_student_name.split()[1], district.own_student_name.split()[0]
    page.get_by_role("link", name=f"{last}, {first}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(district.own_student_name)


def test_coordinator_fixes_a_service_line_to_a_day_and_time_through_the_form(
    page: Page, district: District, screenshot
) -> None:
    log_in(page, district.coordinator_email)
    page.goto(f"/students/{district.unserved_student_id}")
    page.get_by_role("button", name="Add service line").click()
    page.get_by_label("Service line id").fill("SV901")
    page.get_by_label(re.compile(r"^Minutes")).fill("30")
    page.get_by_label("Session length (minutes)").fill("30")
    page.get_by_label("Fixed day").select_option("Sat")
    page.get_by_label("Fixed start").fill("10:00")
    page.get_by_role("button", name="Save service line").click()

    expect(page.locator("#fixed_day-error")).to_have_text(
        "Sat is not a school day (the district's school days are Mon Tue Wed Thu Fri)"
    )
    page.get_by_label("Fixed day").select_option("Mon")
    page.get_by_role("button", name="Save service line").click()

    expect(page).to_have_url(re.compile(rf"/students/{district.unserved_student_id}$"))
    row = page.get_by_role("row").filter(has_text="SV901")
    expect(row).to_contain_text("fixed Mon 10:00")
    screenshot("student-with-fixed-service-line")
