"""What a screen reader hears from the survey's live regions: each news once, not the same words at every key."""
from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import open_the_demo_survey

pytestmark = pytest.mark.browser

LAPTOP = {"viewport": {"width": 1280, "height": 800}}

# Every write into a live region a screen reader listens to (aria-live, not hidden from it), as the words the region
# then holds: each write is read out, the same words again too.
LISTEN = """() => {
  window.heard = [];
  new MutationObserver((changes) => {
    for (const change of changes) {
      const node = change.target.nodeType === Node.ELEMENT_NODE ? change.target : change.target.parentElement;
      const region = node && node.closest("[aria-live]");
      if (region && region.getAttribute("aria-live") !== "off" && !region.closest("[aria-hidden=true]")) {
        window.heard.push(region.textContent);
      }
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
}"""


def _heard(page: Page) -> list[str]:
    return list(page.evaluate("window.heard"))


def test_moving_between_the_answers_of_one_statement_does_not_repeat_the_count(browser: Browser, live_server: str) -> None:
    """The arrow keys move from answer to answer of a statement: each move rewrote "1 of 30 answered", and a screen
    reader read it out again at every key, over the answer the person had just reached."""
    page = browser.new_context(**LAPTOP).new_page()
    page.goto(live_server)
    open_the_demo_survey(page)
    total = page.get_by_role("radiogroup").count()
    first = page.get_by_role("radiogroup").first
    first.get_by_role("radio").first.focus()
    page.keyboard.press("Space")
    expect(page.locator("#progress-text")).to_have_text(f"1 of {total} answered")
    page.evaluate(LISTEN)

    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(first.get_by_role("radio").nth(3)).to_be_checked()
    page.keyboard.press("Tab")      # the next statement
    page.keyboard.press("Space")

    expect(page.locator("#progress-text")).to_have_text(f"2 of {total} answered")
    assert _heard(page) == [f"2 of {total} answered"]


def test_the_comment_counter_is_heard_at_steps_and_seen_at_every_keystroke(browser: Browser, live_server: str) -> None:
    """Within 200 characters of the limit, every keystroke rewrote the live "N characters left": a screen reader
    read a number after each letter, over the words being typed. It is heard as the person crosses 200, 100, 50,
    20 and the limit, in words true until the next step; the count on screen still follows every keystroke."""
    page = browser.new_context(**LAPTOP).new_page()
    page.goto(live_server)
    open_the_demo_survey(page)
    box = page.get_by_role("textbox").first
    seen = page.locator(".comment-limit").first
    box.fill("x" * 1790)              # 210 left: nothing to say yet
    expect(seen).to_be_hidden()
    page.evaluate(LISTEN)

    box.press("End")
    page.keyboard.type("y" * 15)      # 195 left
    expect(seen).to_have_text("195 characters left")
    assert _heard(page) == ["200 characters or fewer left"]

    page.keyboard.type("y" * 5)       # 190 left: still in the same step
    expect(seen).to_have_text("190 characters left")
    box.fill("x" * 1901)              # 99 left
    expect(seen).to_have_text("99 characters left")
    box.fill("x" * 1990)              # 10 left
    expect(seen).to_have_text("10 characters left")
    page.keyboard.type("y" * 10)      # the limit
    expect(seen).to_contain_text("the most a comment holds")
    assert _heard(page) == ["200 characters or fewer left", "100 characters or fewer left",
                            "20 characters or fewer left", seen.inner_text()]
