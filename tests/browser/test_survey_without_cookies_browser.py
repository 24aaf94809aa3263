"""The survey in a Chromium that blocks every cookie, as some corporate browsers and mail apps' browsers do.

The link's token is all the survey needs: the employee answers, saves, comes back, submits, and Back shows nothing
of it. Staff pages still need their cookie, for the session and for the CSRF check.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Playwright, expect

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, open_the_demo_survey

pytestmark = pytest.mark.browser

BLOCK_EVERY_COOKIE = {"profile": {"default_content_setting_values": {"cookies": 2}}}  # Settings > Cookies > Block all


@pytest.fixture()
def without_cookies(playwright_instance: Playwright, tmp_path: Path) -> Iterator[BrowserContext]:
    """Chromium with "Block all cookies" set in its profile, and its back-forward cache on, as people have it."""
    profile = tmp_path / "profile"
    (profile / "Default").mkdir(parents=True)
    (profile / "Default" / "Preferences").write_text(json.dumps(BLOCK_EVERY_COOKIE))
    context = playwright_instance.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
        ignore_default_args=["--disable-back-forward-cache"])
    yield context
    context.close()


def test_an_employee_whose_browser_blocks_cookies_answers_saves_resumes_and_submits(
    without_cookies: BrowserContext, live_server: str
) -> None:
    page = without_cookies.new_page()
    page.goto(live_server)
    open_the_demo_survey(page)
    link = page.url
    groups = page.locator(".scale")
    for index in range(3):
        groups.nth(index).get_by_text("Agree", exact=True).click()
    page.get_by_role("button", name="Save for later").first.click()
    expect(page.get_by_role("heading", name="Your answers are saved")).to_be_visible()

    page.goto(link)   # back another day, from the invitation's link
    expect(page.get_by_text("Welcome back: the answers you saved are filled in below.")).to_be_visible()
    expect(page.locator("#progress-text")).to_have_text(re.compile(r"^3 of \d+ answered$"))
    for index in range(3, groups.count()):
        groups.nth(index).get_by_text("Disagree", exact=True).click()
    page.locator("textarea").first.fill("Our hand-off meeting never happens.")
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()

    page.go_back(wait_until="commit")   # the next person at a shared computer: nothing of it to read
    expect(page.get_by_role("heading", name="You have already answered")).to_be_visible()
    expect(page.get_by_text("Our hand-off meeting never happens.")).to_have_count(0)
    expect(page.locator("input:checked")).to_have_count(0)
    assert without_cookies.cookies() == [], "the browser kept no cookie: the survey needed none"


def test_staff_sign_in_still_needs_its_cookie(without_cookies: BrowserContext, live_server: str) -> None:
    """The CSRF check stays on every staff form: without the session cookie the sign-in is refused, not let through."""
    page = without_cookies.new_page()
    page.goto(f"{live_server}/auth/login")
    page.get_by_label("Email").fill("consultant@demo.example")
    page.get_by_label("Password").fill("demo-consultant-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("you were not signed in. Please enter your password again.")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    page.get_by_label("Password").fill("demo-consultant-password")
    page.get_by_role("button", name="Sign in").click()  # sent again from the page given back: no cookie again
    expect(page.get_by_text("Please allow cookies for this site")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
