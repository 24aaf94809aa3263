"""A consultant starts a new client from the console and finds it on their own list, and only there."""
from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import AuditEntry, Organization, Role
from assessment.operations.accounts import create_user
from tests.conftest import RequestScopedClient, csrf_token


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
    assert ("Nothing was created: another organization already has &#39;northwind&#39; as its short name for links"
            in taken.get_data(as_text=True))
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
