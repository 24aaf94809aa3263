"""The whole journey, in a real browser, on a freshly installed service: nobody helps.

A consultant creates a client, imports its roster, opens a cycle and sends the invitations, which reach
a real SMTP server on loopback; every employee answers through the link in their mail (one saves
halfway and comes back, one opens the used link again); the consultant moves the closing date, closes
the cycle, reads the results and downloads the scores and the diagnostic, rendered by WeasyPrint.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from flask_migrate import upgrade
from playwright.sync_api import Browser, Locator, Page, expect

from assessment import create_app
from assessment.extensions import db
from tests.browser.conftest import empty_database, free_port, serving
from tests.conftest import app_config, smtp_server

pytestmark = pytest.mark.browser

CONSULTANT, PASSWORD = "consultant@consultancy.example", "a-long-enough-password-for-the-journey"
CLIENT, SLUG = "Acme Widgets Ltd", "acme-widgets-ltd"
TEAMS = {"field-sales": ("Field Sales", "sales"), "demand-gen": ("Demand Generation", "marketing")}
PEOPLE = [f"{name}@acme.example" for name in
          ("ana", "ben", "cy", "dee", "eli", "fay", "gus", "hal", "ivy", "jo", "kai", "lou")]
ROSTER = "email,team,function,team_name\n" + "".join(
    f"{email},{team},{TEAMS[team][1]},{TEAMS[team][0]}\n"
    for index, email in enumerate(PEOPLE) for team in [list(TEAMS)[index % 2]]
)
PERIOD = f"{dt.date.today().year}-Q{(dt.date.today().month - 1) // 3 + 1}"  # the form's default, a new client's first


@pytest.fixture()
def fresh_install(tmp_path: Path) -> Iterator[tuple[str, list[EmailMessage]]]:
    """The service as installed: migrated and one consultant created at the command line (nothing else: the
    built-in questionnaire must be offered without an admin registering it), mailing through a real SMTP
    server on loopback. Yields its address and the mailbox."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with smtp_server() as (smtp_port, mailbox):
        app = create_app({
            **app_config(tmp_path, ""), **empty_database(tmp_path, "journey"), "TESTING": False,
            "SECRET_KEY": "a-real-secret-of-some-length", "PUBLIC_URL": url,
            "SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp_port,
        })
        with app.app_context():
            upgrade()
        cli = app.test_cli_runner()
        outcome = cli.invoke(args=["user", "create", CONSULTANT, "--role", "consultant", "--password-stdin"],
                             input=PASSWORD)
        assert outcome.exit_code == 0, outcome.output
        try:
            with serving(app, port):
                yield url, mailbox
        finally:
            jobs = app.extensions.get("document_jobs")
            if jobs is not None and getattr(jobs, "pool", None) is not None:
                jobs.pool.shutdown()
            with app.app_context():
                db.engine.dispose()


def test_a_consultant_and_twelve_employees_go_from_a_new_client_to_its_diagnostic(
    browser: Browser, fresh_install: tuple[str, list[EmailMessage]], tmp_path: Path
) -> None:
    server, mailbox = fresh_install
    consultant = browser.new_context().new_page()

    # 1. A new client, and the way to its roster.
    sign_in(consultant, server)
    consultant.get_by_role("link", name="New client").first.click()
    consultant.get_by_label("Organization name").fill(CLIENT)
    consultant.get_by_role("button", name="Create the client").click()
    expect(consultant.get_by_role("heading", level=1)).to_have_text(CLIENT)
    expect(consultant).to_have_url(f"{server}/manage/{SLUG}")  # the short name for links, made from the name
    expect(consultant.get_by_role("status")).to_contain_text(f"Created {CLIENT}. Next, import its roster")
    consultant.get_by_role("link", name="Import the roster").click()

    # 2. The roster: checked, previewed, imported.
    expect(consultant.get_by_role("heading", name="Roster", exact=True)).to_be_visible()
    consultant.get_by_label("Roster CSV").set_input_files(
        files=[{"name": "acme.csv", "mimeType": "text/csv", "buffer": ROSTER.encode()}])
    consultant.get_by_role("button", name="Check the file").click()
    expect(consultant.get_by_role("heading", name="Check before importing")).to_be_visible()
    expect(consultant.locator(".metric").filter(has_text="added").locator(".value")).to_have_text("12")
    expect(consultant.locator(".metric").filter(has_text="teams created").locator(".value")).to_have_text("2")
    consultant.get_by_role("button", name="Import").click()
    expect(consultant.get_by_role("status")).to_contain_text("Roster imported: 12 added")
    for name in ("Field Sales", "Demand Generation"):
        expect(consultant.get_by_role("row").filter(has_text=name).locator("td.num")).to_have_text("6")

    # 3. A cycle with the form's defaults, and the invitations by mail.
    consultant.get_by_role("link", name=CLIENT, exact=True).click()
    consultant.get_by_role("link", name="Open a cycle").click()
    expect(consultant.get_by_label("Period")).to_have_value(PERIOD)
    consultant.get_by_role("button", name="Open the cycle").click()
    expect(consultant.get_by_role("heading", level=1)).to_contain_text(PERIOD)
    expect(consultant.get_by_role("status")).to_contain_text(f"Opened {PERIOD}")
    consultant.get_by_role("button", name="Send invitations to the 12 not yet invited").click()
    expect(consultant.get_by_role("status")).to_contain_text("12 invitations sent, 0 failed")
    for group, invited in (("Whole organization", "12"), ("Field Sales", "6"), ("Demand Generation", "6")):
        expect(rate_row(consultant, group).locator("td")).to_have_text([invited, "0", "0%"])
    links = survey_links(mailbox, server)
    assert sorted(links) == sorted(PEOPLE)

    # 4. Every employee answers through their own link, in a browser of their own.
    resumer, rechecker = PEOPLE[0], PEOPLE[1]
    for index, email in enumerate(PEOPLE):
        employee = browser.new_context()
        page = employee.new_page()
        page.goto(links[email])
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.locator(".eyebrow")).to_contain_text(f"{CLIENT} · {PERIOD}")
        questions = page.locator(".scale")
        total = questions.count()
        if email == resumer:
            half, comment = total // 2, "A shared list of target accounts would help."
            answer(page, index, range(half))
            page.locator("textarea").first.fill(comment)
            page.get_by_role("button", name="Save and finish later").click()
            expect(page.get_by_role("heading", name="Your answers are saved")).to_be_visible()
            employee.close()
            employee = browser.new_context()
            page = employee.new_page()
            page.goto(links[email])
            expect(page.locator("#progress-text")).to_have_text(f"{half} of {total} answered")
            for question in range(total):
                if question < half:
                    expect(choice(page, index, question).get_by_role("radio")).to_be_checked()
                else:
                    expect(page.locator(".scale").nth(question).get_by_role("radio", checked=True)).to_have_count(0)
            expect(page.locator("textarea").first).to_have_value(comment)
            answer(page, index, range(half, total))
        else:
            answer(page, index, range(total))
        expect(page.locator("#progress-text")).to_have_text(f"{total} of {total} answered")
        page.get_by_role("button", name="Submit my answers").click()
        expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
        if email == rechecker:
            again = page.goto(links[email])
            assert again is not None and again.status < 500
            expect(page.get_by_role("heading", name="You have already answered")).to_be_visible()
            expect(page.get_by_role("main")).to_contain_text(f"{CLIENT} survey for {PERIOD}")
        employee.close()

    # The client list counts the answers too; from it, back to the cycle.
    consultant.get_by_role("link", name="Manage").click()
    expect(consultant.get_by_role("heading", level=1)).to_have_text("Your clients")
    client_row = consultant.get_by_role("row").filter(has_text=CLIENT)
    expect(client_row.locator("td.num")).to_have_text(["2", "12", "12 (100%)"])
    client_row.get_by_role("link", name=PERIOD).click()
    expect(rate_row(consultant, "Whole organization").locator("td")).to_have_text(["12", "12", "100%"])

    # 5. The closing date moves, the cycle closes, the results and their downloads.
    later = dt.date.today() + dt.timedelta(days=30)
    consultant.get_by_label("Planned closing date").fill(later.isoformat())
    consultant.get_by_role("button", name="Move the closing date").click()
    expect(consultant.get_by_role("status")).to_contain_text(f"{PERIOD} now closes on {later.day} {later:%B %Y}")
    consultant.get_by_role("link", name="Close the cycle…").click()
    expect(consultant.get_by_role("heading", level=1)).to_have_text(f"Close {PERIOD}?")
    expect(consultant.get_by_role("main")).to_contain_text("12 people have answered so far.")
    consultant.get_by_role("button", name="Close the cycle and compute the results").click()
    expect(consultant.get_by_role("status")).to_contain_text(f"Closed {PERIOD}: the scores are computed")
    expect(consultant.get_by_role("heading", level=1)).to_contain_text("closed")

    consultant.get_by_role("link", name="Results", exact=True).click()
    expect(consultant.get_by_role("heading", level=1)).to_have_text(CLIENT)
    expect(consultant.get_by_role("heading", name="Whole organization", level=2)).to_be_visible()
    for name in ("Field Sales", "Demand Generation"):
        expect(consultant.get_by_role("link", name=name, exact=True)).to_be_visible()

    scores = download(consultant, "Download the scores (CSV)", tmp_path)
    rows = csv.DictReader(io.StringIO(scores.read_text(encoding="utf-8-sig")))
    index_n = {(row["kind"], row["key"]): row["n"] for row in rows if row["dimension"] == "index"}
    assert index_n["organization", "all"] == "12"
    assert index_n["team", "field-sales"] == index_n["team", "demand-gen"] == "6"

    diagnostic = download(consultant, "Download the organization diagnostic (PDF)", tmp_path)
    text = subprocess.run(["pdftotext", str(diagnostic), "-"], check=True, capture_output=True, text=True).stdout
    assert CLIENT in text and PERIOD in text

    # 6. Reviewed: the results go to the client.
    consultant.goto(f"{server}/results/{SLUG}/{PERIOD}")  # the diagnostic came through its waiting page
    expect(consultant.get_by_role("note")).to_contain_text("Not published yet.")
    consultant.get_by_role("link", name="Publish them on the cycle page").click()
    consultant.get_by_role("button", name=f"Publish the results to {CLIENT}").click()
    expect(consultant.get_by_role("status")).to_contain_text(f"Published {PERIOD}: the executives and team leads")
    # No client accounts on this install: nobody reads them yet, and the message does not pretend otherwise.
    expect(consultant.get_by_role("status")).to_contain_text(
        f"of {CLIENT} will see the results once they have accounts. Nobody there has an executive or team lead")
    expect(consultant.get_by_role("heading", level=1)).to_contain_text("published")


def sign_in(page: Page, server: str) -> None:
    page.goto(f"{server}/auth/login")
    page.get_by_label("Email").fill(CONSULTANT)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.get_by_role("link", name="Manage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your clients")


def survey_links(mailbox: list[EmailMessage], server: str) -> dict[str, str]:
    """Each recipient's personal link, as their mail's plain text gives it."""
    pattern = re.compile(re.escape(server) + r"/s/[\w-]+")
    links = {}
    for message in mailbox:
        [link] = pattern.findall(message.get_body(("plain",)).get_content())  # type: ignore[union-attr]
        links[str(message["To"])] = link
    return links


def answer(page: Page, person: int, questions: range) -> None:
    for question in questions:
        choice(page, person, question).click()


def choice(page: Page, person: int, question: int) -> Locator:
    """The answer a person gives a question: varied by both, so that the scores spread."""
    choices = page.locator(".scale").nth(question).locator("label.choice")
    return choices.nth((person + question) % choices.count())


def rate_row(page: Page, group: str) -> Locator:
    return page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=group))


def download(page: Page, link: str, folder: Path) -> Path:
    """Follow a download link; a document still being prepared shows a page that reloads itself until it comes."""
    with page.expect_download(timeout=90_000) as started:
        page.get_by_role("link", name=link).click()
    target = folder / started.value.suggested_filename
    started.value.save_as(target)
    return target
