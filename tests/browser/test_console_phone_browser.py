"""The consultant's console on a phone: what they come to watch is on screen without scrolling sideways."""
from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def _console_page(browser: Browser, server: str, path: str, width: int, phone: bool = True) -> Page:
    """A console page opened by the demo's consultant, on a phone of that width or a laptop."""
    device = {"is_mobile": True, "has_touch": True} if phone else {}
    page = browser.new_context(viewport={"width": width, "height": 800}, **device).new_page()
    sign_in(page, server, "consultant")
    page.goto(f"{server}{path}")
    return page


@pytest.mark.parametrize("width", [360, 390])
def test_the_response_rates_fit_a_phone_rate_column_included(browser: Browser, live_server: str, width: int) -> None:
    """Four short columns: the rate is the figure a consultant checks, so it must not hide past the edge."""
    page = _console_page(browser, live_server, "/manage/northwind/2026-Q4", width)
    table = page.locator("section[aria-labelledby=rate-heading] .table-wrap")
    assert table.evaluate("w => w.scrollWidth - w.clientWidth") <= 0
    rate = page.get_by_role("columnheader", name="Rate").bounding_box()
    assert rate is not None and rate["x"] + rate["width"] <= width


@pytest.mark.parametrize("width", [360, 390])
def test_the_client_list_shows_each_clients_next_step_on_a_phone(browser: Browser, live_server: str, width: int) -> None:
    """Six columns ran past a phone's edge, and the one to act on (Next step) was the last: one block per client."""
    page = _console_page(browser, live_server, "/manage/", width)
    table = page.locator(".table-wrap")
    assert table.evaluate("w => w.scrollWidth - w.clientWidth") <= 0
    step = page.get_by_role("link", name="Remind, then close by").first
    box = step.bounding_box()
    assert box is not None and box["x"] + box["width"] <= width
    assert "Next step:" in step.locator("xpath=..").evaluate("cell => getComputedStyle(cell, '::before').content")
    wide = _console_page(browser, live_server, "/manage/", 1280, phone=False)  # a laptop keeps its columns
    expect(wide.get_by_role("columnheader", name="Next step")).to_be_visible()


def test_pages_naming_one_email_address_fit_a_phone(browser: Browser, live_server: str) -> None:
    """An address is one long word: the erase page's heading and button, and the import preview's lists, wrap it
    rather than push the page past the edge. Nothing is erased or imported."""
    width = 390
    page = _console_page(browser, live_server, "/manage/northwind/roster", width)
    longest = page.eval_on_selector_all(  # the longest address of the demo roster, folded away in its team's list
        "a[href*='/erase']", "links => links.sort((a, b) => b.ariaLabel.length - a.ariaLabel.length)[0].href")
    page.goto(longest)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Erase ")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.goto(f"{live_server}/manage/northwind/roster")
    long_address = "maria-fernanda.rodriguez-villalobos@emea.northwind.example"
    page.get_by_label("Roster CSV").set_input_files(files=[{
        "name": "roster.csv", "mimeType": "text/csv",
        "buffer": f"email,team,function\n{long_address},inside-sales,sales\n".encode()}])
    page.get_by_role("button", name="Check the file").click()
    page.get_by_text("Added", exact=True).click()
    expect(page.get_by_role("listitem").filter(has_text=long_address)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_reminders_days_are_typed_in_a_box_a_finger_can_hit_at_the_texts_size(browser: Browser,
                                                                                   live_server: str) -> None:
    """The box sits within a sentence outside any stacked form: it had the browser's 21-pixel default in small type."""
    page = _console_page(browser, live_server, "/manage/northwind/2026-Q4", 390)
    days = page.get_by_role("spinbutton", name="days")
    box = days.bounding_box()
    assert box is not None and box["height"] >= 32 and box["width"] >= 44
    sentence = days.locator("xpath=..")
    assert days.evaluate("e => getComputedStyle(e).fontSize") == sentence.evaluate("e => getComputedStyle(e).fontSize")
