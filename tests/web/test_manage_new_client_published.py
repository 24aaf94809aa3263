"""A new client's first cycle, published before anyone there has an account: the cycle page does not claim its
executives and team leads have the results."""
from __future__ import annotations

from flask.testing import FlaskClient

from tests.conftest import csrf_token
from tests.web.console import NEW, answer, links_by_recipient, text_of
from tests.web.test_manage_small_groups import ROSTER, cycle_page_of_a_new_client


def test_published_with_nobody_to_read_it_says_who_will_and_when(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    cycle_page_of_a_new_client(client, login, ROSTER)
    page = client.get(f"/manage/acme/{NEW}").get_data(as_text=True)
    client.post(f"/manage/acme/{NEW}/invitations", data={"csrf_token": csrf_token(page)})
    answer(client, next(iter(links_by_recipient(mailbox).values())))
    for action in ("close", "publish"):
        page = client.get(f"/manage/acme/{NEW}").get_data(as_text=True)
        assert client.post(f"/manage/acme/{NEW}/{action}", data={"csrf_token": csrf_token(page)}).status_code == 302
    said = text_of(client.get(f"/manage/acme/{NEW}").get_data(as_text=True))
    assert f"{NEW} published" in said
    assert "nobody at Acme Nordic has an executive or team lead account yet: they see these results once you " \
           "invite them on Who reads the results." in said
    assert "so nobody was told: invite them on the client" in said   # the publish's own message
    assert 'href="/manage/acme/access"' in client.get(f"/manage/acme/{NEW}").get_data(as_text=True)
    assert "have had these results since" not in said
