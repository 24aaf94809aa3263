"""The results pages as a reader sees them on a phone and a laptop: tables without sideways scrolling, the trend's
scale in view and no period cut in half beside it, charts as wide as their frame, every stacked figure told apart
from its label."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from assessment import create_app
from tests.browser.conftest import empty_database, serving_the_demo, sign_in
from tests.conftest import app_config

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PERIOD = "2026-Q3"


def _results(browser: Browser, server: str, size: dict) -> Page:  # type: ignore[type-arg]
    page = browser.new_context(**size).new_page()
    sign_in(page, server, "executive")
    page.goto(f"{server}/results/northwind/{PERIOD}")
    return page


def _team_page(page: Page) -> None:
    """Open the page of the first team "By team" shows figures for."""
    shown = _table_under(page, "By team").locator("tbody tr", has=page.locator("td.num"))
    shown.first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Team results")).to_be_visible()
    page.wait_for_load_state("load")


def _table_under(page: Page, heading: str) -> Locator:
    return page.get_by_role("heading", name=heading, exact=True, level=2).locator("xpath=following::table[1]")


# The cells of a table that reach past the screen's edges, and how far its frame scrolls sideways.
OFF_SCREEN = """(table) => ({
  cells: Array.from(table.querySelectorAll('tbody td, tbody th'), (cell) => cell.getBoundingClientRect())
    .filter((box) => box.left < 0 || box.right > document.documentElement.clientWidth).length,
  scrolls: table.parentElement.scrollWidth - table.parentElement.clientWidth})"""


def test_the_score_and_team_tables_read_on_a_phone_without_scrolling_sideways(browser: Browser, live_server: str) -> None:
    """Seven columns and more scrolled sideways, so a phone hid a dimension's change and benchmark and every team's
    scores but the first: each row is a block, each figure named by its column, as the gap table already was."""
    page = _results(browser, live_server, PHONE)
    for heading in ("Whole organization", "By function", "By team"):
        table = _table_under(page, heading)
        assert table.evaluate(OFF_SCREEN) == {"cells": 0, "scrolls": 0}, heading
        expect(table.get_by_role("columnheader").first).to_be_attached()   # still a table, headers and all
    index = _table_under(page, "By team").locator("tbody td.num").first
    assert "Alignment index" in index.evaluate("c => getComputedStyle(c, '::before').content")
    _team_page(page)
    for heading in ("Team results", "Whole organization, for comparison"):
        assert _table_under(page, heading).evaluate(OFF_SCREEN) == {"cells": 0, "scrolls": 0}, heading


# Which of the scale's labels are drawn inside the chart's frame, where they are on screen.
SCALE_NOT_IN_VIEW = """(frame) => {
  const edge = frame.getBoundingClientRect();
  const inView = (label) => Array.from(frame.querySelectorAll('svg text')).some((text) => {
    const box = text.getBoundingClientRect();
    return text.textContent.trim() === label && box.width > 0 && box.left >= edge.left && box.right <= edge.right;
  });
  return ['100', '50', '0', 'Alignment index (0-100)'].filter((label) => !inView(label));
}"""


def test_the_trend_charts_scale_stays_in_view_on_a_phone_while_it_opens_at_the_newest_survey(
    browser: Browser, live_server: str
) -> None:
    """Scrolled to its newest quarter, the chart showed lines without a scale: the scale was past the left edge."""
    page = _results(browser, live_server, PHONE)
    frame = page.locator("figure.chart[data-start=end]")
    frame.scroll_into_view_if_needed()
    page.wait_for_function("f => f.scrollLeft > 0", arg=frame.element_handle())   # opened at the newest survey
    assert frame.evaluate(SCALE_NOT_IN_VIEW) == []
    newest = frame.locator("svg text", has_text=PERIOD).first.bounding_box()
    edge = frame.bounding_box()
    assert newest and edge and newest["x"] + newest["width"] <= edge["x"] + edge["width"], f"{PERIOD} is in view"
    frame.evaluate("f => { f.scrollLeft = f.scrollWidth / 3; }")   # anywhere along the way
    assert frame.evaluate(SCALE_NOT_IN_VIEW) == []
    assert frame.evaluate("f => f.scrollHeight - f.clientHeight") <= 0, "the scale adds no height to scroll"


def test_a_chart_spans_most_of_its_frame_on_a_laptop_and_fits_the_screen(browser: Browser, live_server: str) -> None:
    """Drawn for a PDF's column, each chart filled about half of a laptop's frame."""
    page = _results(browser, live_server, DESKTOP)
    for where in ("organization", "team"):
        if where == "team":
            _team_page(page)
        frames = page.locator("figure.chart").all()
        assert len(frames) == 2, "the scores and the trend"
        for frame in frames:
            room = frame.evaluate("f => f.clientWidth - parseFloat(getComputedStyle(f).paddingLeft)"
                                  " - parseFloat(getComputedStyle(f).paddingRight)")
            drawing = frame.locator("svg:visible").first.bounding_box()
            assert drawing and drawing["width"] >= 0.8 * room, (where, drawing, room)
            assert drawing["height"] <= DESKTOP["viewport"]["height"] * 0.7, (where, drawing, "seen whole at once")


def _settled(page: Page) -> None:
    """Two frames drawn: by then the page's resize observers (scrolling.js, trend.js) have placed the trend."""
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


# The period headers the table's sticky row names cover in part: at a header's left end, the row names are on top.
PERIODS_CUT_BY_THE_ROW_NAMES = """(frame) => {
  const edge = frame.querySelector('thead th:first-child').getBoundingClientRect().right;
  return Array.from(frame.querySelectorAll('thead th.num')).filter((th) => {
    const box = th.getBoundingClientRect();
    if (box.right <= edge + 0.5) return false;   // under the row names whole: scrolled past
    const found = document.elementFromPoint(box.left + 1, box.top + box.height / 2);
    return !(found && found.closest('th') === th);
  }).map((th) => th.textContent.trim());
}"""

# The chart's labels the scale laid over it covers in part (the scale lets touches through, so elementFromPoint does
# not see it): a label that begins under its white ground and ends beside it.
LABELS_CUT_BY_THE_SCALE = """(frame) => {
  const edge = frame.querySelector('.chart-scale path[fill="#ffffff"]').getBoundingClientRect().right;
  return Array.from(frame.querySelectorAll(':scope > svg text'),
    (text) => [text.textContent, text.getBoundingClientRect()])
    .filter(([, box]) => box.left < edge - 0.5 && box.right > edge + 0.5).map(([label]) => label);
}"""


# The trend's period headers whose text takes more than one line.
PERIODS_ON_TWO_LINES = """(frame) => Array.from(frame.querySelectorAll('thead th'), (th) => {
  const range = document.createRange();
  range.selectNodeContents(th);
  return [th.textContent.trim(), new Set(Array.from(range.getClientRects(), (box) => Math.round(box.top))).size];
}).filter(([, lines]) => lines > 1).map(([label]) => label)"""


@pytest.mark.parametrize("width", [390, 412])
def test_the_trend_opens_on_whole_periods_beside_its_row_names_and_its_scale(
    browser: Browser, live_server: str, width: int
) -> None:
    """Opened at its newest survey on a phone, the table's row names covered the left of "2025-Q4", which read
    "25-Q4", and the chart's scale all of "2026-Q1" but its "1": whatever shows beside them is a whole period."""
    page = _results(browser, live_server, {**PHONE, "viewport": {"width": width, "height": 844}})
    for where in ("organization", "team"):
        if where == "team":
            _team_page(page)
        table = page.locator("table.trend").locator("xpath=..")
        table.scroll_into_view_if_needed()
        chart = page.locator("figure.chart[data-start=end]")
        _settled(page)
        assert table.evaluate("f => f.scrollLeft > 0"), (where, "the demo's trend table scrolls on a phone")
        assert table.evaluate(PERIODS_CUT_BY_THE_ROW_NAMES) == [], where
        assert table.evaluate(PERIODS_ON_TWO_LINES) == [], (where, "a period broke at its hyphen")
        expect(table.locator("thead th").last).to_be_in_viewport(ratio=1)   # the newest, whole
        chart.scroll_into_view_if_needed()
        assert chart.evaluate(LABELS_CUT_BY_THE_SCALE) == [], where
        assert chart.evaluate("f => f.scrollWidth - f.clientWidth - f.scrollLeft") <= 1, (
            where, "opened at its very end: short of it, the frame's right edge is shaded as if more were there")
        newest = chart.locator("svg text", has_text=PERIOD).first.bounding_box()
        edge = chart.bounding_box()
        assert newest and edge and newest["x"] + newest["width"] <= edge["x"] + edge["width"], (where, "newest in view")
    page.locator("#trend").scroll_into_view_if_needed()
    page.screenshot(path=f"/tmp/layout_trend_team_phone_{width}.png")   # to look at; a laptop's, for comparison:
    if width == 390:
        laptop = _results(browser, live_server, {"viewport": {"width": 1280, "height": 800}})
        laptop.locator("#trend").scroll_into_view_if_needed()
        laptop.screenshot(path="/tmp/layout_trend_laptop.png")


@pytest.fixture(scope="module")
def benchmarked_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo with a published benchmark chosen that holds one dimension and no alignment index, as a published
    table may: no team's index has a place in it."""
    folder = tmp_path_factory.mktemp("benchmarked")
    table = folder / "published.csv"
    table.write_text("key,organizations,mean,sd,p10,p25,p50,p75,p90\nshared_goals,120,60,12,45,52,61,68,74\n")
    app = create_app({**app_config(folder, ""), **empty_database(folder, "benchmarked")})
    with serving_the_demo(app) as url:
        cli = app.test_cli_runner()
        for command in (["benchmark", "import", str(table), "--name", "Shared goals 2026", "--source", "A study",
                         "--as-of", "2026-06-30"], ["benchmark", "use", "northwind", "Shared goals 2026"]):
            result = cli.invoke(args=command)
            assert result.exit_code == 0, result.output
        yield url


def test_a_stacked_team_whose_function_is_unknown_shows_no_empty_label(browser: Browser, live_server: str) -> None:
    """A team removed from the roster after its cycle closed keeps its results under its key, with an empty
    Function cell, which stacked read "Function:" and nothing. The demo removes no team, so its first team's cell
    is emptied here as the template leaves it for one."""
    page = _results(browser, live_server, PHONE)
    cell = _table_under(page, "By team").locator('td[data-label="Function"]').first
    expect(cell).to_be_visible()
    cell.evaluate("c => { c.textContent = ''; }")
    expect(cell).to_be_hidden()


def test_a_team_with_no_place_in_the_benchmark_says_n_a_as_the_page_does_elsewhere(
    browser: Browser, benchmarked_server: str
) -> None:
    """Stacked on a phone, a team's block ended "Index against the benchmark:" and nothing: the cell was empty where
    the dimension table beside it says "n/a"."""
    page = _results(browser, benchmarked_server, PHONE)
    cells = _table_under(page, "By team").locator("td.benchmark")
    expect(cells.first).to_be_visible()
    for cell in cells.all():
        assert cell.evaluate("c => getComputedStyle(c, '::before').content") == '"Index against the benchmark: "'
        assert cell.inner_text().strip() == "n/a", cell.inner_text()
    index = _table_under(page, "Whole organization").locator("tbody tr").first.locator("td.benchmark")
    expect(index).to_have_text("n/a")   # the same words for the organization's own index
    page.screenshot(path="/tmp/layout_benchmark_phone.png", full_page=True)


# The colour and ground of a stacked figure and of its label (the cell's ::before), and the figure's contrast on
# its ground (WCAG's formula; a ground left transparent is the paper behind).
LABEL_AND_FIGURE = """(figure) => {
  const cell = figure.closest('td');
  const rgb = (colour) => colour.match(/[\\d.]+/g).map(Number);
  const ground = (style) => (rgb(style.backgroundColor)[3] === 0 ? 'rgb(255, 255, 255)' : style.backgroundColor);
  const linear = (c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  const light = (colour) => rgb(colour).slice(0, 3).map(linear)
    .reduce((sum, c, i) => sum + [0.2126, 0.7152, 0.0722][i] * c, 0);
  const label = getComputedStyle(cell, '::before'), own = getComputedStyle(figure);
  const [a, b] = [light(own.color), light(ground(own))].sort((x, y) => y - x);
  return {label: [label.color, ground(label), label.borderTopStyle],
          figure: [own.color, ground(own), own.borderTopStyle],
          contrast: (a + 0.05) / (b + 0.05), weight: Number(own.fontWeight), text: cell.innerText};
}"""


def test_a_change_within_the_normal_variation_stands_apart_from_its_label_when_stacked(
    browser: Browser, live_server: str
) -> None:
    """Stacked on a phone, "Change since 2026-Q2: -2" was grey from end to end, the figure as its label: it keeps
    its quiet grey, on a ground of its own, legible (WCAG AA) and neither bold nor "(meaningful)"."""
    page = _results(browser, live_server, PHONE)
    steady = _table_under(page, "Whole organization").locator("td .steady")
    expect(steady.first).to_be_visible()
    for figure in steady.all():
        seen = figure.evaluate(LABEL_AND_FIGURE)
        assert seen["figure"] != seen["label"], seen
        assert seen["contrast"] >= 4.5, seen
        assert seen["weight"] < 600 and "meaningful" not in seen["text"], seen
    steady.first.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/layout_steady_phone.png")
    laptop = _results(browser, live_server, DESKTOP).locator("table.stacks td .steady").first
    assert laptop.evaluate("s => getComputedStyle(s).backgroundColor") == "rgba(0, 0, 0, 0)", "a laptop's is as it was"


# The teams' names in a frame scrolled to its end: each must be on screen and on top, not scrolled off or covered.
TEAM_NAMES_HIDDEN = """(frame) => {
  const edge = frame.getBoundingClientRect();
  return Array.from(frame.querySelectorAll('tbody tr td:first-child'), (cell) => {
    const box = cell.getBoundingClientRect();
    const found = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    const shown = box.left >= edge.left - 0.5 && box.right <= edge.right + 0.5 && found && cell.contains(found);
    return shown ? null : cell.textContent.trim();
  }).filter(Boolean);
}"""


def test_the_crm_figures_by_team_keep_each_teams_name_in_view_when_scrolled_on_a_phone(
    browser: Browser, live_server: str
) -> None:
    """Ten columns scroll sideways on a phone: scrolled to its conversions, the table showed rows of figures and no
    team's name, which had scrolled off the left edge. The names stay put, as the trend's row names do."""
    page = _results(browser, live_server, PHONE)
    frame = page.get_by_role("heading", name=f"By team, {PERIOD}", level=3).locator(
        "xpath=following::div[contains(@class, 'table-wrap')][1]")
    frame.scroll_into_view_if_needed()
    assert frame.evaluate("f => f.scrollWidth - f.clientWidth") > 0, "the table scrolls on a phone"
    frame.evaluate("f => { f.scrollLeft = f.scrollWidth; }")
    _settled(page)
    expect(frame.get_by_role("columnheader", name="SQL → won")).to_be_in_viewport()
    assert frame.evaluate(TEAM_NAMES_HIDDEN) == []
    page.screenshot(path="/tmp/layout_funnel_teams_phone.png")


def test_explores_filters_are_set_at_the_pages_size_on_a_phone(browser: Browser, live_server: str) -> None:
    """Explore's drop-downs kept the browser's 13px: small print to tap, and a phone's browser zooms into a field
    smaller than 16px when it is tapped, pushing the page sideways."""
    page = _results(browser, live_server, PHONE)
    page.get_by_role("link", name="Explore by group").click()
    body = float(page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)"))
    for select in page.locator("form.filters select").all():
        assert select.evaluate("s => parseFloat(getComputedStyle(s).fontSize)") >= max(body, 16), select
        box = select.bounding_box()
        assert box and box["height"] >= 32, box


def test_the_trend_table_shades_the_earlier_surveys_hidden_under_its_row_names(
    browser: Browser, live_server: str
) -> None:
    """Opened at its newest survey on a phone, the trend's earlier quarters lay under the row names with nothing to
    say so: the frame's shading at its left edge was covered by the names that stay put. They cast it themselves."""
    from tests.browser.test_layout_browser import _edge_shading

    page = _results(browser, live_server, PHONE)
    frame = page.locator("table.trend").locator("xpath=..")
    frame.scroll_into_view_if_needed()
    _settled(page)
    assert frame.evaluate("f => f.scrollLeft > 0"), "opened at the newest survey, earlier ones to the left"
    names = frame.evaluate("f => f.querySelector('thead th').getBoundingClientRect().right - f.getBoundingClientRect().left")
    shaded, edge = _edge_shading(frame, start=names + 1)
    assert shaded < edge - 15, (shaded, edge)
    frame.evaluate("f => { f.scrollLeft = 0; }")   # at the oldest, nothing lies to the left: no shade
    page.wait_for_function("f => !f.classList.contains('scrolled')", arg=frame.element_handle())
    assert _edge_shading(frame, start=names + 1)[0] >= 250


@pytest.mark.parametrize("width", [640, 800])
def test_the_score_tables_keep_each_rows_name_in_view_where_they_scroll(
    browser: Browser, live_server: str, width: int
) -> None:
    """Wider than a phone, where the tables no longer stack (a laptop zoomed to 200% or 160%, a tablet), "By team" and
    the dimensions scroll sideways: scrolled to their last columns, they showed figures and no team or dimension."""
    page = _results(browser, live_server, {"viewport": {"width": width, "height": 800}})
    scrolled = 0
    for heading in ("Whole organization", "By function", "By team"):
        frame = _table_under(page, heading).locator("xpath=..")
        if frame.evaluate("f => f.scrollWidth - f.clientWidth") <= 1:
            continue   # fits at this width
        scrolled += 1
        frame.scroll_into_view_if_needed()
        frame.evaluate("f => { f.scrollLeft = f.scrollWidth; }")
        _settled(page)
        first = "tbody tr > :first-child"
        assert frame.evaluate(TEAM_NAMES_HIDDEN.replace("tbody tr td:first-child", first)) == [], heading
    assert scrolled >= 1, "some table scrolls at this width"
    page.screenshot(path=f"/tmp/layout_row_names_{width}.png")
