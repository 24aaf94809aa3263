"""The admin's user pages on a phone: an account's long address wraps instead of widening the page."""
from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_no_user_page_scrolls_sideways_on_a_phone(browser: Browser, live_server: str) -> None:
    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{live_server}/auth/login")
    page.get_by_label("Email").fill("admin@demo.example")
    page.get_by_label("Password").fill("demo-admin-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto(f"{live_server}/admin/users")
    paths = ["/admin/users", "/admin/users/new"] + [
        link.get_attribute("href") or "" for link in page.locator("table a[href^='/admin/users/']").all()
    ]
    assert len(paths) >= 6  # the four demo accounts' pages among them
    wide = {}
    for path in paths:
        page.goto(live_server + path)
        sideways = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if sideways > 0:
            wide[path] = sideways
    assert wide == {}
