"""The results pages as a reader sees them on a phone and a laptop: tables without sideways scrolling, the trend's
scale in view, charts as wide as their frame."""
from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PERIOD = "2026-Q3"


def _results(browser: Browser, server: str, size: dict) -> Page:  # type: ignore[type-arg]
    page = browser.new_context(**size).new_page()
    sign_in(page, server, "executive")
    page.goto(f"{server}/results/northwind/{PERIOD}")
    return page


def _team_page(page: Page) -> None:
    """Open the page of the first team "By team" shows figures for."""
    shown = _table_under(page, "By team").locator("tbody tr", has=page.locator("td.num"))
    shown.first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Team results")).to_be_visible()
    page.wait_for_load_state("load")


def _table_under(page: Page, heading: str) -> Locator:
    return page.get_by_role("heading", name=heading, exact=True, level=2).locator("xpath=following::table[1]")


# The cells of a table that reach past the screen's edges, and how far its frame scrolls sideways.
OFF_SCREEN = """(table) => ({
  cells: Array.from(table.querySelectorAll('tbody td, tbody th'), (cell) => cell.getBoundingClientRect())
    .filter((box) => box.left < 0 || box.right > document.documentElement.clientWidth).length,
  scrolls: table.parentElement.scrollWidth - table.parentElement.clientWidth})"""


def test_the_score_and_team_tables_read_on_a_phone_without_scrolling_sideways(browser: Browser, live_server: str) -> None:
    """Seven columns and more scrolled sideways, so a phone hid a dimension's change and benchmark and every team's
    scores but the first: each row is a block, each figure named by its column, as the gap table already was."""
    page = _results(browser, live_server, PHONE)
    for heading in ("Whole organization", "By function", "By team"):
        table = _table_under(page, heading)
        assert table.evaluate(OFF_SCREEN) == {"cells": 0, "scrolls": 0}, heading
        expect(table.get_by_role("columnheader").first).to_be_attached()   # still a table, headers and all
    index = _table_under(page, "By team").locator("tbody td.num").first
    assert "Alignment index" in index.evaluate("c => getComputedStyle(c, '::before').content")
    _team_page(page)
    for heading in ("Team results", "Whole organization, for comparison"):
        assert _table_under(page, heading).evaluate(OFF_SCREEN) == {"cells": 0, "scrolls": 0}, heading


# Which of the scale's labels are drawn inside the chart's frame, where they are on screen.
SCALE_NOT_IN_VIEW = """(frame) => {
  const edge = frame.getBoundingClientRect();
  const inView = (label) => Array.from(frame.querySelectorAll('svg text')).some((text) => {
    const box = text.getBoundingClientRect();
    return text.textContent.trim() === label && box.width > 0 && box.left >= edge.left && box.right <= edge.right;
  });
  return ['100', '50', '0', 'Alignment index (0-100)'].filter((label) => !inView(label));
}"""


def test_the_trend_charts_scale_stays_in_view_on_a_phone_while_it_opens_at_the_newest_survey(
    browser: Browser, live_server: str
) -> None:
    """Scrolled to its newest quarter, the chart showed lines without a scale: the scale was past the left edge."""
    page = _results(browser, live_server, PHONE)
    frame = page.locator("figure.chart[data-start=end]")
    frame.scroll_into_view_if_needed()
    page.wait_for_function("f => f.scrollLeft > 0", arg=frame.element_handle())   # opened at the newest survey
    assert frame.evaluate(SCALE_NOT_IN_VIEW) == []
    newest = frame.locator("svg text", has_text=PERIOD).first.bounding_box()
    edge = frame.bounding_box()
    assert newest and edge and newest["x"] + newest["width"] <= edge["x"] + edge["width"], f"{PERIOD} is in view"
    frame.evaluate("f => { f.scrollLeft = f.scrollWidth / 3; }")   # anywhere along the way
    assert frame.evaluate(SCALE_NOT_IN_VIEW) == []
    assert frame.evaluate("f => f.scrollHeight - f.clientHeight") <= 0, "the scale adds no height to scroll"


def test_a_chart_spans_most_of_its_frame_on_a_laptop_and_fits_the_screen(browser: Browser, live_server: str) -> None:
    """Drawn for a PDF's column, each chart filled about half of a laptop's frame."""
    page = _results(browser, live_server, DESKTOP)
    for where in ("organization", "team"):
        if where == "team":
            _team_page(page)
        frames = page.locator("figure.chart").all()
        assert len(frames) == 2, "the scores and the trend"
        for frame in frames:
            room = frame.evaluate("f => f.clientWidth - parseFloat(getComputedStyle(f).paddingLeft)"
                                  " - parseFloat(getComputedStyle(f).paddingRight)")
            drawing = frame.locator("svg:visible").first.bounding_box()
            assert drawing and drawing["width"] >= 0.8 * room, (where, drawing, room)
            assert drawing["height"] <= DESKTOP["viewport"]["height"] * 0.7, (where, drawing, "seen whole at once")
