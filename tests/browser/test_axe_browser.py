"""axe-core, the standard accessibility engine, on one page of every kind a user meets, on a phone and a laptop.

test_accessibility_browser.py measures by hand what axe cannot (a keyboard journey, charts told in words); here
axe's WCAG 2.0 and 2.1 A and AA rules run on each page, so a template change that drops a label, an accessible
name, a landmark or a colour's contrast fails with axe's own words on what to fix and where.
"""
from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import open_the_demo_survey, sign_in

pytestmark = pytest.mark.browser

DEVICES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "laptop": {"viewport": {"width": 1366, "height": 900}},
}
PERIOD = "2026-Q3"  # the demo's last published cycle
OPEN_PERIOD = "2026-Q4"  # and its open one
# Every rule of these tags on every element: none has needed an exemption yet. One that does (a false positive,
# a deliberate design) is to be filtered out here by rule id and element, with the reason, never switched off.
# Plus landmark-unique (best practice, not WCAG): scrolling.js makes each table that scrolls on a phone a region,
# and two regions of one name cannot be told apart in a screen reader's list of landmarks.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
             "rules": {"landmark-unique": {"enabled": True}}, "resultTypes": ["violations"]}
AXE = Axe()  # the axe-core script the package bundles, evaluated in each page: nothing is fetched

# Every <details> opened, so folded text (comments, roster previews) is checked too; and the scroll shadows of
# tables and charts (gradients, app.css) painted the plain paper the text sits on: over a gradient axe cannot
# tell a colour's contrast and would leave every table cell unchecked. Set through the CSSOM, which CSP allows.
UNFOLD_AND_FLATTEN = """() => {
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  document.querySelectorAll('.table-wrap, .chart').forEach((frame) => { frame.style.background = 'var(--paper)'; });
}"""


# scrolling.js gives a frame that overflows its place in the Tab order from a ResizeObserver, which reports after
# layout: axe run at once on a busy machine found a scrolling table not yet reachable by keyboard, as no person would.
SETTLED = """() => [...document.querySelectorAll('.table-wrap, .chart')]
  .every((frame) => frame.scrollWidth <= frame.clientWidth + 1 || frame.hasAttribute('tabindex'))"""


def axe_violations(page: Page) -> list[str]:
    """Each element axe finds at fault on ``page``: rule, impact, the element's selector and axe's advice, then the
    start of the element's HTML (a selector like ``tr:nth-child(3) > td`` alone is hard to find in a template)."""
    page.evaluate(UNFOLD_AND_FLATTEN)
    page.wait_for_function(SETTLED, timeout=10_000)
    return [f"{violation['id']} ({violation['impact']}) {' '.join(map(str, node['target']))}: {violation['help']}"
            f" | {node['html'][:100]}"
            for violation in AXE.run(page, options=AXE_OPTIONS).response["violations"]
            for node in violation["nodes"]]


class Audit:
    """What axe finds on each page visited, reported all together so one run lists everything to fix."""

    def __init__(self) -> None:
        self.found: dict[str, list[str]] = {}

    def check(self, where: str, page: Page) -> None:
        if lines := axe_violations(page):
            self.found[f"{where} ({page.url})"] = lines

    def report(self) -> str:
        return "axe found:\n" + "\n".join(f"  {where}:\n    " + "\n    ".join(lines)
                                         for where, lines in self.found.items())


@pytest.mark.parametrize("device", DEVICES)
def test_an_employee_answering_the_survey_meets_no_axe_violation(
    browser: Browser, live_server: str, device: str
) -> None:
    page, audit = browser.new_context(**DEVICES[device]).new_page(), Audit()
    page.goto(live_server)
    audit.check("home", page)
    open_the_demo_survey(page)
    survey = page.url
    audit.check("survey", page)
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.locator(".error-summary")).to_be_visible()
    audit.check("survey, refused", page)
    page.locator(".scale").first.get_by_text("Agree", exact=True).click()
    page.get_by_role("button", name="Save and finish later").click()
    expect(page.get_by_role("heading", name="Your answers are saved")).to_be_visible()
    audit.check("saved", page)
    page.goto(survey)
    for group in page.locator(".scale").all():
        group.get_by_text("Agree", exact=True).click()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    audit.check("thanks", page)
    assert audit.found == {}, audit.report()


@pytest.mark.parametrize("device", DEVICES)
def test_the_consultant_console_has_no_axe_violation(browser: Browser, live_server: str, device: str) -> None:
    page, audit = browser.new_context(**DEVICES[device]).new_page(), Audit()
    sign_in(page, live_server, "consultant")
    for where, path in {"client list": "/manage/", "a client": "/manage/northwind",
                        "open cycle": f"/manage/northwind/{OPEN_PERIOD}", "published cycle": f"/manage/northwind/{PERIOD}",
                        "close": f"/manage/northwind/{OPEN_PERIOD}/close", "funnel figures": "/manage/northwind/funnel",
                        "client access": "/manage/northwind/access",
                        "new cycle, with its planned mail": "/manage/northwind/cycles/new",
                        "roster": "/manage/northwind/roster"}.items():   # last: the upload below starts there
        page.goto(live_server + path)
        audit.check(where, page)
    _upload_roster(page, b"email,team,function\nnobody,x,sales\n")
    expect(page.get_by_role("alert")).to_contain_text("is not an email address")
    audit.check("roster, refused", page)
    _upload_roster(page, b"email,team,function\nnew.person@northwind.example,new-team,sales\n")
    expect(page.get_by_role("heading", name="Check before importing")).to_be_visible()
    audit.check("roster preview", page)  # not imported: the demo other tests share stays as it was
    assert audit.found == {}, audit.report()


def _upload_roster(page: Page, csv: bytes) -> None:
    page.get_by_label("Roster CSV").set_input_files(files=[{"name": "roster.csv", "mimeType": "text/csv", "buffer": csv}])
    page.get_by_role("button", name="Check the file").click()


@pytest.mark.parametrize("device", DEVICES)
def test_published_results_and_actions_have_no_axe_violation(browser: Browser, live_server: str, device: str) -> None:
    audit = Audit()
    executive = browser.new_context(**DEVICES[device]).new_page()
    sign_in(executive, live_server, "executive")
    executive.goto(f"{live_server}/results/northwind/{PERIOD}")
    expect(executive.locator("ul.comments").first).to_be_attached()
    audit.check("organization results and comments", executive)
    executive.get_by_role("link", name="Explore by group").click()
    audit.check("explore", executive)
    executive.locator("form.filters select").first.select_option(index=1)
    executive.locator("form.filters").get_by_role("button").click()
    audit.check("explore, one group", executive)

    lead = browser.new_context(**DEVICES[device]).new_page()
    sign_in(lead, live_server, "lead")
    audit.check("team lead's home", lead)
    lead.get_by_role("link", name=re.compile(f"{PERIOD} results and actions")).click()
    audit.check("team page and its actions", lead)
    lead.goto(f"{lead.url}/actions/new")
    lead.get_by_role("button", name="Add the action").click()  # empty: refused, nothing added
    expect(lead.locator(".field-error").first).to_be_visible()
    audit.check("new action, refused", lead)
    assert audit.found == {}, audit.report()


@pytest.mark.parametrize("device", DEVICES)
def test_sign_in_account_admin_and_error_pages_have_no_axe_violation(
    browser: Browser, live_server: str, device: str
) -> None:
    page, audit = browser.new_context(**DEVICES[device]).new_page(), Audit()
    page.goto(f"{live_server}/no-such-page")
    audit.check("404", page)
    page.goto(f"{live_server}/auth/logout")
    audit.check("405", page)
    page.goto(f"{live_server}/auth/login")
    audit.check("sign-in", page)
    page.get_by_label("Email").fill("nobody@demo.example")  # no demo account's sign-in limit is spent
    page.get_by_label("Password").fill("a-wrong-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    audit.check("sign-in, refused", page)
    sign_in(page, live_server, "admin")
    for where, path in {"account": "/account", "users": "/admin/users", "invite a user": "/admin/users/new"}.items():
        page.goto(live_server + path)
        audit.check(where, page)
    lead = browser.new_context(**DEVICES[device]).new_page()
    sign_in(lead, live_server, "lead")
    lead.goto(f"{live_server}/manage/")
    expect(lead.get_by_role("heading", level=1)).to_have_text("Your account cannot open this page")
    audit.check("403", lead)
    assert audit.found == {}, audit.report()


@pytest.mark.parametrize("device", DEVICES)
def test_the_results_pages_an_executive_and_a_lead_read_have_no_axe_violation(
    browser: Browser, live_server: str, device: str
) -> None:
    """The pages the test above does not open: the executive's home and the team page they only read, the first
    survey (no earlier one to compare with, no trend, no actions), a quarter's earlier results, a group in Explore
    too small for drivers, and the organization's page as a team lead reads it."""
    audit = Audit()
    executive = browser.new_context(**DEVICES[device]).new_page()
    sign_in(executive, live_server, "executive")
    audit.check("executive's home", executive)
    executive.goto(f"{live_server}/results/northwind/{PERIOD}")
    first = executive.get_by_role("navigation", name="Results by survey").get_by_role("link").first
    first_period = first.inner_text()
    first.click()
    expect(executive.get_by_role("heading", name="Whole organization")).to_be_visible()
    audit.check(f"first survey, {first_period}", executive)
    executive.goto(f"{live_server}/results/northwind/{PERIOD}")
    executive.locator("#by-team ~ .table-wrap").first.get_by_role("link").first.click()
    expect(executive.get_by_role("heading", name="Team results")).to_be_visible()
    audit.check("team page, read only", executive)
    executive.goto(f"{live_server}/results/northwind/{PERIOD}/explore")
    executive.get_by_label("Team").select_option(index=1)
    executive.get_by_role("button", name="Show").click()
    expect(executive.get_by_role("heading", name="What drives the score")).to_be_visible()
    audit.check("explore, a team", executive)
    lead = browser.new_context(**DEVICES[device]).new_page()
    sign_in(lead, live_server, "lead")
    lead.goto(f"{live_server}/results/northwind/{PERIOD}")
    audit.check("organization, as a team lead", lead)
    assert audit.found == {}, audit.report()
