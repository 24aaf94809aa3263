"""Error pages speak plainly: a heading a client's employee understands, the case's own description, a way back."""
from __future__ import annotations

from flask.testing import FlaskClient


def test_a_missing_page_says_so_in_plain_words(client: FlaskClient) -> None:
    page = client.get("/no/such/page")
    assert page.status_code == 404
    text = page.get_data(as_text=True)
    assert "<h1>Nothing to show here</h1>" in text and "Not Found" not in text
    assert 'href="/"' in text


def test_a_page_outside_the_role_names_the_account_not_the_http_status(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    page = client.get("/manage/")
    assert page.status_code == 403
    assert "<h1>Your account cannot open this page</h1>" in page.get_data(as_text=True)
