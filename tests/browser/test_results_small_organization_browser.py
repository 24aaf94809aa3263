"""A small organization's results on a phone: "On this page" still lists drivers and the gap, and each says why it
shows no figures (too few responses; sales withheld), where the parts had gone without a word."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from assessment import create_app
from assessment.extensions import db
from tests.browser.conftest import empty_database, serving_the_demo, sign_in
from tests.conftest import app_config
from tests.integration.privacy_org import Person, build_cycle

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def small_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo and an organization of eleven, three of them in sales: too few for drivers, sales withheld."""
    folder: Path = tmp_path_factory.mktemp("small")
    app = create_app({**app_config(folder, ""), **empty_database(folder, "small")})
    with serving_the_demo(app) as url:
        with app.app_context():
            build_cycle("fewsalesco", [Person("field", "sales", answer=4)] * 3
                        + [Person("brand", "marketing", answer=2)] * 8)
            db.session.commit()
            db.session.remove()
        yield url


def test_drivers_and_the_gap_are_listed_and_say_why_they_hold_no_figures(browser: Browser, small_server: str) -> None:
    page = browser.new_context(**PHONE).new_page()
    sign_in(page, small_server, "admin")
    page.goto(f"{small_server}/results/fewsalesco/2026-Q1")
    contents = page.get_by_role("navigation", name="On this page")
    names = [link.inner_text() for link in contents.get_by_role("link").all()]
    assert names[:3] == ["Whole organization", "What drives the score", "How sales and marketing see it"], names

    contents.get_by_role("link", name="What drives the score").click()
    drivers = page.get_by_role("heading", name="What drives the score", exact=True)
    expect(drivers).to_be_in_viewport()
    expect(drivers.locator("xpath=following-sibling::p[1]")).to_have_text(
        "Worked out only for a group of at least 30 responses, so that what it finds is more than chance; "
        "Fewsalesco has 11.")
    gap = page.get_by_role("heading", name="How sales and marketing see it", exact=True)
    expect(gap.locator("xpath=following-sibling::p[1]")).to_contain_text(
        "Sales had fewer than 5 responses, too few to show. Marketing is withheld so that a group of fewer than 5 "
        "cannot be worked out from the others.")
    page.screenshot(path="/tmp/small_organization_phone.png", full_page=True)
