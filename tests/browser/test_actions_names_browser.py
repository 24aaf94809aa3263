"""The results, actions, home and console pages as a screen reader names their controls: the words a sighted
reader sees, then what they act on, punctuated as written."""
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


def test_a_team_lead_on_a_phone_sees_each_actions_owner_due_date_and_status_without_scrolling_sideways(
    browser: Browser, live_server: str
) -> None:
    """Five columns ran past a phone's edge: whether an action was overdue, the one thing a lead checks on the
    go, hid behind a sideways scroll. Each action reads as a block, each figure named."""
    page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    sign_in(page, live_server, "lead")
    page.locator("main a[href*='/teams/']").first.click()
    page.wait_for_load_state("load")
    rows = page.locator("#actions table tbody tr")
    expect(rows.first).to_be_visible()
    for row in rows.all():
        for cell in row.locator("td").all():
            box = cell.bounding_box()
            assert box and 0 <= box["x"] and box["x"] + box["width"] <= 390, f"{cell.inner_text()!r} is off screen"
        # As read: each cell's name, drawn before it by the style sheet, then its text.
        read = " ".join(row.locator("td").evaluate_all(
            "cells => cells.map(c => getComputedStyle(c, '::before').content.replace(/^\"|\"$|^none$/g, '') + c.innerText)"))
        assert re.search(r"Status: (Planned|In progress|Done|Dropped)", read), read
        assert "Due: " in read and "Owner: " in read, read


HOME_AND_CONSOLE = [("consultant", "/"), ("consultant", "/manage/"), ("consultant", "/manage/northwind"),
                    ("lead", "/"), ("executive", "/")]


@pytest.mark.parametrize(("role", "path"), HOME_AND_CONSOLE)
def test_the_home_and_console_links_read_as_written(browser: Browser, live_server: str, role: str, path: str) -> None:
    """A link naming its organization in a hidden span, set apart as a block, read "2026-Q4 , Northwind Traders"."""
    page = browser.new_context().new_page()
    sign_in(page, live_server, role)
    page.goto(f"{live_server}{path}")
    names = _names(page.locator("main").aria_snapshot())
    assert any("Northwind Traders" in name or "2026-Q3" in name for name in names), names
    slips = [name for name in names if SPACE_BEFORE_PUNCTUATION.search(name)]
    assert slips == []


def test_the_home_pages_links_name_their_organization_and_period(browser: Browser, live_server: str) -> None:
    page = browser.new_context().new_page()
    sign_in(page, live_server, "consultant")
    names = _names(page.locator("main").aria_snapshot())
    assert "Latest results: 2026-Q3, Northwind Traders" in names, names
    assert "2026-Q3 results, Northwind Traders" in names and "Manage Northwind Traders" in names
