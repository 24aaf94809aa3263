"""A closed cycle's results are the consultant's to review until published; then the client reads them.

The demo's 2026-Q4 is open: each test closes it (the real close, snapshots
and all), so it stands closed and unpublished beside the published earlier
quarters.
"""
from __future__ import annotations

import contextlib
import re
import socket

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from assessment.api.tokens import api_token
from assessment.extensions import db
from assessment.lookup import cycle_by_name
from assessment.models import AuditEntry, CycleStatus, InvitedCount
from assessment.operations.accounts import find_user
from assessment.operations.cycles import close_cycle
from tests.conftest import csrf_token, smtp_server
from tests.web.api_contract import checked
from tests.web.console import text_of

NEW = "2026-Q4"
RESULTS = f"/results/northwind/{NEW}"
API = "/api/v1/organizations/northwind"


@pytest.fixture()
def closed_unpublished(app: Flask) -> None:
    close_cycle(cycle_by_name(f"northwind/{NEW}"))
    db.session.commit()


def bearer(email: str) -> dict[str, str]:
    user = find_user(email)
    assert user is not None
    return {"Authorization": f"Bearer {api_token(user, 7)}"}


def lead_team_page(period: str) -> str:
    lead = find_user("lead@demo.example")
    assert lead is not None and lead.team is not None
    return f"/results/northwind/{period}/teams/{lead.team.slug}"


@pytest.mark.usefixtures("closed_unpublished")
@pytest.mark.parametrize("role", ["executive", "team_lead"])
def test_the_client_reads_nothing_of_a_closed_cycle_before_it_is_published(
    client: FlaskClient, login, role: str  # type: ignore[no-untyped-def]
) -> None:
    login(client, role)
    page = client.get(RESULTS if role == "executive" else lead_team_page(NEW))
    assert page.status_code == 404
    assert "once your consultant publishes them" in page.get_data(as_text=True)
    downloads = [f"{RESULTS}/scores.csv", lead_team_page(NEW) + "/action-plan.pdf"]
    if role == "executive":  # a team lead may not take these of any cycle
        downloads += [f"{RESULTS}/diagnostic.pdf", f"{RESULTS}/explore?function=sales"]
    for path in downloads:
        assert client.get(path).status_code == 404, path
    home = client.get("/").get_data(as_text=True)
    assert f"{NEW} results" not in home and "results once your consultant publishes them" in home
    assert f"{NEW}</a>" not in client.get("/results/northwind/2026-Q3").get_data(as_text=True)


@pytest.mark.usefixtures("closed_unpublished")
def test_the_api_tells_the_client_the_results_are_not_there_yet(client: FlaskClient, fresh_limits: None) -> None:
    headers = bearer("executive@demo.example")
    cycles = checked(client.get(f"{API}/cycles", headers=headers))
    new = next(c for c in cycles["cycles"] if c["period"] == NEW)
    assert (new["status"], new["has_results"], new["published_on"]) == ("closed", False, None)
    assert client.get(f"{API}/cycles/{NEW}/scores", headers=headers).status_code == 404
    trend = client.get(f"{API}/trend", headers=headers).get_json()
    assert NEW not in [point["period"] for point in trend["cycles"]]
    consultant = client.get(f"{API}/cycles", headers=bearer("consultant@demo.example")).get_json()
    assert next(c for c in consultant["cycles"] if c["period"] == NEW)["has_results"] is True


@pytest.mark.usefixtures("closed_unpublished")
def test_the_consultant_reviews_then_publishes_and_the_executive_reads(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    login(client, "consultant")
    review = client.get(RESULTS).get_data(as_text=True)
    assert "Not published yet." in review and "Publish them on the cycle page" in review
    clients = client.get("/manage/").get_data(as_text=True)
    assert "Review, then publish the results" in clients
    page = client.get(f"/manage/northwind/{NEW}").get_data(as_text=True)
    assert "Only you and the other consultants of Northwind Traders see these results" in page
    assert " ".join("2 people are mailed: executive@demo.example, lead@demo.example.".split()) in " ".join(page.split())
    reply = client.post(f"/manage/northwind/{NEW}/publish", data={"csrf_token": csrf_token(page)})
    assert reply.status_code == 302
    page = client.get(reply.headers["Location"]).get_data(as_text=True)
    assert f"Published {NEW}: the executives and team leads of Northwind Traders now see the results." in page
    assert "2 people were told by mail." in page
    mails = {m["To"]: m for m in mailbox}
    assert set(mails) == {"executive@demo.example", "lead@demo.example"}
    assert all(m["Subject"] == f"Northwind Traders: the {NEW} alignment results are ready" for m in mailbox)
    assert f"http://survey.test{RESULTS}" in mails["executive@demo.example"].get_body(("plain",)).get_content().splitlines()
    assert f"http://survey.test{lead_team_page(NEW)}" in mails["lead@demo.example"].get_body(("plain",)).get_content().splitlines()
    assert "have had these results since" in page and "Not published yet." not in client.get(RESULTS).get_data(as_text=True)
    # Published, the results still lead their consultant back to the cycle's console page.
    assert f'href="/manage/northwind/{NEW}">{NEW} in the console</a>' in " ".join(client.get(RESULTS).get_data(as_text=True).split())
    [entry] = db.session.execute(db.select(AuditEntry).filter_by(action="cycle.publish")
                                 .where(AuditEntry.target.contains(NEW))).scalars().all()
    assert entry.actor == "consultant@demo.example"
    client.post("/auth/logout", data={"csrf_token": csrf_token(page)})
    login(client, "executive")
    assert client.get(RESULTS).status_code == 200 and "in the console" not in client.get(RESULTS).get_data(as_text=True)
    assert f"{NEW} results" in client.get("/").get_data(as_text=True)


@pytest.mark.usefixtures("closed_unpublished")
def test_publishing_needs_the_form_and_a_consultant_of_the_organization(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    login(client, "consultant")
    assert client.post(f"/manage/northwind/{NEW}/publish", data={}).status_code == 400  # no CSRF token
    token = csrf_token(client.get(f"/manage/northwind/{NEW}").get_data(as_text=True))
    client.post("/auth/logout", data={"csrf_token": token})
    login(client, "executive")
    token = csrf_token(client.get("/").get_data(as_text=True))
    assert client.post(f"/manage/northwind/{NEW}/publish", data={"csrf_token": token}).status_code == 403
    assert cycle_by_name(f"northwind/{NEW}").status == CycleStatus.closed


def test_publishing_a_cycle_publishes_the_closed_ones_before_it(
    runner: FlaskCliRunner, app: Flask, mailbox: list  # type: ignore[type-arg]
) -> None:
    earlier = cycle_by_name("northwind/2026-Q3")
    earlier.status, earlier.published_on = CycleStatus.closed, None
    db.session.commit()
    closed = runner.invoke(args=["cycle", "close", f"northwind/{NEW}", "--publish"])
    assert closed.exit_code == 0, closed.output
    assert closed.stdout.splitlines()[0].startswith(f"closed northwind/{NEW} with ")   # stderr may say it is early
    assert closed.stdout.splitlines()[1:] == ["published northwind/2026-Q3", f"published northwind/{NEW}",
                                              "mailed the notice to 2 executives and team leads"]
    assert len(mailbox) == 2 and all(NEW in m["Subject"] for m in mailbox)  # one notice, for the cycle asked
    assert cycle_by_name("northwind/2026-Q3").is_published and cycle_by_name(f"northwind/{NEW}").is_published
    again = runner.invoke(args=["cycle", "publish", f"northwind/{NEW}"])
    assert again.exit_code == 1 and again.output.strip() == f"Error: Northwind Traders {NEW} was published already"


@pytest.mark.usefixtures("closed_unpublished", "mailbox")
def test_publishing_several_cycles_at_once_names_them_in_a_sentence(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    for period in ("2026-Q2", "2026-Q3"):
        earlier = cycle_by_name(f"northwind/{period}")
        earlier.status, earlier.published_on = CycleStatus.closed, None
    db.session.commit()
    login(client, "consultant")
    page = client.get(f"/manage/northwind/{NEW}").get_data(as_text=True)
    reply = client.post(f"/manage/northwind/{NEW}/publish", data={"csrf_token": csrf_token(page)}, follow_redirects=True)
    assert f"Published 2026-Q2, 2026-Q3 and {NEW}: the executives" in reply.get_data(as_text=True)


@pytest.mark.usefixtures("closed_unpublished")
def test_a_notice_that_cannot_be_mailed_is_reported_and_the_results_stay_published(
    client: FlaskClient, login, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    login(client, "consultant")
    with smtp_server({"lead@demo.example"}) as (port, received):
        monkeypatch.setitem(client.application.config, "SMTP_HOST", "127.0.0.1")
        monkeypatch.setitem(client.application.config, "SMTP_PORT", port)
        page = client.get(f"/manage/northwind/{NEW}").get_data(as_text=True)
        reply = client.post(f"/manage/northwind/{NEW}/publish", data={"csrf_token": csrf_token(page)})
        page = client.get(reply.headers["Location"]).get_data(as_text=True)
    assert [m["To"] for m in received] == ["executive@demo.example"]
    assert "1 person was told by mail." in page
    assert "The notice could not be mailed to lead@demo.example" in page
    assert cycle_by_name(f"northwind/{NEW}").is_published


def test_an_open_cycle_cannot_be_published(runner: FlaskCliRunner, app: Flask) -> None:
    refused = runner.invoke(args=["cycle", "publish", f"northwind/{NEW}"])
    assert refused.exit_code == 1
    assert refused.output.strip() == f"Error: Northwind Traders {NEW} is open: close it before publishing its results"
    assert cycle_by_name(f"northwind/{NEW}").status == CycleStatus.open


@pytest.mark.usefixtures("closed_unpublished")
def test_a_mail_server_that_never_answers_is_waited_for_once_and_every_reader_reported(
    runner: FlaskCliRunner, app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts connections, never says a word
        monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
        monkeypatch.setitem(app.config, "SMTP_PORT", silent.getsockname()[1])
        monkeypatch.setitem(app.config, "SMTP_TIMEOUT", 0.5)
        published = runner.invoke(args=["cycle", "publish", f"northwind/{NEW}"])
        silent.settimeout(0)
        waited_on = 0
        with contextlib.suppress(BlockingIOError):
            while True:
                silent.accept()[0].close()
                waited_on += 1
    assert waited_on == 1  # the second reader is not made to wait out the timeout again
    assert published.exit_code == 1
    assert published.output.splitlines() == [
        f"published northwind/{NEW}", "mailed the notice to 0 executives and team leads",
        "Error: the notice could not be mailed to executive@demo.example, lead@demo.example "
        "(the results are published all the same)"]
    assert cycle_by_name(f"northwind/{NEW}").is_published


def test_the_consultant_unpublishes_and_the_client_reads_no_more(client: FlaskClient, login, mailbox: list) -> None:  # type: ignore[no-untyped-def,type-arg]
    """Unpublishing 2026-Q2 takes 2026-Q3 back with it, whose trends show it; 2026-Q1 stays with the client."""
    login(client, "consultant")
    page = client.get("/manage/northwind/2026-Q2").get_data(as_text=True)
    assert "Published too early, or the wrong cycle?" in page
    reply = client.post("/manage/northwind/2026-Q2/unpublish", data={"csrf_token": csrf_token(page)},
                        follow_redirects=True)
    text = " ".join(reply.get_data(as_text=True).split())
    assert ("Unpublished 2026-Q2 and 2026-Q3: only the consultants of Northwind Traders see their results until "
            "you publish again. Nobody was mailed.") in text
    assert "Publish the results to Northwind Traders" in text and not mailbox
    assert [cycle_by_name(f"northwind/{p}").status for p in ("2026-Q1", "2026-Q2", "2026-Q3")] == [
        CycleStatus.published, CycleStatus.closed, CycleStatus.closed]
    entries = db.session.execute(db.select(AuditEntry.action, AuditEntry.target)
                                 .where(AuditEntry.action == "cycle.unpublish")).all()
    assert sorted(entries) == [("cycle.unpublish", "northwind/2026-Q2"), ("cycle.unpublish", "northwind/2026-Q3")]
    client.get("/auth/logout")
    login(client, "executive")
    reviewed = client.get("/results/northwind/2026-Q3")
    # Named as the client names it: "The results of northwind/2026-Q3" was the command line's name for it.
    said = text_of(reviewed.get_data(as_text=True))
    assert reviewed.status_code == 404 and ("The 2026-Q3 results of Northwind Traders are being reviewed: they appear "
                                            "here once your consultant publishes them.") in said
    assert "northwind/" not in said
    assert client.get("/results/northwind/2026-Q1").status_code == 200
    document = checked(client.get(f"{API}/trend"))
    assert [p["period"] for p in document["cycles"]] == ["2025-Q4", "2026-Q1"]


def test_unpublishing_from_the_command_line_and_what_cannot_be(runner: FlaskCliRunner) -> None:
    done = runner.invoke(args=["cycle", "unpublish", "northwind/2026-Q3"])
    assert done.exit_code == 0 and done.output.splitlines() == ["unpublished northwind/2026-Q3"]
    again = runner.invoke(args=["cycle", "unpublish", "northwind/2026-Q3"])
    assert again.exit_code == 1
    assert again.output.strip() == "Error: Northwind Traders 2026-Q3 is closed, only published results can be taken back"
    still_open = runner.invoke(args=["cycle", "unpublish", f"northwind/{NEW}"])
    assert "Northwind Traders 2026-Q4 is open" in still_open.output


def test_a_team_lead_is_told_whether_the_notice_brings_their_own_teams_scores(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    """"Including those of Channel Sales" above a page saying "Not shown" was a promise the page broke. The demo's
    2026-Q3 shows the lead's team; 2026-Q4, closed with half of Northwind's answers in, withholds it."""
    lead = find_user("lead@demo.example")
    assert lead is not None and lead.team is not None
    login(client, "consultant")
    shown, withheld = (lead_notice(client, mailbox, period) for period in ("2026-Q3", NEW))
    assert f"are ready, including those of {lead.team.name}." in shown and "not shown" not in shown
    assert f"are ready. The scores of {lead.team.name} itself are not shown this time: " in withheld
    assert "including" not in withheld and "Its page still has the actions suggested for it." in withheld

    client.post("/auth/logout", data={"csrf_token": csrf_token(client.get("/").get_data(as_text=True))})
    login(client, "team_lead")
    for period, mail in (("2026-Q3", shown), (NEW, withheld)):
        page = client.get(lead_team_page(period)).get_data(as_text=True)
        assert ("Not shown" in page) == ("not shown" in mail), "the mail says what the lead's page shows"


def test_the_lead_of_a_team_too_small_to_be_shown_is_not_told_that_more_answers_would_have_shown_it(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    """"Fewer than 5 of its people answered" told the lead of a team of three that its scores missed by a few answers;
    one of the demo's small teams, counted from the invitations at the close, is never shown on its own."""
    cycle = cycle_by_name("northwind/2026-Q3")
    invited = dict(db.session.execute(db.select(InvitedCount.team_id, InvitedCount.invited)
                                      .where(InvitedCount.cycle_id == cycle.id)).all())
    small = next(team for team in cycle.organization.teams if 0 < invited.get(team.id, 0) < cycle.min_group_size)
    lead = find_user("lead@demo.example")
    assert lead is not None
    lead.team = small
    db.session.commit()
    login(client, "consultant")
    mail = lead_notice(client, mailbox, "2026-Q3")
    assert (f"The scores of {small.name} itself are not shown this time: it has fewer than 5 people on the survey, "
            "so its own scores are never shown (its answers count in the organization's).") in mail
    assert "of its people answered" not in mail


def lead_notice(client: FlaskClient, mailbox: list, period: str) -> str:  # type: ignore[type-arg]
    """Publish ``period`` (closing it first if open) or mail its notice again; the team lead's mail, as read."""
    cycle = cycle_by_name(f"northwind/{period}")
    if cycle.status == CycleStatus.open:
        close_cycle(cycle)
        db.session.commit()
    console = f"/manage/northwind/{period}"
    page = client.get(console).get_data(as_text=True)
    action = f"{console}/notice" if cycle.is_published else f"{console}/publish"
    if cycle.is_published:
        page = client.get(action).get_data(as_text=True)
    assert client.post(action, data={"csrf_token": csrf_token(page)}).status_code == 302
    [mail] = [m for m in mailbox if m["To"] == "lead@demo.example"][-1:]
    plain = " ".join(mail.get_body(("plain",)).get_content().split())
    html = " ".join(re.sub(r"<[^>]+>", " ", mail.get_body(("html",)).get_content()).split())
    assert plain.replace(" Read them here (you will be asked to sign in): ", " ").split(" http")[0] in html.replace(
        " Read them (you will be asked to sign in). ", " "), "the two parts of the mail say the same"
    return plain
