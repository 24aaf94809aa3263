"""The survey without its script: Enter on an answer does what the person expects of a form, sending it to be checked."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from assessment import create_app
from tests.browser.conftest import empty_database, open_the_demo_survey, serving_the_demo
from tests.browser.test_survey_browser import PHONE
from tests.conftest import app_config

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def saving_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A demo of its own: a refused Submit keeps a draft, and the shared demo has only so many employees' surveys to
    hand out (a survey with a draft is no longer handed out)."""
    folder = tmp_path_factory.mktemp("without_javascript")
    with serving_the_demo(create_app({**app_config(folder, ""), **empty_database(folder, "without_javascript")})) as url:
        yield url


def test_enter_on_an_answer_submits_and_shows_what_is_missing_not_the_saved_page(browser: Browser, saving_server: str) -> None:
    """Enter sent the form by its first button, Save for later in the sticky bar: the person pressing Enter after an
    answer found "Your answers are saved" halfway through. It is taken as Submit now, so the page comes back with
    the answer kept and each statement still open marked; Save for later still saves."""
    visitor = browser.new_context(**PHONE).new_page()
    visitor.goto(saving_server)
    open_the_demo_survey(visitor)
    page = browser.new_context(**PHONE, java_script_enabled=False).new_page()
    page.goto(visitor.url)
    total = page.get_by_role("radiogroup").count()
    agree = page.get_by_role("radiogroup").first.get_by_role("radio", name="Agree", exact=True)
    agree.check()

    agree.press("Enter")

    expect(page.locator(".error-summary")).to_contain_text("Some answers are missing")
    expect(page.get_by_role("heading", name="Your answers are saved")).to_have_count(0)
    expect(page.get_by_role("radiogroup").first.get_by_role("radio", name="Agree", exact=True)).to_be_checked()
    expect(page.locator(".question.has-error")).to_have_count(total - 1)

    page.get_by_role("button", name="Save for later").click()
    expect(page.get_by_role("heading", name="Your answers are saved")).to_be_visible()
