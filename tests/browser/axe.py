"""Accessibility checks with axe-core (the copy the axe-playwright-python package ships),
run in the page as it stands: `assert_accessible(page)` fails on any serious or critical
violation, naming the rule and the elements."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

FAILING_IMPACTS = ("serious", "critical")


def assert_accessible(page: Page) -> None:
    results = Axe().run(page)
    found = [
        violation
        for violation in results.response["violations"]
        if violation.get("impact") in FAILING_IMPACTS
    ]
    lines = [
        f"{v['impact']}: {v['id']} ({v['help']}) at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in found
    ]
    assert not found, f"{page.url}: accessibility violations:\n" + "\n".join(lines)
