"""A consultant gives a client's executives and team leads access to its results, and only theirs."""
from __future__ import annotations

import html
import re

from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import AuditEntry, Organization, Role, Team, User
from tests.conftest import RequestScopedClient, csrf_token
from tests.web.console import text_of

LINK = re.compile(r"http://survey\.test(/auth/[\w/.-]+)")


def _team(slug: str, org: str = "northwind") -> Team:
    return db.session.execute(db.select(Team).join(Organization).where(
        Organization.slug == org, Team.slug == slug)).scalar_one()


def _invite(client: FlaskClient, org: str = "northwind", **data: object):  # type: ignore[no-untyped-def]
    token = csrf_token(client.get(f"/manage/{org}/access").get_data(as_text=True))
    return client.post(f"/manage/{org}/access", data={"csrf_token": token, **data})


def test_a_consultant_invites_a_team_lead_who_then_signs_in_to_their_own_team(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    login(client, "consultant")
    team = _team("key-accounts")
    reply = _invite(client, email="Dana.Lead@Northwind.example", role="team_lead", team=str(team.id))
    assert reply.status_code == 302
    page = text_of(client.get(reply.headers["Location"]).get_data(as_text=True))
    assert "Invited dana.lead@northwind.example: they choose a password through the link we emailed." in page
    assert "dana.lead@northwind.example team lead Key Accounts has not chosen a password yet" in page

    user = db.session.execute(db.select(User).filter_by(email="dana.lead@northwind.example")).scalar_one()
    assert (user.role, user.team_id, user.organization_id) == (Role.team_lead, team.id, team.organization_id)
    [entry] = db.session.execute(db.select(AuditEntry).filter_by(action="user.invite")).scalars()
    assert (entry.actor, entry.target) == ("consultant@demo.example",
                                           "dana.lead@northwind.example as team lead of Northwind Traders")

    [mail] = mailbox
    [path] = LINK.findall(mail.get_body(("plain",)).get_content())
    client.post("/auth/logout", data={"csrf_token": csrf_token(client.get("/").get_data(as_text=True))})
    form = client.get(path).get_data(as_text=True)
    chosen = client.post(path, data={"csrf_token": csrf_token(form), "password": "a-long-new-password-1",
                                     "confirm": "a-long-new-password-1"})
    assert chosen.status_code == 302
    login(client, "dana.lead@northwind.example", "a-long-new-password-1")
    home = client.get("/").get_data(as_text=True)
    assert "Key Accounts: alignment index" in text_of(home)
    assert client.get("/results/northwind/2026-Q3/teams/channel-sales").status_code in (403, 404)


def test_a_consultant_can_give_access_only_to_their_clients_and_only_as_executive_or_team_lead(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    login(client, "consultant")
    assert client.get("/manage/fabrikam/access").status_code == 404   # not their client

    for role in ("admin", "consultant"):
        refused = _invite(client, email=f"new.{role}@northwind.example", role=role)
        assert refused.status_code == 422
    elsewhere = db.session.execute(db.select(Team).join(Organization).where(Organization.slug == "contoso")).scalars().first()
    other_team = _invite(client, email="x@northwind.example", role="team_lead", team=str(elsewhere.id))
    assert other_team.status_code == 422   # a team of another client is not offered
    no_team = _invite(client, email="y@northwind.example", role="team_lead", team="0")
    assert no_team.status_code == 422 and "Nobody was invited: a team lead needs a team." in text_of(
        no_team.get_data(as_text=True))
    taken = _invite(client, email="executive@demo.example", role="executive")
    assert taken.status_code == 422 and "an account for executive@demo.example exists already" in text_of(
        taken.get_data(as_text=True))
    # The account was made, and the page then blamed the mail server for the link it could not send.
    accented = _invite(client, email="exé@northwind.example", role="executive")
    assert accented.status_code == 422 and "holds 'é': our mail reaches plain ASCII addresses only" in html.unescape(
        text_of(accented.get_data(as_text=True)))
    assert db.session.execute(db.select(User).where(User.email.like("%@northwind.example"))).first() is None


def test_the_page_lists_the_clients_readers_and_mails_one_a_new_link(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    login(client, "consultant")
    page = text_of(client.get("/manage/northwind/access").get_data(as_text=True))
    assert "executive@demo.example executive" in page and "lead@demo.example team lead Channel Sales" in page
    assert "consultant@demo.example" not in page.split("Executives and team leads")[1].split("Invite someone")[0]

    lead = db.session.execute(db.select(User).filter_by(email="lead@demo.example")).scalar_one()
    token = csrf_token(client.get("/manage/northwind/access").get_data(as_text=True))
    reply = client.post(f"/manage/northwind/access/{lead.id}/link", data={"csrf_token": token})
    assert "Sent lead@demo.example a new link to choose a password." in text_of(
        client.get(reply.headers["Location"]).get_data(as_text=True))
    assert [m["To"] for m in mailbox] == ["lead@demo.example"]
    # Someone else's reader is not reachable through this client's page.
    other = db.session.execute(db.select(User).where(User.role == Role.executive, User.organization_id !=
                                                     lead.organization_id)).scalars().first()
    if other is not None:
        assert client.post(f"/manage/northwind/access/{other.id}/link", data={"csrf_token": token}).status_code == 404


def test_a_consultant_removes_an_executives_access_after_a_page_that_says_what_it_ends(
    app, client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    """An executive who left the client: only an administrator could stop them reading, and the page did not say so."""
    executive = db.session.execute(db.select(User).filter_by(email="executive@demo.example")).scalar_one()
    reader = RequestScopedClient(app, app.response_class, use_cookies=True)
    login(reader, "executive")
    assert reader.get("/results/northwind/2026-Q3").status_code == 200

    login(client, "consultant")
    confirm = client.get(f"/manage/northwind/access/{executive.id}/remove")
    said = text_of(confirm.get_data(as_text=True))
    assert "Remove the access of executive@demo.example?" in said and "signed out everywhere" in said
    assert db.session.get(User, executive.id).active, "asking removes nothing"
    done = client.post(f"/manage/northwind/access/{executive.id}/remove",
                       data={"csrf_token": csrf_token(confirm.get_data(as_text=True))})
    assert "executive@demo.example no longer reads the results of Northwind Traders" in text_of(
        client.get(done.headers["Location"]).get_data(as_text=True))

    db.session.expire_all()
    assert not db.session.get(User, executive.id).active
    assert reader.get("/results/northwind/2026-Q3").status_code in (302, 401), "their open session ends"
    [entry] = db.session.execute(db.select(AuditEntry).filter_by(action="user.change")).scalars().all()
    assert (entry.actor, entry.target) == ("consultant@demo.example",
                                           "executive@demo.example: executive of Northwind Traders, deactivated")
    assert "Remove the access of executive@demo.example" not in text_of(
        client.get("/manage/northwind/access").get_data(as_text=True)), "nothing left to remove"
