"""An employee answers the demo survey on a phone, in a real browser."""
from __future__ import annotations

import re
import pytest
from playwright.sync_api import Browser, Route, expect

from tests.browser.conftest import open_the_demo_survey

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_an_employee_answers_on_a_phone_saves_resumes_and_submits(browser: Browser, live_server: str) -> None:
    page = browser.new_context(**PHONE).new_page()
    page.goto(live_server)
    open_the_demo_survey(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("alignment")
    survey_url = page.url
    assert re.search(r"/s/[\w-]{20,}$", survey_url)

    groups = page.locator(".scale")
    total = groups.count()
    expect(page.locator("#progress-text")).to_have_text(f"0 of {total} answered")
    groups.nth(0).get_by_text("Agree", exact=True).click()
    expect(page.locator("#progress-text")).to_have_text(f"1 of {total} answered")
    expect(page.get_by_role("progressbar")).to_have_accessible_name(f"1 of {total} answered")

    page.get_by_role("button", name="Save and finish later").click()
    expect(page.get_by_role("heading", name="Your answers are saved")).to_be_visible()
    page.goto(survey_url)
    expect(page.locator("#progress-text")).to_have_text(f"1 of {total} answered")

    page.get_by_role("button", name="Submit my answers").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator(".field-error").first).to_have_text("Please choose an answer.")

    for index in range(total):
        groups.nth(index).get_by_text("Agree", exact=True).click()
    expect(page.locator("#progress-text")).to_have_text(f"{total} of {total} answered")
    page.locator("textarea").first.fill("A monthly check-in on which leads worked.")
    expect(page.locator(".field-error")).to_have_count(0)
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()

    page.goto(survey_url)
    expect(page.get_by_role("heading", name="You have already answered")).to_be_visible()


def test_the_survey_page_keeps_to_its_content_security_policy(browser: Browser, live_server: str) -> None:
    page = browser.new_context().new_page()
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(live_server)
    open_the_demo_survey(page)
    page.locator(".scale").first.get_by_text("Disagree", exact=True).click()
    expect(page.locator("#progress-text")).to_contain_text("1 of")
    assert violations == []


def test_keyboard_focus_moving_back_up_the_survey_stays_below_the_progress_bar(
    browser: Browser, live_server: str
) -> None:
    """Shift+Tab scrolls each focused answer to the top edge of a phone's screen, where the sticky
    progress bar would cover it: the person would not see which answer they are on."""
    page = browser.new_context(viewport={"width": 375, "height": 740}).new_page()
    page.goto(live_server)
    open_the_demo_survey(page)
    page.locator("textarea").first.focus()
    for _ in range(8):
        page.keyboard.press("Shift+Tab")
        focused_top, bar_bottom = page.evaluate(
            "[document.activeElement.getBoundingClientRect().top,"
            " document.querySelector('.progress').getBoundingClientRect().bottom]")
        assert focused_top >= bar_bottom, page.evaluate("document.activeElement.id")


def test_a_screen_reader_hears_in_each_comment_box_that_its_words_are_shown_to_others(
    browser: Browser, live_server: str
) -> None:
    page = browser.new_context().new_page()
    page.goto(live_server)
    open_the_demo_survey(page)
    boxes = page.get_by_role("textbox")
    assert boxes.count() >= 1
    for index in range(boxes.count()):
        expect(boxes.nth(index)).to_have_accessible_description(re.compile("shown word for word.*leave out names"))

    boxes.first.fill("x" * 1990)
    boxes.first.evaluate("box => { box.removeAttribute('maxlength'); box.value += 'y'.repeat(20); }")
    page.get_by_role("button", name="Submit my answers").click()
    box = page.get_by_role("textbox").first
    expect(box).to_have_accessible_description(re.compile("^Please keep it to 2000 characters or fewer.*shown word"))
    expect(box).to_have_attribute("aria-invalid", "true")


def test_a_second_press_on_a_slow_network_sends_nothing_twice_and_the_person_is_thanked(
    browser: Browser, live_server: str
) -> None:
    """On a slow phone network nothing changed for seconds after the press, so people pressed again: the first
    press stored the answers, the second found the link used, and they read "You have already answered"."""
    page = browser.new_context(**PHONE).new_page()
    page.goto(live_server)
    open_the_demo_survey(page)
    groups = page.locator(".scale")
    for index in range(groups.count()):
        groups.nth(index).get_by_text("Agree", exact=True).click()
    # The network holds the answers on their way until the test lets them through; a second press 300 ms after
    # the first, made in the page (the page cannot be asked anything while it waits to leave), reports what it read.
    on_their_way: list[Route] = []
    page.route(page.url, lambda route: on_their_way.append(route) if route.request.method == "POST" else route.continue_())
    read: list[str] = []
    page.on("console", lambda message: read.append(message.text))
    page.evaluate("""() => {
        const button = document.querySelector("button[name=submit]");
        button.form.addEventListener("submit", () => setTimeout(() => {
            console.log(button.textContent + " | " + document.getElementById("progress-text").textContent);
            button.click();
        }, 300), {once: true});
    }""")

    page.get_by_role("button", name="Submit my answers").click(no_wait_after=True)
    page.wait_for_timeout(1500)
    assert read == ["Sending… | Sending your answers…"]
    assert len(on_their_way) == 1, "the answers were sent twice"
    on_their_way[0].continue_()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()


def test_a_person_stopping_halfway_on_a_phone_saves_without_scrolling_to_the_end(browser: Browser, live_server: str) -> None:
    """The only Save button sat below the last question, some 12,000 pixels down a phone's page: someone called
    away halfway had to scroll past every question left, or close the page and lose what they had answered."""
    page = browser.new_context(**PHONE).new_page()
    page.goto(live_server)
    open_the_demo_survey(page)
    survey_url = page.url
    groups = page.locator(".scale")
    total = groups.count()
    for index in range(12):
        groups.nth(index).get_by_text("Disagree", exact=True).click()

    save = page.get_by_role("button", name="Save for later")
    expect(save).to_be_in_viewport()
    save.click()
    expect(page.get_by_role("heading", name="Your answers are saved")).to_be_visible()
    laptop = browser.new_context().new_page()
    laptop.goto(survey_url)
    expect(laptop.locator("#progress-text")).to_have_text(f"12 of {total} answered")


def test_coming_back_to_saved_answers_leads_on_to_the_first_question_left(browser: Browser, live_server: str) -> None:
    """A person coming back found their answers at the top of a long page and had to hunt for where they stopped."""
    page = browser.new_context(**PHONE).new_page()
    page.goto(live_server)
    open_the_demo_survey(page)
    survey_url = page.url
    expect(page.get_by_role("link", name="Continue where you left off")).to_have_count(0)  # nothing to go back to
    groups = page.locator(".scale")
    for index in range(12):
        groups.nth(index).get_by_text("Agree", exact=True).click()
    page.get_by_role("button", name="Save and finish later").click()
    expect(page.get_by_role("heading", name="Your answers are saved")).to_be_visible()

    phone = browser.new_context(**PHONE).new_page()
    phone.goto(survey_url)
    phone.get_by_role("link", name="Continue where you left off").click()
    left = phone.locator(".question").nth(12)
    expect(left).to_be_in_viewport()
    bar = phone.locator(".progress").bounding_box()
    statement = left.locator(".statement").bounding_box()
    assert bar and statement
    assert statement["y"] >= bar["y"] + bar["height"], "the question is not hidden under the progress bar"
    expect(left.get_by_role("radio", checked=True)).to_have_count(0)


def test_leaving_with_answers_not_yet_saved_asks_first(browser: Browser, live_server: str) -> None:
    """A link followed, the tab closed: minutes of answers were gone without a word."""
    page = browser.new_context().new_page()
    page.goto(live_server)
    open_the_demo_survey(page)
    survey_url = page.url
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))  # "Stay on this page"
    page.locator(".scale").first.get_by_text("Agree", exact=True).click()

    page.close(run_before_unload=True)  # the tab closed (the survey has no link away: its brand is plain text)
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert page.url == survey_url
    expect(page.locator("#progress-text")).to_contain_text("1 of")

    page.get_by_role("button", name="Save for later").click()  # saved: nothing to ask about
    expect(page.get_by_role("heading", name="Your answers are saved")).to_be_visible()
    assert asked == ["beforeunload"]


def test_a_page_whose_browser_lost_its_cookies_while_open_saves_on_the_first_press(
    browser: Browser, live_server: str
) -> None:
    """A phone that cleared its cookies while the survey stayed open: Save goes through, with every answer."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server)
    open_the_demo_survey(page)
    page.locator(".scale").first.get_by_text("Agree", exact=True).click()
    context.clear_cookies()
    page.get_by_role("button", name="Save for later").click()
    expect(page.get_by_role("heading", name="Your answers are saved")).to_be_visible()
    page.get_by_role("link", name="Continue now").click()
    expect(page.locator("#progress-text")).to_have_text(re.compile(r"^1 of \d+ answered$"))


def test_without_javascript_no_count_stands_still_while_the_person_answers(browser: Browser, live_server: str) -> None:
    """The count is kept current by the page's script: without it, "0 of 30 answered" stayed on top of the page
    however many answers were chosen. The survey itself works the same."""
    visitor = browser.new_context(**PHONE).new_page()
    visitor.goto(live_server)
    open_the_demo_survey(visitor)
    page = browser.new_context(**PHONE, java_script_enabled=False).new_page()
    page.goto(visitor.url)
    groups = page.locator(".scale")
    for index in range(3):
        groups.nth(index).get_by_text("Agree", exact=True).click()
    expect(page.locator("#progress-text")).to_be_hidden()
    expect(page.get_by_role("button", name="Save for later")).to_be_visible()
    page.get_by_role("button", name="Save for later").click()
    expect(page.get_by_role("heading", name="Your answers are saved")).to_be_visible()
    visitor.goto(visitor.url)
    expect(visitor.locator("#progress-text")).to_be_visible()
    expect(visitor.locator("#progress-text")).to_have_text(re.compile(r"^3 of \d+ answered$"))


def test_enter_on_an_answer_chooses_it_instead_of_leaving_the_survey(browser: Browser, live_server: str) -> None:
    """Many keyboard users press Enter to choose. It used to send the form by its first button, Save for later
    at the top, and left them on "Your answers are saved" in the middle of the survey."""
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto(live_server)
    open_the_demo_survey(page)
    total = page.get_by_role("radiogroup").count()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")   # the first statement's first answer, not chosen yet
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")

    expect(page.locator("#progress-text")).to_have_text(f"2 of {total} answered")
    expect(page.get_by_role("button", name="Submit my answers")).to_be_visible()
    expect(page.get_by_role("radiogroup").first.get_by_role("radio", checked=True)).to_have_accessible_name(
        re.compile("Strongly disagree"))
    expect(page.locator(":focus")).to_be_checked()


def test_a_screen_reader_moves_through_the_survey_part_by_part_with_its_headings(browser: Browser, live_server: str) -> None:
    """Thirty statements in eight parts: a screen reader's heading keys (H, or the headings list) jump from part to
    part, as sighted people skim the part titles; legends alone are not in that list."""
    page = browser.new_context(**PHONE).new_page()
    page.goto(live_server)
    open_the_demo_survey(page)
    parts = page.locator("fieldset.section")

    headings = page.get_by_role("heading", level=2)

    expect(headings).to_have_count(parts.count())
    for index in range(parts.count()):
        title = headings.nth(index).inner_text()
        expect(parts.nth(index)).to_have_accessible_name(re.compile(rf"^Part {index + 1} of {parts.count()} {re.escape(title)}$"))
    box = headings.first.bounding_box()
    assert box is not None and box["height"] < 40, "the part's title keeps the legend's size, not a page heading's"


def test_the_link_to_the_first_missing_answer_puts_the_keyboard_on_that_question(browser: Browser, live_server: str) -> None:
    """The link scrolled to the question but left the focus where it was: a screen reader heard nothing of the
    question, and a keyboard user's next Tab went on from wherever the browser had kept its place."""
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto(live_server)
    open_the_demo_survey(page)
    groups = page.locator(".scale")
    for index in range(3):
        groups.nth(index).get_by_text("Agree", exact=True).click()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.locator(".error-summary")).to_be_focused()

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")   # on "Go to the first one"

    first_missing = page.locator(".question").nth(3)
    expect(first_missing.get_by_role("radio").first).to_be_focused()
    expect(first_missing.get_by_role("radio", checked=True)).to_have_count(0)   # focus only, nothing chosen for them


def test_a_second_refused_submit_shows_what_is_still_missing_not_the_question_answered_since(
    browser: Browser, live_server: str
) -> None:
    """After "Go to the first one" the address ended in that question's #fragment; the next refused submit came back
    scrolled to it, answered by then, with the summary of what was still missing far above, out of view."""
    page = browser.new_context(**PHONE).new_page()
    page.goto(live_server)
    open_the_demo_survey(page)
    page.get_by_role("button", name="Submit my answers").click()
    page.get_by_role("link", name="Go to the first one").click()
    assert "#q-" in page.url
    groups = page.locator(".scale")
    for index in range(3):
        groups.nth(index).get_by_text("Agree", exact=True).click()

    page.get_by_role("button", name="Submit my answers").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Some answers are missing")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    assert "#" not in page.url


def test_reloading_the_page_of_a_refused_submit_sends_nothing_again_and_keeps_what_was_typed(
    browser: Browser, live_server: str
) -> None:
    """The refusal came as the answer to the post: a reload (or Back and Forward) asked to send the form again.
    It is a page of its own now, loaded afresh with the answers and comment saved, and what is missing marked."""
    page = browser.new_context(**PHONE).new_page()
    page.goto(live_server)
    open_the_demo_survey(page)
    groups = page.locator(".scale")
    groups.nth(0).get_by_text("Agree", exact=True).click()
    page.locator("textarea").first.fill("One lead definition for both teams.")
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.locator(".error-summary")).to_contain_text("Some answers are missing")

    with page.expect_request(lambda request: request.is_navigation_request()) as reload:
        page.reload()
    assert reload.value.method == "GET"
    expect(page.locator(".error-summary")).to_contain_text("Some answers are missing")
    expect(page.locator(".error-summary")).to_contain_text("What you answered so far is saved")
    expect(groups.nth(0).get_by_role("radio", name="Agree", exact=True)).to_be_checked()
    expect(page.locator("textarea").first).to_have_value("One lead definition for both teams.")
    expect(page.locator(".question.has-error")).to_have_count(groups.count() - 1)


def test_reloading_or_leaving_the_saved_page_sends_nothing_again(browser: Browser, live_server: str) -> None:
    """"Your answers are saved" came as the answer to the post: a reload asked to send the form again, which reads
    as a warning that nothing was saved. It is a page of its own now, and Back leads to the survey with the answer."""
    page = browser.new_context(**PHONE).new_page()
    page.goto(live_server)
    open_the_demo_survey(page)
    survey_url = page.url
    page.locator(".scale").first.get_by_text("Agree", exact=True).click()
    page.get_by_role("button", name="Save for later").click()
    expect(page.get_by_role("heading", name="Your answers are saved")).to_be_visible()

    with page.expect_request(lambda request: request.is_navigation_request()) as reload:
        page.reload()
    assert reload.value.method == "GET"
    expect(page.get_by_role("heading", name="Your answers are saved")).to_be_visible()

    page.get_by_role("link", name="Continue now").click()
    assert page.url == survey_url
    expect(page.locator("#progress-text")).to_contain_text("1 of")
    expect(page.locator(".scale").first.get_by_role("radio", name="Agree", exact=True)).to_be_checked()
