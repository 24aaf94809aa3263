"""An action's note and a very long owner on the team page, as Chromium lays them out."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from assessment import create_app
from assessment.operations.actions import OWNER_LENGTH
from tests.browser.conftest import empty_database, serving_the_demo, sign_in
from tests.conftest import app_config

pytestmark = pytest.mark.browser

LONG_OWNER = "Z" * OWNER_LENGTH       # one word as long as an owner may be


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[str]:
    """A demo of its own: the owner typed here would otherwise stay in the other tests' tables."""
    app = create_app({**app_config(tmp_path, ""), **empty_database(tmp_path, "action_notes")})
    with serving_the_demo(app, today=dt.date(2026, 11, 25)) as url:
        yield url


def test_a_long_owner_wraps_in_its_cell_and_the_note_reads_under_its_action(browser: Browser, server: str) -> None:
    """An owner of one long word stretched the table of actions to 3,000 pixels, behind a sideways scroll."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, server, "lead")
    page.locator("main a[href*='/teams/']").first.click()
    page.wait_for_load_state("load")
    page.locator("#actions table tbody tr").first.get_by_role("link", name="Edit").click()
    page.get_by_label("Owner").fill(LONG_OWNER)
    page.get_by_label("Notes").fill("First session booked <b>Monday</b>.\nBoth teams invited.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("load")

    table = page.locator("#actions table")
    expect(table).to_contain_text(LONG_OWNER[:20])
    frame = page.locator("#actions .table-wrap")
    assert table.evaluate("t => t.scrollWidth") <= frame.evaluate("f => f.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    note = table.locator("tbody tr").first.locator(".action-note")
    expect(note).to_have_text("Note: First session booked <b>Monday</b>.\nBoth teams invited.")
    assert note.locator("b").count() == 0          # typed markup stays text
    # As rendered, the line break typed is kept (innerText follows the layout: pre-line, not a space).
    assert note.evaluate("n => n.innerText") == "Note: First session booked <b>Monday</b>.\nBoth teams invited."
