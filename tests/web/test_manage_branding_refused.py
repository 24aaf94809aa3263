"""A branding form refused for another field (an accent not written #rrggbb) says the logo chosen with it was not
saved either, at the logo: a browser empties a file field when the page comes back, and the consultant who only
mends the colour would otherwise save without the logo they thought was on its way."""
from __future__ import annotations

import html
import re

from flask.testing import FlaskClient

from tests.web.test_manage_branding import northwind, picture, post


def logo_error(page: str) -> str:
    found = re.search(r'<span class="field-error" id="logo-error">([^<]*)</span>', page)
    return html.unescape(found.group(1)) if found else ""


def test_a_logo_sent_with_a_bad_accent_is_said_to_need_choosing_again(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    reply = post(client, logo=(picture(), "acme-logo.png"), accent="red", prepared_by="Brightline Advisory")
    page = reply.get_data(as_text=True)
    assert reply.status_code == 422 and northwind().logo is None
    assert logo_error(page) == "acme-logo.png was not saved, as nothing was: choose it again."
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*name="logo"', page)
    assert 'value="Brightline Advisory"' in page, "what was typed stays"


def test_a_refusal_without_a_logo_says_nothing_of_one(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    page = post(client, accent="red").get_data(as_text=True)
    assert logo_error(page) == "" and "choose it again" not in page
