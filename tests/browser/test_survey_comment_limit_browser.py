"""A comment longer than a box holds: the person is told, not left to find their words cut off."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from assessment import create_app
from tests.browser.conftest import empty_database, open_the_demo_survey, serving_the_demo
from tests.browser.test_survey_browser import PHONE
from tests.conftest import app_config

pytestmark = pytest.mark.browser

CHARACTERS = "box => [...box.value].length"   # as the server counts them: an emoji is one


@pytest.fixture(scope="module")
def saving_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A demo of its own for the tests that save a comment: the shared one has only so many employees' surveys to
    hand out, and a saved survey is no longer handed out."""
    folder = tmp_path_factory.mktemp("comment_limit")
    with serving_the_demo(create_app({**app_config(folder, ""), **empty_database(folder, "comment_limit")})) as url:
        yield url


def test_a_comment_pasted_past_the_limit_says_its_end_was_left_out(browser: Browser, live_server: str) -> None:
    page = browser.new_context(**PHONE).new_page()
    page.goto(live_server)
    open_the_demo_survey(page)
    box = page.get_by_role("textbox").first
    box.fill("The hand-off is slow 🤝. ")
    expect(page.get_by_text(re.compile("characters left|left out"))).to_have_count(0)

    box.fill("The hand-off is slow 🤝 and nobody owns it. " * 60)   # about 2,600 characters, pasted at once

    assert box.evaluate(CHARACTERS) == 2000
    note = page.locator(".comment-limit").first
    expect(note).to_be_visible()
    expect(note).to_have_text(re.compile("^2000 characters.*left out"))
    box.press("End")
    box.press("Backspace")
    expect(page.get_by_text("1 character left")).to_be_visible()


def test_an_emoji_counts_as_one_character_as_the_server_counts_it_and_comes_back_whole(
    browser: Browser, saving_server: str
) -> None:
    """The box counted an emoji as two (UTF-16 units, as maxlength does) while the server takes 2,000 characters:
    a comment of emoji stopped at half what it may hold, the count saying the limit was reached."""
    page = browser.new_context(**PHONE).new_page()
    page.goto(saving_server)
    open_the_demo_survey(page)
    survey_url = page.url
    box = page.get_by_role("textbox").first
    note = page.locator(".comment-limit").first

    box.fill("🤝" * 1995)
    expect(note).to_have_text("5 characters left")
    box.press("End")
    page.keyboard.type("👍" * 8)
    assert box.evaluate(CHARACTERS) == 2000
    expect(note).to_contain_text("left out")

    page.get_by_role("button", name="Save for later").click()
    expect(page.get_by_role("heading", name="Your answers are saved")).to_be_visible()
    page.goto(survey_url)
    expect(page.get_by_role("textbox").first).to_have_value("🤝" * 1995 + "👍" * 5)   # nothing cut by the server
    expect(page.locator(".comment-limit").first).to_contain_text("the most a comment holds")


def test_without_javascript_the_box_never_takes_more_than_the_server_keeps(browser: Browser, saving_server: str) -> None:
    """Without the page's script the box's own limit (maxlength, counting an emoji as two) holds: stricter than the
    server's, so what the box took comes back whole."""
    visitor = browser.new_context(**PHONE).new_page()
    visitor.goto(saving_server)
    open_the_demo_survey(visitor)
    page = browser.new_context(**PHONE, java_script_enabled=False).new_page()
    page.goto(visitor.url)
    box = page.get_by_role("textbox").first
    box.fill("🤝" * 1500)
    kept = box.input_value()
    assert 0 < len(kept) < 1500 and set(kept) == {"🤝"}

    page.get_by_role("button", name="Save for later").click()
    expect(page.get_by_role("heading", name="Your answers are saved")).to_be_visible()
    visitor.goto(visitor.url)
    expect(visitor.get_by_role("textbox").first).to_have_value(kept)
