"""A consultant starts a new client from the console and finds it on their own list, and only there."""
from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import AuditEntry, Organization, Role
from assessment.operations.accounts import create_user
from tests.conftest import RequestScopedClient, csrf_token
from tests.web.console import text_of


def create(client: FlaskClient, **fields: str):  # type: ignore[no-untyped-def]
    page = client.get("/manage/new").get_data(as_text=True)
    return client.post("/manage/new", data={"csrf_token": csrf_token(page), **fields})


def organization(slug: str) -> Organization | None:
    return db.session.execute(db.select(Organization).filter_by(slug=slug)).scalar_one_or_none()


def test_the_client_list_offers_a_new_client(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    assert 'href="/manage/new"' in client.get("/manage/").get_data(as_text=True)


def test_a_new_client_lands_on_its_page_with_the_next_step_and_on_the_consultants_list(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    login(client, "consultant")
    answer = create(client, name="Café Éclair GmbH", slug="")
    assert answer.status_code == 302 and answer.headers["Location"] == "/manage/cafe-eclair-gmbh"
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Café Éclair GmbH" in page and "import its roster" in page
    assert 'class="button primary" href="/manage/cafe-eclair-gmbh/roster">Import the roster' in page
    assert "Café Éclair GmbH" in client.get("/manage/").get_data(as_text=True)
    assert client.get("/manage/cafe-eclair-gmbh/roster").status_code == 200
    [entry] = db.session.execute(db.select(AuditEntry).filter_by(action="organization.create")).scalars()
    assert entry.actor == "consultant@demo.example" and "cafe-eclair-gmbh" in entry.target


def test_a_new_clients_name_is_kept_with_one_space_between_words(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    assert create(client, name="  Blue   Harbor  Logistics ", slug="blue-harbor").status_code == 302
    found = organization("blue-harbor")
    assert found is not None and found.name == "Blue Harbor Logistics"


def test_another_consultants_new_client_stays_out_of_sight(
    app: Flask, client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    create_user("second.consultant@example.com", Role.consultant, password="a-long-enough-password-2")
    db.session.commit()
    login(client, "consultant")
    assert create(client, name="Wingtip Toys", slug="wingtip").status_code == 302
    other = RequestScopedClient(app, app.response_class, use_cookies=True)
    login(other, "second.consultant@example.com", "a-long-enough-password-2")
    assert "Wingtip Toys" not in other.get("/manage/").get_data(as_text=True)
    assert other.get("/manage/wingtip").status_code == 404
    assert other.get("/manage/wingtip/roster").status_code == 404
    admin = RequestScopedClient(app, app.response_class, use_cookies=True)
    login(admin, "admin")
    assert "Wingtip Toys" in admin.get("/manage/").get_data(as_text=True)


def test_a_taken_or_reserved_slug_is_refused_and_nothing_is_created(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    before = db.session.execute(db.select(db.func.count()).select_from(Organization)).scalar_one()
    taken = create(client, name="Another Northwind", slug="northwind")
    assert taken.status_code == 422
    assert ('Nothing was created: <a href="/manage/northwind">Northwind Traders</a> already has northwind as its '
            "short name for links; choose another short name for the new client.") in taken.get_data(as_text=True)
    # Left empty, the short name is made from the name: a clash is told in the form's words, never as a "slug".
    again = create(client, name="Northwind", slug="")
    assert again.status_code == 422 and "slug" not in again.get_data(as_text=True).split("<form")[0].lower()
    reserved = create(client, name="New", slug="")
    assert reserved.status_code == 422 and "names a page of the console" in reserved.get_data(as_text=True)
    malformed = create(client, name="Contoso", slug="Contoso Ltd")
    assert malformed.status_code == 422 and "lowercase letters, digits and dashes" in malformed.get_data(as_text=True)
    unspellable = create(client, name="日本", slug="")
    assert unspellable.status_code == 422 and "short name for links" in unspellable.get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count()).select_from(Organization)).scalar_one() == before


def test_the_form_keeps_what_was_typed_after_a_refusal(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    page = create(client, name="Another Northwind", slug="northwind").get_data(as_text=True)
    assert 'value="Another Northwind"' in page and 'value="northwind"' in page


def test_a_name_holding_a_control_character_is_refused_and_nothing_is_created(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Pasted from a spreadsheet or a terminal, a tab or an escape was stored and the listings had to escape it."""
    login(client, "consultant")
    before = db.session.execute(db.select(db.func.count()).select_from(Organization)).scalar_one()
    tab = create(client, name="Blue Yonder\tAirlines", slug="blue-yonder")
    assert tab.status_code == 422
    assert ("Nothing was created: the name holds a control character (U+0009, a tab), which no name can show; "
            "retype it.") in tab.get_data(as_text=True)
    escape = create(client, name="Blue Yonder\x1b[31m Airlines", slug="")
    assert escape.status_code == 422 and "(U+001B, an escape)" in escape.get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count()).select_from(Organization)).scalar_one() == before
    assert organization("blue-yonder") is None and organization("blue-yonder-31m-airlines") is None


@pytest.mark.parametrize("name, reason", [
    ("Blue Yonder \u202eAirlines", "(U+202E, a right-to-left override)"),    # shown as "Blue Yonder senilriA"
    ("Blue\u200bYonder", "(U+200B, a zero-width space)"),                    # looks like "BlueYonder", compares unlike it
    ("Blue Yonder\u2028Airlines", "(U+2028, a line separator)"),
])
def test_a_name_holding_an_invisible_character_that_changes_how_it_reads_is_refused(
        client: FlaskClient, login, name: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    before = count_organizations()
    reply = create(client, name=name, slug="blue-yonder")
    assert reply.status_code == 422
    assert f"the name holds an invisible formatting character {reason}" in reply.get_data(as_text=True)
    assert count_organizations() == before and organization("blue-yonder") is None


def test_a_name_in_a_script_that_needs_a_joiner_is_kept(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Persian writes some words with a zero-width non-joiner: refusing every invisible character refused them."""
    login(client, "consultant")
    name = "\u0646\u0645\u200c\u0647\u0627 Trading"
    create(client, name=name, slug="nama-trading")
    assert organization("nama-trading") is not None and organization("nama-trading").name == name


def count_organizations() -> int:
    return db.session.execute(db.select(db.func.count()).select_from(Organization)).scalar_one()


def refusal(reply) -> str:  # type: ignore[no-untyped-def]
    """What the page says above its form, as the consultant reads it."""
    assert reply.status_code == 422
    said = re.search(r'role="alert">(.*?)</p>', reply.get_data(as_text=True), re.S)
    assert said, "the page says nothing above its form"
    return html.unescape(text_of(said.group(1)))


def test_a_client_that_exists_is_not_created_again_and_the_refusal_leads_to_it(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    """"Northwind Traders" became a second client, northwind-traders; a name taken twice was refused as a taken
    short name, which steered the consultant to choose another one and make the duplicate."""
    login(client, "consultant")
    before = count_organizations()
    for typed in ("Northwind Traders", "  northwind   TRADERS ", "Northwind\u00a0Traders"):
        reply = create(client, name=typed, slug="")
        assert ("Nothing was created: Northwind Traders is a client already (short name northwind): open it, or "
                "give the new one a name of its own.") == refusal(reply), typed
        assert '<a href="/manage/northwind">Northwind Traders</a> is a client already' in reply.get_data(as_text=True)
    assert count_organizations() == before and organization("northwind-traders") is None

    # Its own client, created a minute ago, is refused by name too, never as a short name to change.
    assert create(client, name="Fjord Robotics", slug="").status_code == 302
    again = refusal(create(client, name="Fjord Robotics", slug=""))
    assert again == ("Nothing was created: Fjord Robotics is a client already (short name fjord-robotics): open it, "
                     "or give the new one a name of its own.")
    assert "choose another" not in again
    assert refusal(create(client, name="Fjord Robotics", slug="fjord-two")).startswith(
        "Nothing was created: Fjord Robotics is a client already")
    assert organization("fjord-two") is None


def test_a_short_name_taken_by_a_client_of_ones_own_names_that_client(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    login(client, "consultant")
    said = refusal(create(client, name="Contoso Labs", slug="contoso"))
    assert said == ("Nothing was created: Contoso Analytics already has contoso as its short name for links; choose "
                    "another short name for the new client.")


def test_a_client_the_consultant_may_not_see_is_never_named_in_the_refusal(
    app: Flask, client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    """Fabrikam Robotics is another consultant's client: this one learns that the name is taken, and nothing of
    the client that has it (its name, its short name, its page)."""
    login(client, "consultant")
    before = count_organizations()
    by_name = create(client, name="fabrikam  robotics", slug="fab-two")
    assert refusal(by_name) == ("Nothing was created: another client already has this name. If it is the same "
                                "client, ask an administrator to add it to your clients; otherwise give the new one a "
                                "name of its own.")
    by_slug = create(client, name="Fabrikam Two", slug="fabrikam")
    assert refusal(by_slug) == ("Nothing was created: another client already has 'fabrikam' as its short name for "
                                "links; choose another.")
    for reply in (by_name, by_slug):
        page = reply.get_data(as_text=True)
        assert "Fabrikam Robotics" not in page and "/manage/fabrikam" not in page
    assert "fab-two" not in refusal(by_name)   # neither the typed short name nor the other client's
    assert count_organizations() == before

    # An administrator sees every client, so the same refusal names it and links to it.
    admin = RequestScopedClient(app, app.response_class, use_cookies=True)
    login(admin, "admin")
    named = create(admin, name="fabrikam  robotics", slug="fab-two")
    assert refusal(named).startswith("Nothing was created: Fabrikam Robotics is a client already (short name "
                                     "fabrikam): open it")
    assert '<a href="/manage/fabrikam">Fabrikam Robotics</a>' in named.get_data(as_text=True)
