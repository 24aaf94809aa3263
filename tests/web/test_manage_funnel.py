"""The funnel page of the consultant's console: stored figures, an import with a preview, the template."""
from __future__ import annotations

import html
import io
import re

from flask.testing import FlaskClient
from sqlalchemy import func, select

from assessment.extensions import db
from assessment.manage import funnel as funnel_views
from assessment.manage.funnel import FUNNEL_MAX_BYTES
from assessment.models import AuditEntry, FunnelMetrics, Organization
from tests.conftest import csrf_token

PERIOD = "2024-Q1"  # a period the demo's figures do not use


def northwind() -> Organization:
    return db.session.execute(select(Organization).filter_by(slug="northwind")).scalar_one()


def good_file(won: int = 12) -> str:
    team = sorted(t.slug for t in northwind().teams)[0]
    return ("team,period,mql,sql,won,speed_to_lead_hours\n"
            f"{team},{PERIOD},300,90,{won},4.5\n")


def stored(period: str = PERIOD) -> list[dict[str, float | int | None]]:
    rows = db.session.execute(select(FunnelMetrics).where(FunnelMetrics.period == period)).scalars()
    return [row.figures() for row in rows]


def upload(client: FlaskClient, text: str | bytes, org: str = "northwind"):  # type: ignore[no-untyped-def]
    token = csrf_token(client.get(f"/manage/{org}/funnel").get_data(as_text=True))
    data = {"csrf_token": token, "funnel": (io.BytesIO(text.encode() if isinstance(text, str) else text), "f.csv")}
    return client.post(f"/manage/{org}/funnel", data=data, content_type="multipart/form-data")


def confirm(client: FlaskClient, preview_html: str, org: str = "northwind"):  # type: ignore[no-untyped-def]
    """Press the preview's import button: post back exactly what its form holds."""
    form = preview_html[preview_html.index(f'action="/manage/{org}/funnel/confirm"'):]
    text = re.search(r"<textarea[^>]*>(.*?)</textarea>", form, re.S)
    preview = re.search(r'name="preview" type="hidden" value="([^"]+)"', form)
    assert text and preview
    assert 'enctype="multipart/form-data"' in form.split(">", 1)[0]
    return client.post(f"/manage/{org}/funnel/confirm", data={
        "csrf_token": csrf_token(form), "funnel": html.unescape(text.group(1)).lstrip("\r\n"),
        "preview": preview.group(1)}, content_type="multipart/form-data")


def test_upload_previews_and_writes_nothing_until_confirmed(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    preview = upload(client, good_file())
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    assert "Check before importing" in page
    added = re.search(r'<div class="value">(\d+)</div><div class="label">(team-periods?) added</div>', page)
    assert added and added.group(2) == ("team-period" if added.group(1) == "1" else "team-periods")
    assert f"no cycle for {PERIOD}" in page
    assert stored() == []
    done = confirm(client, page)
    assert done.status_code == 302 and done.headers["Location"].endswith("/manage/northwind/funnel")
    assert [(f["mql"], f["won"], f["sal"]) for f in stored()] == [(300, 12, None)]
    listing = client.get("/manage/northwind/funnel").get_data(as_text=True)
    assert "Funnel figures imported: 1 added, 0 replaced, 0 unchanged." in listing
    assert f"{PERIOD}: 1 team" in listing and "4.5&nbsp;h" in listing
    entry = db.session.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).scalar_one()
    assert (entry.actor, entry.action) == ("consultant@demo.example", "funnel.import")


def test_a_reimport_says_it_replaces_and_shows_before_and_after(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    assert confirm(client, upload(client, good_file()).get_data(as_text=True)).status_code == 302
    page = upload(client, good_file(won=15)).get_data(as_text=True)
    assert "Replaced" in page and "replaces them whole" in page and "Import and replace 1" in page
    assert confirm(client, page).status_code == 302
    assert [f["won"] for f in stored()] == [15]


def test_a_bad_file_is_refused_by_line_and_column_and_leaves_the_figures(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    assert confirm(client, upload(client, good_file()).get_data(as_text=True)).status_code == 302
    team = sorted(t.slug for t in northwind().teams)[0]
    reply = upload(client, f"team,period,mql,sal,won\n{team},{PERIOD},10,20,1\nghost-team,{PERIOD},1,,\n")
    assert reply.status_code == 422
    page = reply.get_data(as_text=True)
    assert "Nothing was imported: the file has 2 problems" in page
    assert "line 2, column sal: 20 SALs but only 10 MQLs (column mql)" in page
    assert "line 3, column team: northwind has no team &#39;ghost-team&#39;" in page
    assert [f["won"] for f in stored()] == [12]


def test_a_stale_preview_is_shown_again_instead_of_imported(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    first = upload(client, good_file()).get_data(as_text=True)
    assert confirm(client, upload(client, good_file()).get_data(as_text=True)).status_code == 302
    again = confirm(client, first)  # the figures were imported since this preview
    assert again.status_code == 200 and "changed since your preview" in again.get_data(as_text=True)


def test_a_second_click_on_import_while_the_first_still_writes_shows_the_figures_as_imported(  # type: ignore[no-untyped-def]
        client: FlaskClient, login, monkeypatch) -> None:
    login(client, "consultant")
    page = upload(client, good_file()).get_data(as_text=True)
    first_click = funnel_views.apply_funnel

    def racing(org: Organization, plan, *, actor: str):  # type: ignore[no-untyped-def]
        # The first click's request writes the same figures and commits while this one is about to write ...
        first_click(org, plan, actor=actor)
        db.session.commit()
        # ... so this one's row is there already: refused by the database, as PostgreSQL does after waiting.
        team = org.team(plan.added[0].team)
        assert team is not None
        db.session.add(FunnelMetrics(organization_id=org.id, team_id=team.id, period=PERIOD))
        db.session.flush()

    monkeypatch.setattr(funnel_views, "apply_funnel", racing)
    second = confirm(client, page)
    assert second.status_code == 200  # not a server error over an import that went through
    shown = second.get_data(as_text=True)
    assert "changed since your preview" in shown and "nothing was imported this time" in shown
    assert [f["won"] for f in stored()] == [12]


def test_a_file_far_over_the_limit_is_refused_on_the_funnel_page_naming_the_limit(  # type: ignore[no-untyped-def]
        client: FlaskClient, login) -> None:
    login(client, "consultant")
    token = csrf_token(client.get("/manage/northwind/funnel").get_data(as_text=True))
    body = (b'--edge\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n' + token.encode()
            + b'\r\n--edge\r\nContent-Disposition: form-data; name="funnel"; filename="f.csv"\r\n\r\n'
            + b"x" * (FUNNEL_MAX_BYTES * 2) + b"\r\n--edge--\r\n")
    reply = client.post("/manage/northwind/funnel", data=body, content_type="multipart/form-data; boundary=edge")
    assert reply.status_code == 413
    page = reply.get_data(as_text=True)
    assert "The file is larger than 1 MB." in page and 'name="funnel"' in page
    assert "Split it, by period or by team, into files of under 1 MB" in page  # and what to do
    assert stored() == []


def test_the_confirmation_needs_its_csrf_token(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    reply = client.post("/manage/northwind/funnel/confirm", data={"funnel": good_file(), "preview": "x"})
    assert reply.status_code == 400 and "Nothing was done" in reply.get_data(as_text=True)
    assert stored() == []


def test_the_template_downloads_as_csv_with_every_column(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    reply = client.get("/manage/northwind/funnel/template.csv")
    assert reply.status_code == 200 and reply.mimetype == "text/csv"
    assert reply.get_data(as_text=True).startswith(
        "team,period,inquiries,mql,sal,sql,won,speed_to_lead_hours,sla_attainment\n")


def test_another_clients_funnel_page_and_upload_answer_404(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")  # consults northwind and contoso, not fabrikam
    assert client.get("/manage/fabrikam/funnel").status_code == 404
    count = db.session.execute(select(func.count()).select_from(FunnelMetrics)).scalar_one()
    token = csrf_token(client.get("/manage/northwind/funnel").get_data(as_text=True))
    reply = client.post("/manage/fabrikam/funnel", data={"csrf_token": token, "funnel": (io.BytesIO(b"x"), "f.csv")},
                        content_type="multipart/form-data")
    assert reply.status_code == 404
    assert db.session.execute(select(func.count()).select_from(FunnelMetrics)).scalar_one() == count


def test_a_file_already_imported_says_nothing_would_change_and_offers_no_import(  # type: ignore[no-untyped-def]
    client: FlaskClient, login,
) -> None:
    login(client, "consultant")
    assert confirm(client, upload(client, good_file()).get_data(as_text=True)).status_code == 302

    page = " ".join(upload(client, good_file()).get_data(as_text=True).split())

    assert "Nothing would change: Northwind Traders already has these figures for every team and period" in page
    assert "/manage/northwind/funnel/confirm" not in page and ">Back to the funnel figures</a>" in page
