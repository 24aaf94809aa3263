"""Names that users type are shown as text everywhere: pages, the PDF action plan (and mail, see test_mail)."""
from __future__ import annotations

import subprocess

from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Organization
from assessment.operations.accounts import find_user

ORG_NAME = "<script>alert('org')</script>Acme"
TEAM_NAME = '<img src=x onerror="alert(1)"><b>Bold</b> & Co'


def inject() -> tuple[Organization, str]:
    """Northwind and the demo lead's team renamed to markup, as a careless or hostile admin could type."""
    lead = find_user("lead@demo.example")
    assert lead is not None and lead.team is not None and lead.organization is not None
    lead.organization.name = ORG_NAME
    lead.team.name = TEAM_NAME
    db.session.commit()
    return lead.organization, lead.team.slug


def assert_escaped(html: str) -> None:
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Bold</b>" not in html
    assert "&lt;script&gt;alert(&#39;org&#39;)&lt;/script&gt;Acme" in html


def test_pages_escape_organization_and_team_names(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    org, team = inject()
    login(client, "admin")
    pages = ["/", f"/results/{org.slug}/2026-Q3", f"/results/{org.slug}/2026-Q3/teams/{team}", "/admin/users",
             "/admin/users/new"]
    for path in pages:
        reply = client.get(path)
        assert reply.status_code == 200, path
        assert_escaped(reply.get_data(as_text=True))
    team_page = client.get(f"/results/{org.slug}/2026-Q3/teams/{team}").get_data(as_text=True)
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in team_page


def test_the_action_plan_pdf_prints_names_as_text(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    org, team = inject()
    login(client, "team_lead")
    pdf = client.get(f"/results/{org.slug}/2026-Q3/teams/{team}/action-plan.pdf")
    assert pdf.status_code == 200
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.data, capture_output=True, check=True).stdout.decode()
    flat = " ".join(text.split())
    assert "<b>Bold</b> & Co" in flat  # shown literally, not bold and not swallowed as a tag
    assert "<script>alert('org')</script>Acme" in flat
