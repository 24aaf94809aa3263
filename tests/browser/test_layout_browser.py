"""Layout as a person sees it: nothing pushes a phone page sideways, wide tables fit a laptop, focus lands where it helps."""
from __future__ import annotations

import io
import re
import statistics

import pytest
from PIL import Image
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import open_the_demo_survey, sign_in

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1366, "height": 900}}
PERIOD = "2026-Q3"

# The cycles table, the response-rate table, the roster, the results and the lead's actions table (whose
# visually hidden labels once escaped their scrolling wrapper and widened the page).
PAGES = {
    None: ["/", "/auth/login"],
    "consultant": ["/", "/manage/", "/manage/northwind", "/manage/northwind/2026-Q4", f"/manage/northwind/{PERIOD}",
                   "/manage/northwind/roster", "/manage/northwind/branding", "/manage/northwind/cycles/new",
                   "/manage/northwind/access",
                   "/manage/new", "/manage/northwind/funnel"],
    "executive": [f"/results/northwind/{PERIOD}", f"/results/northwind/{PERIOD}/explore?function=sales"],
    "lead": ["/"],
}


def _sideways(page: Page) -> int:
    """How many pixels the page is wider than the phone's screen."""
    return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


@pytest.mark.parametrize("role", list(PAGES))
def test_no_page_scrolls_sideways_on_a_phone(browser: Browser, live_server: str, role: str | None) -> None:
    page = browser.new_context(**PHONE).new_page()
    if role:
        sign_in(page, live_server, role)
    paths = list(PAGES[role])
    if role == "lead":
        page.goto(live_server)
        team_link = page.locator(f"a[href*='/results/northwind/{PERIOD}/teams/']").first
        paths.append(team_link.get_attribute("href") or "")
    wide = {}
    for path in paths:
        page.goto(live_server + path)
        if _sideways(page) > 0:
            wide[path] = _sideways(page)
    assert wide == {}


def _edge_shading(wrapper: Locator, start: float = 0) -> tuple[float, float]:
    """Median brightness (0-255) of the wrapper's rightmost 3 pixel columns and of the 3 from ``start`` (CSS pixels
    from its left edge: 0, or where a first column that stays put ends), as drawn on screen: (left, right)."""
    shot = Image.open(io.BytesIO(wrapper.screenshot())).convert("L")
    width, height = shot.size
    scale = width / wrapper.evaluate("w => w.getBoundingClientRect().width")
    strip = max(1, round(3 * scale))

    def median(left: int) -> float:
        return statistics.median(shot.crop((left, 0, left + strip, height)).tobytes())
    return median(round(start * scale)), median(width - strip)


def test_a_table_wider_than_the_phone_shows_a_shadow_on_the_side_where_columns_hide(
    browser: Browser, live_server: str
) -> None:
    page = browser.new_context(**PHONE).new_page()
    sign_in(page, live_server, "executive")
    page.goto(f"{live_server}/results/northwind/2026-Q3")
    # The CRM's figures by team: the score tables stack on a phone instead.
    wrapper = page.locator(".table-wrap", has=page.get_by_role("columnheader", name="Speed to lead"))
    assert wrapper.evaluate("w => w.scrollWidth - w.clientWidth") > 100  # the table hides columns
    left, right = _edge_shading(wrapper)
    assert right < left - 15, "at the start only the right edge is shaded"
    wrapper.evaluate("w => { w.scrollLeft = w.scrollWidth; }")
    # The teams' names stay put at the left edge: the columns scrolled past go under them, and are shaded there.
    page.wait_for_function("w => w.classList.contains('scrolled')", arg=wrapper.element_handle())
    names = wrapper.evaluate("w => w.querySelector('tbody td').getBoundingClientRect().right"
                             " - w.getBoundingClientRect().left")
    left, right = _edge_shading(wrapper, start=names + 1)
    assert left < right - 15, "at the end only the left edge is shaded"


def test_the_survey_and_its_error_summary_fit_a_phone(browser: Browser, live_server: str) -> None:
    page = browser.new_context(**PHONE).new_page()
    page.goto(live_server)
    open_the_demo_survey(page)
    assert _sideways(page) == 0
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert _sideways(page) == 0


def test_the_demo_accounts_read_one_per_block_on_a_phone(browser: Browser, live_server: str) -> None:
    page = browser.new_context(**PHONE).new_page()
    page.goto(live_server)
    cell = page.locator("table.credentials td[data-label='Password']").first
    box = cell.bounding_box()
    assert box and box["x"] + box["width"] <= 390
    expect(cell).to_be_visible()
    # The column name now stands before each value.
    label = cell.evaluate("c => getComputedStyle(c, '::before').content")
    assert "Password" in label


def test_every_column_of_the_team_table_fits_a_laptop_screen(browser: Browser, live_server: str) -> None:
    page = browser.new_context(**LAPTOP).new_page()
    sign_in(page, live_server, "executive")
    page.goto(f"{live_server}/results/northwind/{PERIOD}")
    for wrapper in page.locator(".table-wrap").all():
        hidden = wrapper.evaluate("w => w.scrollWidth - w.clientWidth")
        assert hidden <= 0, wrapper.locator("th").first.inner_text()


def test_a_checkbox_sits_on_the_line_of_its_label(browser: Browser, live_server: str) -> None:
    page = browser.new_context(**LAPTOP).new_page()
    sign_in(page, live_server, "consultant")
    page.goto(f"{live_server}/manage/northwind/roster")
    box = page.get_by_role("checkbox").bounding_box()
    label = page.locator("label[for=remove_missing]").bounding_box()
    assert box and label
    assert box["x"] + box["width"] <= label["x"], "the box comes first"
    assert abs(box["y"] - label["y"]) < label["height"], "on the label's first line"


def test_a_refused_survey_puts_focus_on_the_summary_and_its_link_shows_the_question_below_the_bar(
    browser: Browser, live_server: str
) -> None:
    page = browser.new_context(**PHONE).new_page()
    page.goto(live_server)
    open_the_demo_survey(page)
    page.locator(".scale").first.get_by_text("Agree", exact=True).click()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.locator(".error-summary")).to_be_focused()

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Go to the first one")).to_be_focused()
    page.keyboard.press("Enter")
    target = page.locator(".question.has-error").first
    expect(target).to_be_in_viewport()
    bar = page.locator(".progress").bounding_box()
    statement = target.locator(".statement").bounding_box()
    assert bar and statement
    assert statement["y"] >= bar["y"] + bar["height"], "the question is not hidden under the progress bar"


def test_the_sales_marketing_gap_reads_on_a_phone_without_scrolling_sideways(browser: Browser, live_server: str) -> None:
    """Six columns scrolled sideways hid the gap itself, the column the table is for; each dimension is a block."""
    page = browser.new_context(**PHONE).new_page()
    sign_in(page, live_server, "executive")
    page.goto(f"{live_server}/results/northwind/{PERIOD}")
    heading = page.get_by_role("heading", name="How sales and marketing see it")
    gaps = heading.locator("xpath=following::table[1]")
    cells = gaps.locator("tbody tr td:nth-child(4)")
    assert cells.count() >= 5, "the index and each dimension"
    for cell in cells.all():
        cell.evaluate("c => window.scrollTo(0, c.getBoundingClientRect().top + window.scrollY - 100)")
        box = cell.bounding_box()
        assert box and box["x"] + box["width"] <= 390, f"the gap {cell.inner_text()!r} is on screen"
    assert "Sales minus marketing" in cells.first.evaluate("c => getComputedStyle(c, '::before').content")

    laptop = browser.new_context(**LAPTOP).new_page()
    sign_in(laptop, live_server, "executive")
    laptop.goto(f"{live_server}/results/northwind/{PERIOD}")
    header = laptop.get_by_role("columnheader", name="Sales minus marketing")
    expect(header).to_be_visible()   # a table as before where it fits


def test_a_withheld_team_says_so_where_a_phone_shows_it(browser: Browser, live_server: str) -> None:
    page = browser.new_context(**PHONE).new_page()
    sign_in(page, live_server, "executive")
    page.goto(f"{live_server}/results/northwind/{PERIOD}")
    notes = page.locator("td.withheld .suppressed").all()
    assert len(notes) >= 2, "the demo withholds a team for each reason"
    for note in notes:
        # Down the page only: the table itself stays scrolled to its start, as a reader first sees it.
        note.evaluate("n => window.scrollTo(0, n.getBoundingClientRect().top + window.scrollY - 100)")
        box = note.bounding_box()
        assert box and box["x"] + box["width"] <= 390, f"{note.inner_text()!r} reads on screen, beside the team's name"


def test_a_charts_labels_stay_legible_on_a_phone_and_its_whole_scale_on_screen(browser: Browser, live_server: str) -> None:
    """Scaled down, the laptop's chart shrank its text below reading size; scrolled sideways, every bar ran off the
    frame's edge with its benchmark and score: a phone gets the chart with the names above the bars."""
    page = browser.new_context(**PHONE).new_page()
    sign_in(page, live_server, "executive")
    page.goto(f"{live_server}/results/northwind/{PERIOD}")
    chart = page.locator("figure.chart svg:visible").first
    box = chart.get_by_text("Shared goals and strategy").bounding_box()  # in the drawing, not the caption
    assert box and box["height"] >= 11, f"label drawn {box and box['height']:.1f} px tall"
    frame = page.locator("figure.chart").first
    assert frame.evaluate("f => f.scrollWidth - f.clientWidth") <= 0, "the chart scrolls sideways"
    end = chart.get_by_text("100", exact=True).bounding_box()  # the scale's end, and every score beside it
    assert end and end["x"] + end["width"] <= 390
    assert _sideways(page) == 0
    laptop = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(laptop, live_server, "executive")
    laptop.goto(f"{live_server}/results/northwind/{PERIOD}")
    drawing = laptop.locator("figure.chart svg:visible").first
    name, start = (drawing.get_by_text(text, exact=True).bounding_box() for text in ("Shared goals and strategy", "0"))
    assert name and start and name["x"] + name["width"] < start["x"], "a laptop keeps the names beside the bars"


def test_only_a_phone_asks_for_the_phones_chart_and_a_laptop_gets_its_own_in_the_page(
    browser: Browser, live_server: str
) -> None:
    """Both layouts were drawn for every request, though a laptop shows one: the phone's is fetched by phones only."""
    for size, fetched in ((LAPTOP, 0), (PHONE, 1)):
        page = browser.new_context(**size).new_page()
        sign_in(page, live_server, "executive")
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url) if "scores-chart-phone" in request.url else None)
        page.goto(f"{live_server}/results/northwind/{PERIOD}")
        drawing = page.locator("figure.chart svg:visible").first
        expect(drawing.get_by_text("Shared goals and strategy")).to_be_visible()
        page.wait_for_load_state("networkidle")
        assert len(asked) == fetched, (size, asked)


def test_the_trend_on_a_phone_opens_at_the_newest_survey_beside_its_row_names(browser: Browser, live_server: str) -> None:
    """The trend table scrolled from its oldest survey, so a phone showed earlier quarters and hid the one the page is
    about; scrolled to it, the names of what each row measures must stay in view as well."""
    page = browser.new_context(**PHONE).new_page()
    sign_in(page, live_server, "executive")
    page.goto(f"{live_server}/results/northwind/{PERIOD}")
    table = page.locator("table.trend")
    newest = table.locator("thead th").last
    expect(newest).to_have_text(PERIOD)
    assert table.evaluate("t => t.parentElement.scrollWidth > t.parentElement.clientWidth"), "the demo's trend overflows"
    newest.evaluate("n => window.scrollTo(0, n.getBoundingClientRect().top + window.scrollY - 100)")  # down only
    for cell in (newest, table.locator("tbody th", has_text="Alignment index")):
        box = cell.bounding_box()
        assert box and 0 <= box["x"] and box["x"] + box["width"] <= 390, f"{cell.inner_text()!r} is off screen"


def test_a_phone_chart_asked_for_after_signing_out_leaves_the_laptops_chart_not_the_sign_in_page(
    browser: Browser, live_server: str
) -> None:
    """A window narrowed after its reader signed out in another tab asked for the phone's chart and got the sign-in
    page instead, which went into the frame where the chart belongs."""
    context = browser.new_context(**LAPTOP)
    page = context.new_page()
    sign_in(page, live_server, "executive")
    page.goto(f"{live_server}/results/northwind/{PERIOD}")
    other = context.new_page()
    other.goto(f"{live_server}/")
    other.get_by_role("button", name="Sign out").click()
    other.wait_for_load_state("load")
    page.set_viewport_size(PHONE["viewport"])
    figure = page.locator("figure.chart").first
    expect(figure).to_have_class(re.compile(r"\bnarrow-failed\b"))
    expect(figure.locator("svg:visible")).to_have_count(1)
    assert figure.locator("form, input").count() == 0


def test_the_trend_chart_on_a_phone_opens_at_the_newest_survey(browser: Browser, live_server: str) -> None:
    """The index's line is drawn wider than a phone and scrolled from its oldest survey, so the point of the quarter
    the page is about sat past the right edge, as the trend table's column once did."""
    page = browser.new_context(**PHONE).new_page()
    sign_in(page, live_server, "executive")
    page.goto(f"{live_server}/results/northwind/{PERIOD}")
    figure = page.locator("figure.chart", has=page.locator("svg", has_text="Alignment index (0-100)"))
    assert figure.evaluate("f => f.scrollWidth > f.clientWidth"), "the demo's trend chart overflows a phone"
    newest = figure.locator("svg text", has_text=PERIOD)
    newest.evaluate("n => window.scrollTo(0, n.getBoundingClientRect().top + window.scrollY - 100)")  # down only
    box = newest.bounding_box()
    assert box and 0 <= box["x"] and box["x"] + box["width"] <= 390, f"{PERIOD} is off screen"


@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_home_pages_index_reads_from_the_top_down(browser: Browser, live_server: str, size: dict) -> None:  # type: ignore[type-arg]
    """Its name, then the figure, then the change: a page style meant for other headlines once set the figure
    beside the name, and the change beside the figure."""
    page = browser.new_context(**size).new_page()
    sign_in(page, live_server, "executive")
    headline = page.locator(".index-headline").first
    label, figure, facts = (headline.locator(part).bounding_box() for part in
                            (".index-headline-label", ".index-headline-figure", ".index-headline-facts"))
    assert label and figure and facts
    assert figure["y"] >= label["y"] + label["height"] - 1
    assert facts["y"] >= figure["y"] + figure["height"] - 1
    assert abs(figure["x"] - label["x"]) < 1   # both at the block's left edge


def test_a_results_page_lists_its_parts_at_the_top_and_each_link_reaches_its_part(browser: Browser, live_server: str) -> None:
    """Six thousand pixels on a laptop, eighteen thousand on a phone: drivers, the gap and the teams were reached
    only by scrolling."""
    page = browser.new_context(**PHONE).new_page()
    sign_in(page, live_server, "executive")
    page.goto(f"{live_server}/results/northwind/{PERIOD}")
    contents = page.get_by_role("navigation", name="On this page")
    expect(contents).to_be_visible()
    names = [link.inner_text() for link in contents.get_by_role("link").all()]
    for part in ("Whole organization", "Quarter after quarter", "What drives the score", "How sales and marketing see it",
                 "By function", "By team", "In their own words"):
        assert part in names, (part, names)
    headings = [h.inner_text().strip() for h in page.locator("main h2").all() if h.is_visible()]
    assert names == [h for h in headings if h in names], "in the page's order, and only parts it shows"
    contents.get_by_role("link", name="By team").click()
    expect(page.get_by_role("heading", name="By team", exact=True)).to_be_in_viewport()

    lead = browser.new_context(**LAPTOP).new_page()
    sign_in(lead, live_server, "lead")
    lead.goto(f"{live_server}/results/northwind/{PERIOD}")
    lead.locator("a[href*='/teams/']").first.click()   # their own team, the only one a lead's page lists
    team_contents = lead.get_by_role("navigation", name="On this page")
    team_contents.get_by_role("link", name=f"Actions for {PERIOD}").click()
    expect(lead.get_by_role("heading", name=f"Actions for {PERIOD}")).to_be_in_viewport()
