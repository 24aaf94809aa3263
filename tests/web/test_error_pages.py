"""Error pages speak plainly: a heading a client's employee understands, the case's own description, a way back."""
from __future__ import annotations

import html
import re

import pytest
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


# Werkzeug's stock sentences, which said nothing about the case in hand.
STOCK = ("read-protected or not readable by the server", "The requested URL was not found on the server")


def _words(page) -> str:  # type: ignore[no-untyped-def]
    return " ".join(page.get_data(as_text=True).split())


@pytest.mark.parametrize(("who", "path"), [
    (None, "/no/such/page"),  # an address no route matches
    (None, "/password/no-such-purpose/some-token"),  # a bare abort(404) in a view
    ("admin", "/admin/users/999999"),
    ("consultant", "/manage/northwind/roster/participants/999999/erase"),
])
def test_a_missing_page_says_what_happened_and_what_to_do(client: FlaskClient, login, who, path) -> None:  # type: ignore[no-untyped-def]
    if who:
        login(client, who)
    page = client.get(path)
    assert page.status_code == 404
    text = _words(page)
    assert not any(stock in text for stock in STOCK)
    assert "There is nothing here that you can open. If you followed a link, check that it was copied whole" in text


@pytest.mark.parametrize("action", ["", "/withdraw", "/close", "/notice"])
def test_a_cycle_that_is_not_there_is_named_with_where_the_clients_cycles_are(
        client: FlaskClient, login, action: str) -> None:  # type: ignore[no-untyped-def]
    """A withdrawn cycle's bookmark, on any of its console pages: the consultant's own client is named."""
    login(client, "consultant")
    page = client.get(f"/manage/northwind/1999-Q1{action}")
    assert page.status_code == 404
    assert ("Northwind Traders has no cycle 1999-Q1: it was withdrawn, or never opened. The client's page lists "
            "its cycles.") in html.unescape(_words(page))


def test_a_page_outside_the_role_says_what_to_do_not_the_stock_sentence(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    page = client.get("/admin/users")
    assert page.status_code == 403
    text = _words(page)
    assert not any(stock in text for stock in STOCK)
    assert "Your account does not give access to this page. If you need it for your work, ask an administrator" in text


def test_another_clients_results_read_exactly_as_a_client_that_does_not_exist(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")  # Northwind's: Contoso is another client
    elsewhere = client.get("/results/contoso/2026-Q3")
    nowhere = client.get("/results/no-such-client/2026-Q3")
    assert elsewhere.status_code == nowhere.status_code == 404
    # The sign-out form's CSRF token is signed with the second it was made in: two requests may straddle one.
    same_token = re.compile(r'name="csrf_token" value="[^"]+"')
    assert (same_token.sub("", _words(elsewhere)).replace("contoso", "no-such-client")
            == same_token.sub("", _words(nowhere)))
    assert "among those you can see" in _words(nowhere)  # its own reason, not replaced by the general one


def test_every_page_names_the_icon_and_a_browser_asking_for_favicon_ico_gets_it(client: FlaskClient) -> None:
    for path in ("/", "/no/such/page"):
        assert '<link rel="icon" type="image/svg+xml" href="/static/favicon.svg">' in client.get(path).get_data(as_text=True)
    with client.get("/static/favicon.svg") as icon, client.get("/favicon.ico") as asked:  # closes their files
        assert icon.status_code == asked.status_code == 200
        assert icon.mimetype == asked.mimetype == "image/svg+xml"
        assert asked.data == icon.data and b"<svg" in asked.data
    assert "img-src 'self'" in asked.headers["Content-Security-Policy"]  # served from the app's own origin


def test_an_employee_sees_the_brand_as_plain_text_staff_as_a_link_home(client: FlaskClient, open_invitation) -> None:  # type: ignore[no-untyped-def]
    _, token = open_invitation()
    for path in (f"/s/{token}", "/s/no-such-token", "/s/thanks"):
        html = client.get(path).get_data(as_text=True)
        assert '<span class="brand">Alignment Health</span>' in html and 'class="brand" href' not in html, path
    assert '<a class="brand" href="/">Alignment Health</a>' in client.get("/auth/login").get_data(as_text=True)


STAFF_BRAND = '<a class="brand" href="/">Alignment Health</a>'
SURVEY_BRAND = '<span class="brand">Alignment Health</span>'


@pytest.mark.parametrize(("who", "path"), [
    ("consultant", "/manage/northwind/2026-Q3/publish"),  # a console button's address, bookmarked
    (None, "/auth/logout"),  # the sign-out form's address, typed in
])
def test_a_form_address_opened_as_a_link_says_so_and_leads_back(client: FlaskClient, login, who, path) -> None:  # type: ignore[no-untyped-def]
    if who:
        login(client, who)
    page = client.get(path)
    assert page.status_code == 405 and page.mimetype == "text/html"
    assert "POST" in page.headers["Allow"].split(", ") and "GET" not in page.headers["Allow"]
    text = _words(page)
    assert "<h1>That action is not available here</h1>" in text
    assert "This address takes a form sent from its page, not a link opened directly. Go back to the page" in text
    assert "The method is not allowed" not in text
    assert STAFF_BRAND in text and '<a href="/">Go to the start page</a>' in text


def test_a_survey_page_sent_what_it_does_not_take_says_so_in_the_survey_layout(  # type: ignore[no-untyped-def]
        client: FlaskClient, open_invitation) -> None:
    _, token = open_invitation()
    # The survey's own form sent back by a script with another method: only that is wrong.
    page = client.put(f"/s/{token}", data={"submit": "1"})
    assert page.status_code == 405 and page.mimetype == "text/html"
    assert {"GET", "POST"} <= set(page.headers["Allow"].split(", "))
    text = _words(page)
    assert "This page cannot take what was sent to it. Open it from its link instead." in text
    assert "The method is not allowed" not in text
    assert SURVEY_BRAND in text and STAFF_BRAND not in text and "Sign in" not in text


def test_an_address_under_a_survey_link_that_leads_nowhere_keeps_the_survey_layout(  # type: ignore[no-untyped-def]
        client: FlaskClient, open_invitation) -> None:
    _, token = open_invitation()
    # A link cut short at /s is still an employee's link: no staff page for them either.
    for path in (f"/s/{token}/anything", f"/s/{token}/extra/more", "/s/no-such-token/anything", "/s", "/s/"):
        page = client.get(path)
        assert page.status_code == 404, path
        text = _words(page)
        assert "There is nothing here that you can open. If you followed a link, check that it was copied whole" in text
        assert SURVEY_BRAND in text and STAFF_BRAND not in text, path
        assert "Sign in" not in text and "Go to the start page" not in text, path
