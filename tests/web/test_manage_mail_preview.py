"""A consultant reads the invitation and the reminder before sending them: exactly the mail people then get,
but for the personal link, and reading it sends nothing."""
from __future__ import annotations

import html
import re

from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Cycle, Invitation
from tests.web.console import LINK, NEW, northwind, open_new_cycle, post_on_cycle_page


def _preview(client: FlaskClient, mailing: str) -> tuple[str, str, str]:
    """(From, Subject, body) as the preview page shows them."""
    page = client.get(f"/manage/northwind/{NEW}/mail/{mailing}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    sender, subject = (html.unescape(value) for value in re.findall(r"<dd>(.*?)</dd>", text, re.S)[:2])
    body = re.search(r'<pre class="mail-body">(.*?)</pre>', text, re.S)
    assert body, "the page shows no mail"
    return sender, subject, _lines(html.unescape(body.group(1)))


def _lines(text: str) -> str:
    """Line by line, as a reader sees it: a mail travels with CRLF line ends."""
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _sent(message) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    """The same three of a mail received, its personal link written as the preview writes it."""
    body = LINK.sub("http://survey.test/s/…", message.get_body(("plain",)).get_content())
    # A subject too long for its first line is folded right after "Subject:", which Python's parser keeps as a
    # leading space and mail programs drop.
    return message["From"], message["Subject"].strip(), _lines(body)


def _html_paragraphs(message) -> list[str]:  # type: ignore[no-untyped-def]
    """The words of each paragraph of a mail's HTML part, which most mail programs show instead of the text."""
    part = message.get_body(("html",)).get_content()
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", p)).split()) for p in re.findall(r"<p>(.*?)</p>", part, re.S)]


def _sent_on() -> list[object]:
    return db.session.execute(
        db.select(Invitation.sent_on).join(Cycle).where(Cycle.period == NEW, Cycle.organization_id == northwind().id)
    ).scalars().all()


def test_the_cycle_page_leads_to_both_mails(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    open_new_cycle(client)
    page = client.get(f"/manage/northwind/{NEW}").get_data(as_text=True)
    assert f'href="/manage/northwind/{NEW}/mail/invitation"' in page
    assert f'href="/manage/northwind/{NEW}/mail/reminder"' in page


def test_the_invitation_read_first_is_the_one_people_get_and_reading_it_sends_nothing(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    login(client, "consultant")
    open_new_cycle(client)
    shown = _preview(client, "invitation")
    assert mailbox == [] and all(sent is None for sent in _sent_on())
    assert "Northwind" in shown[1] and "http://survey.test/s/…" in shown[2]

    post_on_cycle_page(client, "invitations")
    assert mailbox and {_sent(message) for message in mailbox} == {shown}
    # The HTML part says the same, but that it links "Take the survey" where the text gives the address.
    words = " ".join(shown[2].split())
    paragraphs = _html_paragraphs(mailbox[0])
    assert len(paragraphs) == 5 and [p for p in paragraphs if p not in words] == [
        "Take the survey (your personal link: please don't forward it)."]


def test_the_reminder_read_first_is_the_one_people_get(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    login(client, "consultant")
    open_new_cycle(client)
    post_on_cycle_page(client, "invitations")
    invited = len(mailbox)
    shown = _preview(client, "reminder")
    assert len(mailbox) == invited
    assert shown[1].startswith("Reminder: the Northwind") and "earlier message" in shown[2]

    post_on_cycle_page(client, "reminders", min_days="0")
    reminders = mailbox[invited:]
    assert reminders and {_sent(message) for message in reminders} == {shown}


def test_a_closed_cycles_mail_is_not_shown_as_if_it_would_still_go(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    closed = client.get("/manage/northwind/2026-Q3/mail/reminder")
    assert closed.status_code == 404
    assert "2026-Q3 is published: it sends no more invitations or reminders." in html.unescape(
        closed.get_data(as_text=True))


def test_links_only_the_servers_machine_opens_are_called_out_before_anything_is_sent(
    client: FlaskClient, login, app, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    """The default PUBLIC_URL (127.0.0.1) made every mailed link dead, and the console said nothing of it."""
    def _words(reply) -> str:  # type: ignore[no-untyped-def]
        return " ".join(re.sub(r"<[^>]+>", "", reply.get_data(as_text=True)).split())

    login(client, "consultant")
    warning = "The survey links would not open for employees: they start with http://127.0.0.1:5000"
    for path in ("/manage/northwind/2026-Q4", "/manage/northwind/2026-Q4/mail/invitation"):
        assert warning not in _words(client.get(path)), "a public address is fine"
    monkeypatch.setitem(app.config, "PUBLIC_URL", "http://127.0.0.1:5000")
    for path in ("/manage/northwind/2026-Q4", "/manage/northwind/2026-Q4/mail/invitation"):
        assert warning in _words(client.get(path)), path
    assert warning not in _words(client.get("/manage/northwind/2026-Q3")), \
        "a closed cycle sends nothing"


def test_a_sender_address_that_cannot_exist_is_called_out_before_anything_is_sent(
    client: FlaskClient, login, app, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    """The default MAIL_FROM is on .invalid, a domain that never exists: mail from it is often refused or taken
    for spam, and the preview showed it as the sender without a word."""
    def _words(reply) -> str:  # type: ignore[no-untyped-def]
        return " ".join(html.unescape(re.sub(r"<[^>]+>", "", reply.get_data(as_text=True))).split())

    login(client, "consultant")
    pages = ("/manage/northwind/2026-Q4", "/manage/northwind/2026-Q4/mail/reminder")
    monkeypatch.setitem(app.config, "MAIL_FROM", "Survey <survey@alignment.invalid>")
    for path in pages:
        assert ("The mail would come from Survey <survey@alignment.invalid>, an address that cannot exist: many mail "
                "servers refuse such mail or file it as spam") in _words(client.get(path)), path
        assert "set MAIL_FROM to an address of yours" in _words(client.get(path))
    assert "The mail would come from" not in _words(client.get("/manage/northwind/2026-Q3")), "a closed cycle sends nothing"
    monkeypatch.setitem(app.config, "MAIL_FROM", "Brightline survey <survey@brightline.example.com>")
    for path in pages:
        assert "The mail would come from" not in _words(client.get(path)), path
