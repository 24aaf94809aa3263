"""A message flashed after a form (a base.html ``.flash``) fits a phone, whatever the person typed into it."""
from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LINK = "https://docs.google.com/document/d/1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefGHIJKL/edit?usp=sharing"
# As actions/routes.py flashes an action whose title is a link, shown where base.html shows flashes.
FLASH = """(message) => {
  const flash = document.createElement("p");
  flash.className = "flash info";
  flash.setAttribute("role", "status");
  flash.textContent = message;
  document.querySelector("main").prepend(flash);
}"""


def test_a_flash_naming_a_long_link_wraps_instead_of_pushing_the_page_sideways(browser: Browser, live_server: str) -> None:
    """"Added “https://…” to the actions of …" ran past a phone's edge, and the whole page scrolled sideways."""
    page = browser.new_context(**PHONE).new_page()
    sign_in(page, live_server, "lead")
    page.evaluate(FLASH, f"Added “{LINK}” to the actions of North Sales for 2026-Q4.")

    expect(page.get_by_role("status").filter(has_text=LINK)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") == 0
    box = page.get_by_role("status").filter(has_text=LINK).bounding_box()
    assert box and box["x"] + box["width"] <= 390
