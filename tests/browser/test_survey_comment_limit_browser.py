"""A comment longer than a box holds: the person is told, not left to find their words cut off."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import open_the_demo_survey
from tests.browser.test_survey_browser import PHONE

pytestmark = pytest.mark.browser


def test_a_comment_pasted_past_the_limit_says_its_end_was_left_out(browser: Browser, live_server: str) -> None:
    page = browser.new_context(**PHONE).new_page()
    page.goto(live_server)
    open_the_demo_survey(page)
    box = page.get_by_role("textbox").first
    box.fill("The hand-off is slow 🤝. ")
    expect(page.get_by_text(re.compile("characters left|left out"))).to_have_count(0)

    box.fill("The hand-off is slow 🤝 and nobody owns it. " * 60)   # about 2,600 characters, pasted at once

    assert box.evaluate("box => box.value.length") == 2000
    note = page.get_by_text(re.compile("2000 characters"))
    expect(note).to_be_visible()
    expect(note).to_contain_text("left out")
    box.press("End")
    box.press("Backspace")
    expect(page.get_by_text("1 character left")).to_be_visible()
