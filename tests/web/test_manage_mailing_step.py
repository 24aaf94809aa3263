"""The cycle pages lead with the step still to do: invitations while someone has none, then reminders; and
closing a cycle nobody was invited to leads back to the invitations."""
from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.web.console import NEW, open_new_cycle, post_on_cycle_page, text_of


def primary_button(client: FlaskClient) -> str:
    page = client.get(f"/manage/northwind/{NEW}").get_data(as_text=True)
    [label] = re.findall(r'<button class="button primary" type="submit">([^<]+)</button>', page)
    return " ".join(label.split())


def test_once_everyone_is_invited_the_reminders_are_the_next_step(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    login(client, "consultant")
    open_new_cycle(client)
    assert primary_button(client).startswith("Send invitations to the ")
    assert post_on_cycle_page(client, "invitations").status_code == 302 and mailbox
    assert primary_button(client) == "Send reminders", "a second click on the invitations would send nothing"


def test_closing_a_cycle_nobody_was_invited_to_says_so_and_leads_back_to_the_invitations(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    login(client, "consultant")
    open_new_cycle(client)
    page = client.get(f"/manage/northwind/{NEW}/close").get_data(as_text=True)
    said = text_of(page)
    assert f"No invitation has been sent: nobody on the roster was asked to answer {NEW}." in said
    assert "the invitations and reminders told people" not in said, "no mail told anyone anything"
    assert re.search(r'class="button primary" href="/manage/northwind/[^"]+">Keep it open', page)

    assert post_on_cycle_page(client, "close").status_code == 302
    closed = text_of(client.get(f"/manage/northwind/{NEW}").get_data(as_text=True))
    assert f"{NEW} closed" in closed and "have no invitation yet" not in closed, "a closed cycle invites nobody"


def test_once_invited_the_close_page_no_longer_speaks_of_missing_invitations(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    login(client, "consultant")
    open_new_cycle(client)
    post_on_cycle_page(client, "invitations")
    said = text_of(client.get(f"/manage/northwind/{NEW}/close").get_data(as_text=True))
    assert "No invitation has been sent" not in said and "This is early" in said
