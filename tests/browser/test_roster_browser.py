"""A consultant imports a roster exported from European Excel, in a real browser: preview, then confirm."""
from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.browser

# Semicolons, a byte-order mark, CRLF line ends and an accented name, as Excel's "CSV UTF-8" writes them.
EXCEL_EXPORT = ("\ufeffE-mail;Team;Function;Team Name;Region\r\n"
                "zoe.mueller@northwind.example;partner-sales;sales;Partner Sales – DACH;north\r\n"
                "yann.leroux@northwind.example;partner-sales;sales;;south\r\n").encode("utf-8")


def test_a_consultant_previews_and_imports_an_excel_roster(browser: Browser, live_server: str) -> None:
    page = browser.new_context().new_page()
    page.goto(f"{live_server}/auth/login")
    page.get_by_label("Email").fill("consultant@demo.example")
    page.get_by_label("Password").fill("demo-consultant-password")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server}/manage/northwind")
    page.get_by_role("link", name="Roster: teams, people and import").click()
    expect(page.get_by_role("heading", name="Roster", exact=True)).to_be_visible()

    page.get_by_label("Roster CSV").set_input_files(
        files=[{"name": "roster.csv", "mimeType": "text/csv", "buffer": b"email,team,function\nnobody,x,sales\n"}])
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("alert")).to_contain_text("line 2, column email: 'nobody' is not an email address")

    page.get_by_label("Roster CSV").set_input_files(
        files=[{"name": "roster.csv", "mimeType": "text/csv", "buffer": EXCEL_EXPORT}])
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Check before importing")).to_be_visible()
    expect(page.locator(".metric").filter(has_text="added")).to_contain_text("2")
    expect(page.get_by_role("listitem").filter(has_text="Partner Sales – DACH")).to_contain_text("partner-sales")

    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("status")).to_contain_text("Roster imported: 2 added")
    row = page.get_by_role("row").filter(has_text="Partner Sales – DACH")
    expect(row).to_contain_text("sales")
    expect(row.locator("td.num")).to_have_text("2")
