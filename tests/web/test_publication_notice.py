"""What became of a cycle's publication notice, on its console page, and mailing it again.

Mail goes to a real SMTP server on loopback that can refuse an address, as a
full mailbox would; the outcome is read back from the audit trail, where a
worker records it too (tests/integration/test_invitations_celery.py).
"""
from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from assessment.extensions import db
from assessment.lookup import cycle_by_name
from assessment.models import AuditEntry, Role, User
from assessment.operations.cycles import close_cycle
from tests.conftest import csrf_token, smtp_server

NEW = "2026-Q4"
PAGE = f"/manage/northwind/{NEW}"


def text(html: str) -> str:
    """What the page says, tags and line breaks aside."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def audited(action: str) -> list[tuple[str, str]]:
    return [(actor, target) for actor, target in db.session.execute(
        db.select(AuditEntry.actor, AuditEntry.target).filter_by(action=action).order_by(AuditEntry.id))]


@pytest.fixture()
def closed_unpublished(app: Flask) -> None:
    close_cycle(cycle_by_name(f"northwind/{NEW}"))
    db.session.commit()


@pytest.mark.usefixtures("closed_unpublished")
def test_the_cycle_page_says_whom_the_notice_failed_for_and_mailing_it_again_reaches_them(
    client: FlaskClient, login, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    login(client, "consultant")
    refused = {"lead@demo.example"}
    with smtp_server(refused) as (port, received):
        monkeypatch.setitem(client.application.config, "SMTP_HOST", "127.0.0.1")
        monkeypatch.setitem(client.application.config, "SMTP_PORT", port)
        client.post(f"{PAGE}/publish", data={"csrf_token": csrf_token(client.get(PAGE).get_data(as_text=True))})
        page = text(client.get(PAGE).get_data(as_text=True))
        assert "to 1 of the 2 executives and team leads." in page and "Last mailed on " in page
        assert "It could not be mailed to: lead@demo.example Mail the notice again…" in page

        # The mailbox is mended, and the client has added an executive since.
        refused.clear()
        organization = cycle_by_name(f"northwind/{NEW}").organization
        db.session.add(User(email="new.cfo@demo.example", role=Role.executive, organization_id=organization.id))
        db.session.commit()
        confirm = client.get(f"{PAGE}/notice")
        assert confirm.status_code == 200
        asked = text(confirm.get_data(as_text=True))
        assert "goes to every active executive and team lead of Northwind Traders now: 3 people" in asked
        assert "lead@demo.example (team lead) — it could not be mailed to them last time" in asked
        assert "new.cfo@demo.example" in asked and "Mail the notice again to 3 people" in asked
        assert len(received) == 1   # asking is not sending
        done = client.post(f"{PAGE}/notice", data={"csrf_token": csrf_token(confirm.get_data(as_text=True))},
                           follow_redirects=True)
    page = text(done.get_data(as_text=True))
    assert "Mailed the notice again: 3 people were told." in page
    assert "to 3 of the 3 executives and team leads: it reached every one." in page and "could not be mailed" not in page
    assert sorted(m["To"] for m in received[1:]) == ["executive@demo.example", "lead@demo.example",
                                                     "new.cfo@demo.example"]
    assert all(f"the {NEW} alignment results are ready" in m["Subject"] for m in received)
    assert audited("cycle.notify") == [("consultant@demo.example", f"northwind/{NEW}")]
    [first_id, _] = db.session.execute(db.select(AuditEntry.id).filter_by(action="cycle.notice")
                                       .order_by(AuditEntry.id)).scalars()
    assert audited("cycle.notice_failed") == [("consultant@demo.example", f"notice #{first_id}: lead@demo.example")]


def test_a_cycle_published_before_the_outcome_was_kept_says_so(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    page = text(client.get("/manage/northwind/2026-Q3").get_data(as_text=True))
    assert "No notice is on record for this publication" in page and "Mail the notice again…" in page


@pytest.mark.usefixtures("closed_unpublished", "mailbox")
def test_the_notice_of_a_cycle_not_published_is_not_mailed_again(client: FlaskClient, login, mailbox: list) -> None:  # type: ignore[no-untyped-def,type-arg]
    login(client, "consultant")
    page = client.get(PAGE).get_data(as_text=True)
    assert "Mail the notice again" not in page
    for reply in (client.get(f"{PAGE}/notice", follow_redirects=True),
                  client.post(f"{PAGE}/notice", data={"csrf_token": csrf_token(page)}, follow_redirects=True)):
        assert (f"Nobody was mailed: Northwind Traders {NEW} is closed; its notice goes out once its results are "
                "published.") in text(reply.get_data(as_text=True))
    assert not mailbox and not audited("cycle.notify") and not audited("cycle.notice")


def test_the_command_mails_the_notice_again_or_says_why_not(runner: FlaskCliRunner, mailbox: list) -> None:  # type: ignore[type-arg]
    done = runner.invoke(args=["cycle", "notify", "northwind/2026-Q3"])
    assert done.exit_code == 0, done.output
    assert done.output.splitlines() == ["mailed the notice to 2 executives and team leads"]
    assert sorted(m["To"] for m in mailbox) == ["executive@demo.example", "lead@demo.example"]
    assert all("the 2026-Q3 alignment results are ready" in m["Subject"] for m in mailbox)
    assert [target for _, target in audited("cycle.notify")] == ["northwind/2026-Q3"]
    assert [target for _, target in audited("cycle.notice")] == [
        "northwind/2026-Q3: mailed to 2 of 2 executives and team leads"]

    refused = runner.invoke(args=["cycle", "notify", f"northwind/{NEW}"])
    assert refused.exit_code == 1
    assert refused.output.strip() == (f"Error: Northwind Traders {NEW} is open; its notice goes out once its results are "
                                      "published")
    assert runner.invoke(args=["cycle", "notify", "northwind/1999-Q1"]).exit_code == 1
    assert len(mailbox) == 2 and len(audited("cycle.notify")) == 1


def test_the_command_reports_the_addresses_it_failed_for(
    runner: FlaskCliRunner, app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    with smtp_server({"executive@demo.example"}) as (port, received):
        monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
        monkeypatch.setitem(app.config, "SMTP_PORT", port)
        result = runner.invoke(args=["cycle", "notify", "northwind/2026-Q3"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "mailed the notice to 1 executive or team lead",
        "Error: the notice could not be mailed to executive@demo.example (the results are published all the same)"]
    assert [m["To"] for m in received] == ["lead@demo.example"]
