"""What people who read with a screen reader, a keyboard or weak eyes meet, measured in Chromium.

Contrast is computed from the rendered page's own colours (WCAG 2.x formula), not from constants copied here, so
a change to the stylesheet that fades a text style below 4.5:1 (or a text field's edge below 3:1) fails wherever
that style shows.
"""
from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from assessment import create_app
from tests.browser.conftest import empty_database, open_the_demo_survey, serving_the_demo, sign_in
from tests.conftest import app_config

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1366, "height": 900}}
PERIOD = "2026-Q3"

# Colours as the page computes them: blend each background over the one behind it, up to an opaque one.
COLOUR_HELPERS = """
  const parse = (text) => { const m = text.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, below) => [0, 1, 2].map((i) => top[i] * top[3] + below[i] * (1 - top[3]));
  const backdrop = (node) => { const layers = [];
    for (let n = node; n; n = n.parentElement) { const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    return layers.reverse().reduce((below, top) => over(top, below), [255, 255, 255]); };
  const luminance = (rgb) => { const [r, g, b] = rgb.map((v) => { v /= 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x); return (hi + 0.05) / (lo + 0.05); };
"""

# Every visible piece of text (SVG chart labels too, by their fill) against what is behind it: 4.5:1, or 3:1 for
# large text (24 px, or 18.66 px bold). Returns the ones short of it.
LOW_CONTRAST = "() => {" + COLOUR_HELPERS + """
  const short = [];
  for (const el of document.body.querySelectorAll("*")) {
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length || el.closest(".visually-hidden, option, [aria-hidden=true]")) continue;
    const style = getComputedStyle(el);
    if (style.visibility !== "visible" || el.matches(":disabled")) continue;
    const inSvg = el instanceof SVGElement;
    if (inSvg && !el.closest("figure.chart")) continue;   // the branding preview draws text on its own shapes
    const bg = backdrop(inSvg ? el.ownerSVGElement : el);
    const fg = parse(inSvg ? style.fill : style.color);
    if (!fg) continue;
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    const needed = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
    const value = ratio(over(fg, bg), bg);
    if (value < needed) short.push(`${el.tagName.toLowerCase()}.${el.className.baseVal ?? el.className} `
      + `"${el.textContent.trim().slice(0, 30)}" ${value.toFixed(2)}:1`);
  }
  return short;
}"""

# A text field is found by its edge: the border keeps 3:1 against what is around it (WCAG 1.4.11).
FAINT_FIELDS = "() => {" + COLOUR_HELPERS + """
  const faint = [];
  for (const el of document.querySelectorAll("textarea, select, input:not([type=hidden], [type=radio], [type=checkbox], [type=file], [type=submit])")) {
    if (!el.getClientRects().length) continue;
    const style = getComputedStyle(el), bg = backdrop(el.parentElement);
    const value = ratio(over(parse(style.borderTopColor), bg), bg);
    if (style.borderTopStyle === "none" || value < 3) faint.push(`${el.tagName.toLowerCase()}#${el.id} ${value.toFixed(2)}:1`);
  }
  return faint;
}"""

# How the focused element shows its focus: an outline of some width, and its contrast with what is behind it.
FOCUS_RING = "() => {" + COLOUR_HELPERS + """
  const el = document.activeElement, style = getComputedStyle(el);
  const colour = parse(style.outlineColor), bg = backdrop(el.parentElement);
  return {style: style.outlineStyle, width: parseFloat(style.outlineWidth), contrast: ratio(over(colour, bg), bg)};
}"""


def _focus_is_visible(page: Page) -> None:
    ring = page.evaluate(FOCUS_RING)
    assert ring["style"] != "none" and ring["width"] >= 2, ring
    assert ring["contrast"] >= 3, ring


def test_the_survey_can_be_answered_with_the_keyboard_alone(browser: Browser, live_server: str) -> None:
    page = browser.new_context(**LAPTOP).new_page()
    page.goto(live_server)
    open_the_demo_survey(page)
    groups = page.get_by_role("radiogroup")
    total = groups.count()
    assert total >= 10
    for index in range(total):  # a screen reader names each answer group by its statement
        statement = page.locator(".statement").nth(index).inner_text()
        expect(groups.nth(index)).to_have_accessible_name(statement)
    for box in page.get_by_role("textbox").all():
        expect(box).to_have_accessible_name(re.compile(r"\w"))

    page.keyboard.press("Tab")  # Save for later first (the brand is no link on a survey), then the first answers
    expect(page.get_by_role("button", name="Save for later")).to_be_focused()
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.name")
    expect(page.locator(":focus")).to_have_attribute("type", "radio")
    _focus_is_visible(page)
    page.keyboard.press("ArrowRight")
    expect(groups.first.get_by_role("radio", checked=True)).to_have_count(1)
    expect(page.locator("#progress-text")).to_have_text(f"1 of {total} answered")

    # One Tab stop per statement and per comment box, then the two buttons.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") not in (first, "")
    _focus_is_visible(page)
    stops = total - 1 + page.get_by_role("textbox").count()
    for _ in range(stops):
        page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Submit my answers")).to_be_focused()
    _focus_is_visible(page)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save and finish later")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your answers are saved")).to_be_visible()


def test_text_and_field_edges_reach_wcag_contrast_on_the_pages_people_read(browser: Browser, live_server: str) -> None:
    short: dict[str, list[str]] = {}
    visitor = browser.new_context(**LAPTOP).new_page()
    visitor.goto(live_server)
    short["/"] = _short_of_contrast(visitor)
    open_the_demo_survey(visitor)
    visitor.get_by_role("button", name="Submit my answers").click()
    expect(visitor.locator(".field-error").first).to_be_visible()
    short["survey, refused"] = _short_of_contrast(visitor)

    for role, paths in {"executive": [f"/results/northwind/{PERIOD}"],
                        "lead": ["/"],
                        "consultant": ["/manage/", "/manage/northwind/2026-Q4", "/manage/northwind/roster"]}.items():
        page = browser.new_context(**LAPTOP).new_page()
        sign_in(page, live_server, role)
        for path in paths:
            page.goto(live_server + path)
            short[path] = _short_of_contrast(page)
        if role == "lead":  # the team page: results, actions and the forms to add one
            page.get_by_role("link", name=re.compile(f"{PERIOD} results and actions")).click()
            # Measured on the team page itself, not the one being left: the click only starts the navigation.
            expect(page).to_have_url(re.compile(f"/results/northwind/{PERIOD}/teams/"))
            page.wait_for_load_state()
            short["team page"] = _short_of_contrast(page)
    assert {where: found for where, found in short.items() if found} == {}


def test_a_team_pages_heading_is_read_as_words_not_its_tag(browser: Browser, live_server: str) -> None:
    """The function's tag inside the heading made a screen reader say "Channel Sales sales"."""
    page = browser.new_context(**LAPTOP).new_page()
    sign_in(page, live_server, "lead")
    page.get_by_role("link", name=re.compile(f"{PERIOD} results and actions")).click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_accessible_name(re.compile(r"^\S.*, a (sales|marketing|joint) team$"))
    expect(heading.locator(".tag")).to_be_visible()


def _short_of_contrast(page: Page) -> list[str]:
    return page.evaluate(LOW_CONTRAST) + page.evaluate(FAINT_FIELDS)


def _frames(page: Page) -> list[dict[str, object]]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('.table-wrap, .chart'), (frame) => ({
        overflows: frame.scrollWidth > frame.clientWidth + 1, tabindex: frame.getAttribute('tabindex'),
        role: frame.getAttribute('role') || frame.tagName.toLowerCase(), name: frame.getAttribute('aria-label')}))""")


def test_a_table_wider_than_a_phone_is_reached_and_scrolled_with_the_keyboard(
    browser: Browser, live_server: str
) -> None:
    page = browser.new_context(**PHONE).new_page()
    sign_in(page, live_server, "executive")
    page.goto(f"{live_server}/results/northwind/{PERIOD}")
    expect(page.locator(".table-wrap[tabindex='0']").first).to_be_attached()
    frames = _frames(page)
    assert any(f["overflows"] for f in frames)
    for frame in frames:
        assert (frame["tabindex"] == "0") == frame["overflows"], frame
        assert not frame["overflows"] or frame["role"] == "figure" or frame["name"], frame

    region = page.get_by_role("region", name=re.compile(f"^By team, {PERIOD}"))   # the CRM's figures by team
    region.focus()
    _focus_is_visible(page)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement.scrollLeft > 0")

    # On a laptop every table fits: Tab does not stop on them.
    wide = browser.new_context(**LAPTOP).new_page()
    sign_in(wide, live_server, "executive")
    wide.goto(f"{live_server}/results/northwind/{PERIOD}")
    assert [f for f in _frames(wide) if f["tabindex"] is not None] == []


def test_each_chart_says_in_words_the_scores_it_draws(browser: Browser, live_server: str) -> None:
    page = browser.new_context(**LAPTOP).new_page()
    sign_in(page, live_server, "executive")
    page.goto(f"{live_server}/results/northwind/{PERIOD}")
    table = page.locator("table.scores").first
    index = table.get_by_role("row").filter(has_text="Alignment index").locator("td").first.inner_text()
    dimension = table.get_by_role("row").nth(2)
    name, score = dimension.locator("td").nth(0).inner_text(), dimension.locator("td").nth(1).inner_text()
    charts = page.get_by_role("figure")
    expect(charts.first).to_have_accessible_name(re.compile(
        rf"^Bar chart of the scores .*Alignment index {index}\b.*{re.escape(name)} {score}\b"))

    trend = page.locator("table.scores").filter(has=page.get_by_role("columnheader", name="2025-Q4")).first
    periods = trend.get_by_role("columnheader").all_inner_texts()[1:]
    values = trend.get_by_role("row").nth(1).locator("td").all_inner_texts()
    expected = ", ".join(f"{period} {value}" for period, value in zip(periods, values))
    expect(charts.nth(1)).to_have_accessible_name(re.compile(rf"^Line chart of the alignment index .*{expected}\."))


# Each link's or button's accessible name, with the places it leads to (a button: its form's action).
LINK_TARGETS = """() => { const found = {};
  for (const el of document.querySelectorAll('main a[href], main button')) {
    const name = (el.getAttribute('aria-label') || el.textContent).trim().replace(/\\s+/g, ' ');
    const target = el.href || (el.form ? el.form.action + ' ' + (el.name || '') + '=' + (el.value || '') : '');
    (found[name] = found[name] || []).includes(target) || found[name].push(target); }
  return found; }"""


def test_links_of_the_same_name_lead_to_the_same_place(browser: Browser, live_server: str) -> None:
    """A screen reader's list of links reads each link alone: several "Results" or "2026-Q3 results" leading to
    different organizations or cycles cannot be told apart there."""
    ambiguous: dict[str, dict[str, list[str]]] = {}
    for role, paths in {"consultant": ["/", "/manage/", "/manage/northwind"], "lead": ["/"]}.items():
        page = browser.new_context(**LAPTOP).new_page()
        sign_in(page, live_server, role)
        for path in paths:
            page.goto(live_server + path)
            targets = page.evaluate(LINK_TARGETS)
            assert len(targets) >= 3, path
            same_name = {name: places for name, places in targets.items() if len(places) > 1}
            if same_name:
                ambiguous[f"{role} {path}"] = same_name
    assert ambiguous == {}


@pytest.fixture(scope="module")
def slow_documents_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server that never waits for a document: every first download answers with the page that prepares it."""
    folder: Path = tmp_path_factory.mktemp("preparing")
    # Not a test app (TESTING off, as a browser meets it), so the job's worker wants a real secret key.
    app = create_app({**app_config(folder, ""), **empty_database(folder, "preparing"),
                      "SECRET_KEY": secrets.token_urlsafe(32), "DOCUMENT_QUICK_WAIT": 0})
    with serving_the_demo(app) as url:
        yield url


def test_a_document_being_prepared_downloads_without_the_page_reloading(
    browser: Browser, slow_documents_server: str
) -> None:
    """A page that reloads itself every few seconds reads from the top again to a screen reader each time."""
    page = browser.new_context(**LAPTOP, accept_downloads=True).new_page()
    sign_in(page, slow_documents_server, "executive")
    loads: list[str] = []
    page.on("load", lambda _: loads.append(page.url))
    with page.expect_download(timeout=120_000) as download:
        page.goto(f"{slow_documents_server}/results/northwind/{PERIOD}/executive-summary.pdf")
        expect(page.get_by_role("heading", name="Preparing the executive summary")).to_be_visible()
    assert download.value.suggested_filename == f"northwind-{PERIOD}-executive-summary.pdf"
    assert len(loads) == 1, f"loaded {loads}, now showing: {page.locator('h1').inner_text()}"
    expect(page.get_by_role("status")).to_have_text("The executive summary is ready: your browser is downloading it.")
    expect(page.get_by_role("heading", level=1)).to_have_text("The executive summary is ready")
