"""Before any invitation has gone out, the cycle page offers no reminders: a reminder reminds of an invitation.

A consultant who pressed "Send reminders" on a new cycle read that everyone invited had had a mail in the
last 3 days, when nobody had been invited at all.
"""
from __future__ import annotations

from flask.testing import FlaskClient

from tests.web.console import NEW, open_new_cycle, post_on_cycle_page, text_of


def cycle_page(client: FlaskClient) -> str:
    return client.get(f"/manage/northwind/{NEW}").get_data(as_text=True)


def test_a_cycle_nobody_was_invited_to_offers_no_reminders_and_says_when_it_will(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    login(client, "consultant")
    open_new_cycle(client)
    page = cycle_page(client)
    assert "Send reminders" not in page
    assert "Reminders can be sent once the invitations are out" in text_of(page)

    assert post_on_cycle_page(client, "invitations").status_code == 302 and mailbox
    after = cycle_page(client)
    assert "Send reminders" in after and "Reminders can be sent once" not in text_of(after)


def test_reminders_asked_for_before_any_invitation_say_to_send_the_invitations_first(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    """A page left open from before (or a second tab) can still post the reminders."""
    login(client, "consultant")
    open_new_cycle(client)
    reply = post_on_cycle_page(client, "reminders", min_days="3")
    said = text_of(client.get(reply.location).get_data(as_text=True))
    assert "Nothing was sent: nobody has been invited to 2027-Q1 yet" in said
    assert "got a mail from us" not in said and not mailbox
