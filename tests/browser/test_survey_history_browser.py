"""What the browser's history keeps of a survey once it is submitted: on a shared computer, nothing to read."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Playwright, expect

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, open_the_demo_survey

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser_with_history(playwright_instance: Playwright) -> Iterator[Browser]:
    """Chromium as people have it: Playwright turns the back-forward cache off unless told not to."""
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
                                                  ignore_default_args=["--disable-back-forward-cache"])
    yield browser
    browser.close()


@pytest.mark.parametrize("script", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_back_from_the_thanks_page_shows_no_answer_or_comment(
    browser_with_history: Browser, live_server: str, script: bool
) -> None:
    """Without the page's script, the cookie the submit changes is what keeps the filled-in page out of history."""
    visitor = browser_with_history.new_context().new_page()
    visitor.goto(live_server)
    open_the_demo_survey(visitor)
    page = browser_with_history.new_context(java_script_enabled=script).new_page()
    page.goto(visitor.url)   # opened from the invitation's link, as an employee does
    groups = page.locator(".scale")
    for index in range(groups.count()):
        groups.nth(index).get_by_text("Disagree", exact=True).click()
    page.locator("textarea").first.fill("My manager ignores every lead we pass.")
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()

    page.go_back(wait_until="commit")   # a page restored from the cache fires no load event

    expect(page.get_by_role("heading", name="You have already answered")).to_be_visible()
    expect(page.get_by_text("My manager ignores every lead")).to_have_count(0)
    expect(page.locator("input:checked")).to_have_count(0)
