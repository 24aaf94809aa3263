"""The results and actions pages as a screen reader names their controls: the words a sighted reader sees, then
what they act on, punctuated as written."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

PERIOD = "2026-Q3"
# A space before a colon, comma or full stop: "Commit to this : Monthly campaign check-in".
SPACE_BEFORE_PUNCTUATION = re.compile(r"\w [:,.;](?:\s|$)")


def _names(snapshot: str) -> list[str]:
    """The name of every button and link in an ARIA snapshot."""
    return [m.group(1).replace("''", "'")
            for m in re.finditer(r"^\s*- '?(?:button|link) \"(.*?)\"(?:'|:|$)", snapshot, re.M)]


def test_a_team_leads_buttons_and_links_read_as_written(browser: Browser, live_server: str) -> None:
    """The practice a button commits to was hidden on screen by a style that set it apart as a block, so the
    name read "Commit to this : Monthly campaign check-in"; "Update its status :" likewise."""
    page = browser.new_context().new_page()
    sign_in(page, live_server, "lead")
    page.locator("main a[href*='/teams/']").first.click()  # the lead's own team, from the home page
    page.wait_for_load_state("load")
    commit = page.get_by_role("button", name=re.compile(r"^Commit to this")).first
    expect(commit).to_be_visible()
    names = _names(page.locator("main").aria_snapshot())
    assert any(re.fullmatch(r"Commit to this: \S.*", name) for name in names), names
    assert any(re.fullmatch(r"Update its status: \S.*", name) for name in names), names
    slips = [name for name in names if SPACE_BEFORE_PUNCTUATION.search(name)]
    assert slips == []
