"""Accessibility checks with axe-core (the copy the axe-playwright-python package ships),
run in the page as it stands: `assert_accessible(page)` fails on any serious or critical
violation, naming the rule and the elements."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

FAILING_IMPACTS = ("serious", "critical")
# Rules axe rates minor that the app keeps to all the same (issue 12 fixed every one).
ALSO_FAILING = ("empty-table-header",)


def serious_violations(page: Page) -> list[str]:
    """One line per serious or critical violation on the page (and ALSO_FAILING's): the
    rule, how many elements, the first five of them."""
    results = Axe().run(page)
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) x{len(v['nodes'])} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in results.response["violations"]
        if v.get("impact") in FAILING_IMPACTS or v["id"] in ALSO_FAILING
    ]


def assert_accessible(page: Page) -> None:
    lines = serious_violations(page)
    assert not lines, f"{page.url}: accessibility violations:\n" + "\n".join(lines)
