"""The cycle page leads with the mailing still to do: invitations while someone has none, then reminders."""
from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.web.test_manage_cycles import NEW, open_new_cycle, post_on_cycle_page


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
