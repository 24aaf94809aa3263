"""The admin's user pages: invite by email, change a role and its scope, deactivate."""
from __future__ import annotations

import re

from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Organization, Role
from assessment.operations.accounts import find_user
from tests.conftest import csrf_token


def org_id(slug: str) -> str:
    return str(db.session.execute(db.select(Organization.id).filter_by(slug=slug)).scalar_one())


def submit(client: FlaskClient, path: str, **fields: str | list[str]) -> tuple[int, str]:
    token = csrf_token(client.get(path).get_data(as_text=True))
    reply = client.post(path, data={"organization": "0", "team": "0", **fields, "csrf_token": token})
    return reply.status_code, reply.get_data(as_text=True)


def sign_out(client: FlaskClient) -> None:
    client.post("/auth/logout", data={"csrf_token": csrf_token(client.get("/").get_data(as_text=True))})


def test_an_invited_consultant_chooses_a_password_and_sees_only_their_clients(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def, type-arg]
) -> None:
    login(client, "admin")
    status, _ = submit(client, "/admin/users/new", email="New.Consultant@Firm.example", role="consultant",
                       organizations=[org_id("contoso"), org_id("fabrikam")])
    assert status == 302
    listing = client.get("/admin/users").get_data(as_text=True)
    assert "new.consultant@firm.example" in listing and "invited" in listing
    [message] = mailbox
    assert message["To"] == "new.consultant@firm.example"
    assert "Contoso Analytics, Fabrikam Robotics" in message.get_body(("plain",)).get_content()
    path = re.search(r"http://survey\.test(\S+)", message.get_body(("plain",)).get_content()).group(1)  # type: ignore[union-attr]
    sign_out(client)
    page = client.get(path)
    assert page.status_code == 200 and "Welcome" in page.get_data(as_text=True)
    reply = client.post(path, data={"password": "consulting is fun", "confirm": "consulting is fun",
                                    "csrf_token": csrf_token(page.get_data(as_text=True))})
    assert reply.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "Contoso Analytics" in home and "Fabrikam Robotics" in home and "Northwind Traders" not in home
    assert client.get("/results/northwind/2026-Q3").status_code == 404


def test_a_role_without_its_scope_is_refused_with_the_reason(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "admin")
    status, html = submit(client, "/admin/users/new", email="exec@client.example", role="executive")
    assert status == 422 and "an executive needs an organization" in html
    status, html = submit(client, "/admin/users/new", email="admin@demo.example", role="admin")
    assert status == 422 and "exists already" in html
    status, html = submit(client, "/admin/users/new", email="exec@client.example", role="executive",
                          organization="999999")
    assert status == 422 and "Not a valid choice" in html
    assert find_user("exec@client.example") is None


def test_changing_a_role_changes_what_the_user_sees(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    lead = find_user("lead@demo.example")
    assert lead is not None
    login(client, "admin")
    status, _ = submit(client, f"/admin/users/{lead.id}", role="executive", organization=org_id("contoso"),
                       active="y")
    assert status == 302
    db.session.expire_all()
    lead = find_user("lead@demo.example")
    assert lead is not None and lead.role == Role.executive and lead.team is None
    assert lead.organization is not None and lead.organization.slug == "contoso"
    sign_out(client)
    login(client, "lead@demo.example")
    assert client.get("/results/contoso/2026-Q3").status_code == 200
    assert client.get("/results/northwind/2026-Q3").status_code == 404


def test_changing_a_role_in_the_browser_ignores_what_the_other_roles_fields_still_hold(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    """The page keeps a consultant's organizations selected and a lead's team chosen when the role
    changes; the admin picks the new role's scope and saves, without clearing the other fields."""
    consultant, lead = find_user("consultant@demo.example"), find_user("lead@demo.example")
    assert consultant is not None and lead is not None and lead.team_id is not None
    login(client, "admin")
    status, html = submit(client, f"/admin/users/{consultant.id}", role="executive", active="y",
                          organizations=[org_id("northwind"), org_id("contoso")], organization=org_id("contoso"))
    assert status == 302, html
    status, html = submit(client, f"/admin/users/{lead.id}", role="executive", active="y",
                          team=str(lead.team_id), organization=org_id("fabrikam"))
    assert status == 302, html
    listing = client.get("/admin/users").get_data(as_text=True)
    assert re.search(r"consultant@demo\.example</a></td>\s*<td>executive</td>\s*<td>Contoso Analytics</td>", listing)
    assert re.search(r"lead@demo\.example</a></td>\s*<td>executive</td>\s*<td>Fabrikam Robotics</td>", listing)


def test_a_deactivated_user_cannot_sign_in_any_more(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    executive = find_user("executive@demo.example")
    assert executive is not None
    login(client, "admin")
    status, _ = submit(client, f"/admin/users/{executive.id}", role="executive", organization=org_id("northwind"))
    assert status == 302
    assert "deactivated" in client.get("/admin/users").get_data(as_text=True)
    sign_out(client)
    token = csrf_token(client.get("/auth/login").get_data(as_text=True))
    reply = client.post("/auth/login", data={"email": "executive@demo.example",
                                             "password": "demo-executive-password", "csrf_token": token})
    assert reply.status_code == 401


def test_a_deactivated_account_is_sent_no_password_link_that_could_not_work(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def, type-arg]
) -> None:
    """The account page was opened before the account was deactivated (say, by another admin)."""
    executive = find_user("executive@demo.example")
    assert executive is not None
    login(client, "admin")
    page = f"/admin/users/{executive.id}"
    token = csrf_token(client.get(page).get_data(as_text=True))
    status, _ = submit(client, page, role="executive", organization=org_id("northwind"))
    assert status == 302
    reply = client.post(f"{page}/invitation", data={"csrf_token": token}, follow_redirects=True)
    html = reply.get_data(as_text=True)
    assert "is deactivated: reactivate the account first" in html and "Sent executive" not in html
    assert mailbox == []


def test_account_changes_leave_an_audit_entry(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    from assessment.models import AuditEntry

    executive = find_user("executive@demo.example")
    assert executive is not None
    login(client, "admin")
    submit(client, f"/admin/users/{executive.id}", role="executive", organization=org_id("northwind"))
    entry = db.session.execute(db.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).scalar_one()
    assert (entry.actor, entry.action) == ("admin@demo.example", "user.change")
    assert entry.target == "executive@demo.example: executive, deactivated"
    submit(client, f"/admin/users/{executive.id}", role="executive", organization=org_id("northwind"), active="y")
    entry = db.session.execute(db.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).scalar_one()
    assert entry.target == "executive@demo.example: executive, reactivated"
    submit(client, f"/admin/users/{executive.id}", role="executive", organization=org_id("northwind"), active="y")
    entry = db.session.execute(db.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).scalar_one()
    assert entry.target == "executive@demo.example: executive", "an unchanged account says nothing about activity"


def test_an_admin_cannot_lock_themselves_out(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    admin = find_user("admin@demo.example")
    assert admin is not None
    login(client, "admin")
    status, html = submit(client, f"/admin/users/{admin.id}", role="admin")
    assert status == 422 and "your own admin rights" in html
    status, html = submit(client, f"/admin/users/{admin.id}", role="executive", organization=org_id("northwind"),
                          active="y")
    assert status == 422
    db.session.expire_all()
    assert find_user("admin@demo.example").role == Role.admin  # type: ignore[union-attr]


def test_a_new_link_to_an_account_in_use_is_no_news_of_a_new_account(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def, type-arg]
) -> None:
    executive = find_user("executive@demo.example")
    assert executive is not None and executive.password_hash is not None
    login(client, "admin")
    page = f"/admin/users/{executive.id}"
    client.post(f"{page}/invitation", data={"csrf_token": csrf_token(client.get(page).get_data(as_text=True))})
    [mail] = mailbox
    text = " ".join(mail.get_body(("plain",)).get_content().split())
    assert text.startswith("Hello, An administrator of Alignment Health sent you this link to choose a new password "
                           "for your account (executive@demo.example, as executive at Northwind Traders).")
    assert "has been created for you" not in text


def test_a_new_account_has_no_role_until_the_admin_chooses_one(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """The role used to start on Admin: an invitation sent without a second look gave a client's
    executive every organization."""
    login(client, "admin")
    form = client.get("/admin/users/new").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="role"[^>]*>(.*?)</select>', form, re.S)
    assert select is not None and " required" in select.group(0)
    first = re.search(r"<option[^>]*>([^<]*)</option>", select.group(1))
    assert first is not None and first.group(1) == "Choose a role" and 'value=""' in first.group(0)
    assert "selected" not in select.group(1)
    status, html = submit(client, "/admin/users/new", email="new.exec@client.example", role="")
    assert status == 422 and "Choose a role: it decides what the account can see." in html
    assert find_user("new.exec@client.example") is None
