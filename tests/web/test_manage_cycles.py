"""A consultant runs a cycle from the console: open, invite, remind, close; and sees counts, never people."""
from __future__ import annotations

import datetime as dt
import math
import re
from fractions import Fraction

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.gate.comments import response_rates
from assessment.models import AuditEntry, Cycle, CycleStatus, Invitation, Participant
from tests.conftest import csrf_token
from tests.web.console import NEW, audit, northwind, open_new_cycle, post_on_cycle_page, roster_emails, text_of
from tests.web.test_respond import full_answers


def test_the_new_cycle_form_proposes_the_quarter_after_the_last_one(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    page = client.get("/manage/northwind/cycles/new").get_data(as_text=True)
    proposed = re.search(r'name="period"[^>]*value="([^"]+)"', page) or re.search(r'value="([^"]+)"[^>]*name="period"', page)
    assert proposed
    today = dt.date.today()
    assert re.fullmatch(r"\d{4}-Q[1-4]", proposed.group(1))
    assert proposed.group(1) > "2026-Q4"   # the demo's latest cycle
    assert proposed.group(1) >= f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    assert "Questionnaire: Sales and marketing alignment" in page and "Version 3" in page   # the instrument offered
    # Its dates lie in it: a quarter still ahead opens on its first day, not today.
    year, quarter = proposed.group(1).split("-Q")
    starts = dt.date(int(year), 3 * int(quarter) - 2, 1)
    opens = max(today, starts)
    assert re.search(rf'id="opens_on"[^>]*value="{opens.isoformat()}"', page)
    assert re.search(rf'id="closes_on"[^>]*value="{(opens + dt.timedelta(days=21)).isoformat()}"', page)


def test_a_consultant_opens_a_cycle_and_lands_on_its_page(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    reply = open_new_cycle(client)
    assert reply.status_code == 302 and reply.headers["Location"].endswith(f"/manage/northwind/{NEW}")
    cycle = db.session.execute(db.select(Cycle).filter_by(organization_id=northwind().id, period=NEW)).scalar_one()
    assert (cycle.status, cycle.min_group_size, cycle.min_comment_group_size) == (CycleStatus.open, 5, 6)
    assert response_rates(cycle)[0] == 0, "nobody yet is said as such, not as fewer than 5"
    assert cycle.closes_on == dt.date.today() + dt.timedelta(days=14)
    page = client.get(reply.headers["Location"]).get_data(as_text=True)
    assert f"Opened {NEW}" in page and "14 days left" in page
    assert "Nobody has answered yet" in client.get(f"/manage/northwind/{NEW}/close").get_data(as_text=True)
    [entry] = audit("cycle.open")
    assert entry.actor == "consultant@demo.example" and f"northwind/{NEW}" in entry.target
    assert f'/manage/northwind/{NEW}"' in client.get("/manage/northwind").get_data(as_text=True)


@pytest.mark.parametrize(("overrides", "message"), [
    ({"period": "2026-Q4"}, "Northwind Traders already has a cycle 2026-Q4: choose another period"),
    ({"min_group_size": "2"}, "can&#39;t be below 3"),
    ({"min_comment_group_size": "3"}, "comment threshold can&#39;t be below 5"),
    ({"opens_on": str(dt.date.today() + dt.timedelta(days=30)), "closes_on": str(dt.date.today() + dt.timedelta(days=10))},
     "closing date must come after the opening date"),
    # Both before today and before the opening: the date gone by is the plainer reason.
    ({"closes_on": "2020-01-01"}, "closing date can&#39;t be in the past"),
    # A cycle whose planned end has passed would send invitations naming a day gone by.
    ({"opens_on": "2020-01-01", "closes_on": "2020-02-01"}, "closing date can&#39;t be in the past"),
    ({"period": "2027 Q1/x"}, "name it by a year from 2000 to 2099, then a quarter, half or month"),
    ({"period": "garbage"}, "such as 2026-Q4, 2026-H1 or 2026-05"),
    # Digits of another script would name a quarter already run a second time; a year past 2099 broke pages.
    ({"period": "２０３１-Q1"}, "name it by a year from 2000 to 2099"),
    ({"period": "9999-Q4"}, "name it by a year from 2000 to 2099"),
    # A typo of a year: every trend would run through decades of empty quarters up to it.
    ({"period": f"{dt.date.today().year + 36}-Q4"}, "is more than a year ahead: open a cycle for this period or the next"),
    ({"opens_on": "9999-12-30", "closes_on": "9999-12-31"}, "is more than 2 years ahead"),
    ({"remind_on": "9999-12-31"}, "is more than 2 years ahead"),
])
def test_a_cycle_that_cannot_open_is_explained_on_the_form(client: FlaskClient, login, overrides, message) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    before = db.session.execute(db.select(db.func.count()).select_from(Cycle)).scalar_one()
    reply = open_new_cycle(client, **overrides)
    assert reply.status_code == 422
    assert message in reply.get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count()).select_from(Cycle)).scalar_one() == before


def test_a_period_named_like_a_console_page_is_refused(app: Flask, client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    pages = [r.rule.rsplit("/", 1)[1] for r in app.url_map.iter_rules()
             if re.fullmatch(r"/manage/<org>/[a-z-]+", r.rule)]
    if not pages:
        pytest.skip("the console has no page at /manage/<org>/<name> to collide with")
    login(client, "consultant")
    reply = open_new_cycle(client, period=pages[0])  # a period starts with its year, a page name never does
    assert reply.status_code == 422 and "name it by a year" in reply.get_data(as_text=True)



def test_closing_asks_first_then_scores_the_cycle_and_links_its_results(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    period = db.session.execute(
        db.select(Cycle.period).where(Cycle.organization_id == northwind().id, Cycle.status == CycleStatus.open)
    ).scalar_one()
    confirm = client.get(f"/manage/northwind/{period}/close")
    assert confirm.status_code == 200
    html = confirm.get_data(as_text=True)
    assert "This can't be undone" in html
    assert db.session.execute(db.select(Cycle.status).filter_by(period=period, organization_id=northwind().id)
                              ).scalar_one() == CycleStatus.open
    reply = client.post(f"/manage/northwind/{period}/close", data={"csrf_token": csrf_token(html)})
    assert reply.status_code == 302
    page = client.get(reply.headers["Location"]).get_data(as_text=True)
    assert "Review the results, then publish them" in page and "Publish the results to Northwind Traders" in page
    # Publishing mails the client at once: that is said before the click, since no unpublishing takes it back.
    assert "each is mailed the link at once (unpublishing later takes the results back, not the mail)" in " ".join(
        page.split())
    results = f"/results/northwind/{period}"
    assert f'href="{results}"' in page
    assert f'href="{results}/executive-summary.pdf"' in page and "/action-plan.pdf" in page
    assert client.get(results).status_code == 200
    assert [e.target for e in audit("cycle.close")] == [f"northwind/{period}"]
    # Closed means closed: no more mail, and a second close only says so.
    assert "Send invitations" not in page
    again = post_on_cycle_page(client, "invitations", period=period)
    assert "invitations go out only while it is open" in client.get(again.headers["Location"]).get_data(as_text=True)


def test_closing_before_the_date_people_were_given_says_so_first(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    login(client, "consultant")
    open_new_cycle(client)  # closes in 14 days
    post_on_cycle_page(client, "invitations")  # which name the closing date
    planned = dt.date.today() + dt.timedelta(days=14)
    early = " ".join(re.sub(r"<[^>]+>", "", client.get(f"/manage/northwind/{NEW}/close").get_data(as_text=True)).split())
    assert (f"This is early: the invitations and reminders told people they have until {planned:%-d %B %Y}, "
            "14 more days. Anyone who has not answered yet will find their link closed.") in early
    cycle = db.session.execute(db.select(Cycle).filter_by(organization_id=northwind().id, period=NEW)).scalar_one()
    cycle.closes_on = dt.date.today()  # the day people were given
    db.session.commit()
    assert "This is early" not in client.get(f"/manage/northwind/{NEW}/close").get_data(as_text=True)


def test_the_cycle_page_shows_counts_as_the_gate_gives_them_and_never_a_person(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    cycle = db.session.execute(
        db.select(Cycle).where(Cycle.organization_id == northwind().id, Cycle.status == CycleStatus.open)
    ).scalar_one()
    page = client.get(f"/manage/northwind/{cycle.period}").get_data(as_text=True)
    total, teams = response_rates(cycle)
    rows = {name: cells for name, cells in re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', page, re.S)}
    for team in teams:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", rows[team.name], re.S)
        assert str(team.invited) == cells[0]
        if team.answered is None:
            assert "withheld" in cells[1] and "%" not in cells[2]
        else:
            assert cells[1] == str(team.answered)
            # As worked out by hand, a half rounded up: 5 of 8 is 63%, not Python's half-to-even 62%.
            assert cells[2] == f"{math.floor(Fraction(100 * team.answered, team.invited) + Fraction(1, 2))}%"
    assert any(t.answered is None for t in teams), "the demo has a small team, so something is withheld"
    assert "Fewer than 5 answered" in page
    for address in roster_emails():
        assert address not in page
        assert address.split("@")[0] not in page
    for entry in db.session.execute(db.select(AuditEntry)).scalars():
        assert not any(address in entry.target for address in roster_emails())


@pytest.mark.parametrize("role", ["executive", "team_lead"])
def test_executives_and_team_leads_cannot_run_a_cycle(client: FlaskClient, login, role: str) -> None:  # type: ignore[no-untyped-def]
    login(client, role)
    assert client.get("/manage/northwind/cycles/new").status_code == 403
    assert client.get("/manage/northwind/2026-Q4").status_code == 403


def test_a_consultant_cannot_reach_another_consultants_client(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    assert client.get("/manage/fabrikam/cycles/new").status_code == 404
    assert client.get("/manage/fabrikam/2026-Q4").status_code == 404
    assert client.get("/manage/northwind/1999-Q1").status_code == 404


def test_a_team_too_small_to_report_never_shows_a_count_not_even_zero(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    from assessment.operations.cycles import renew_link
    from assessment.operations.invitations import add_missing_invitations
    from assessment.operations.organizations import ensure_team

    cycle = db.session.execute(
        db.select(Cycle).where(Cycle.organization_id == northwind().id, Cycle.status == CycleStatus.open)
    ).scalar_one()
    team = ensure_team(northwind(), "new-mkt", "marketing", "New Mkt")
    db.session.flush()
    db.session.add(Participant(organization_id=northwind().id, team_id=team.id, email="solo@northwind.example",
                               function="marketing", attributes={}))
    add_missing_invitations(cycle)
    invitation = db.session.execute(
        db.select(Invitation).join(Participant).where(Participant.email == "solo@northwind.example")
    ).scalar_one()
    link = f"/s/{renew_link(invitation, dt.date.today())}"
    db.session.commit()
    login(client, "consultant")

    def new_mkt_row() -> str:
        page = client.get(f"/manage/northwind/{cycle.period}").get_data(as_text=True)
        return dict(re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', page, re.S))["New Mkt"]

    before = new_mkt_row()
    assert client.post(link, data={**full_answers(), "submit": "1"}).status_code == 302
    after = new_mkt_row()
    assert before == after and "withheld" in after, "the one member's answer must not change what the row says"
    _, teams = response_rates(cycle)
    assert all(t.invited >= cycle.min_group_size for t in teams if t.answered == 0)


def test_a_number_that_is_not_one_is_told_as_such_and_nothing_else(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    reply = open_new_cycle(client, min_comment_group_size="abc")
    error = re.search(r'id="min_comment_group_size-error">(.*?)</span>', reply.get_data(as_text=True))
    assert reply.status_code == 422 and error and error.group(1) == "Not a valid integer value."


def test_the_new_cycle_form_warns_while_another_cycle_is_open(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    page = " ".join(client.get("/manage/northwind/cycles/new").get_data(as_text=True).split())
    assert "2026-Q4 is still open." in page and 'href="/manage/northwind/2026-Q4">close 2026-Q4</a> first' in page
    cycle = db.session.execute(db.select(Cycle).filter_by(organization_id=northwind().id, period="2026-Q4")).scalar_one()
    cycle.status = CycleStatus.closed
    db.session.commit()
    assert "still open" not in client.get("/manage/northwind/cycles/new").get_data(as_text=True)


def test_closing_says_how_many_saved_answers_without_submitting_them(client: FlaskClient, login, open_invitation) -> None:  # type: ignore[no-untyped-def]
    """A count, never who: the consultant can send a reminder before those answers are deleted."""
    from assessment.models import Invitation

    first, _ = open_invitation()
    first.draft = {"answers": {"sg1": 4}, "comments": {}}
    db.session.flush()
    login(client, "consultant")
    html = " ".join(client.get("/manage/northwind/2026-Q4/close").get_data(as_text=True).split())
    assert "1 person has saved answers without submitting them: closing deletes those answers." in text_of(html)
    second = db.session.execute(db.select(Invitation).where(Invitation.cycle_id == first.cycle_id,
                                                            Invitation.completed.is_(False),
                                                            Invitation.id != first.id).limit(1)).scalar_one()
    second.draft = {"answers": {}, "comments": {"one_thing": "More meetings"}}
    db.session.flush()
    html = " ".join(client.get("/manage/northwind/2026-Q4/close").get_data(as_text=True).split())
    assert "2 people have saved answers without submitting them" in text_of(html)
    # Save pressed on a blank page keeps an empty draft: nothing for the close to delete, nothing to count.
    second.draft = {"answers": {}, "comments": {}}
    db.session.flush()
    html = " ".join(client.get("/manage/northwind/2026-Q4/close").get_data(as_text=True).split())
    assert "1 person has saved answers without submitting them" in text_of(html)


def test_a_grouping_team_is_not_listed_as_a_team_nobody_was_invited_from(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """A region that groups teams (a roster's parent) holds nobody of its own: no "0 invited" row beside its teams."""
    from assessment.operations.organizations import ensure_team

    cycle = db.session.execute(
        db.select(Cycle).where(Cycle.organization_id == northwind().id, Cycle.status == CycleStatus.open)
    ).scalar_one()
    region = ensure_team(northwind(), "emea", "joint", "EMEA region")
    for slug in ("mid-market-sales", "brand-content"):
        team = northwind().team(slug)
        assert team is not None
        team.parent_id = region.id
    db.session.commit()
    login(client, "consultant")
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>',
                           client.get(f"/manage/northwind/{cycle.period}").get_data(as_text=True), re.S))
    assert "EMEA region" not in rows
    assert {"Whole organization", "Mid-Market Sales", "Brand and Content"} <= set(rows), "the grouped teams stay"
    assert all(t.invited > 0 for t in response_rates(cycle)[1])


def test_a_period_taken_already_links_to_its_cycle(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    reply = open_new_cycle(client, period="2026-Q4")
    page = " ".join(reply.get_data(as_text=True).split())
    assert reply.status_code == 422
    assert 'href="/manage/northwind/2026-Q4">Go to 2026-Q4</a> (open)' in page


def test_a_form_sent_after_signing_out_says_nothing_was_done_and_leads_to_sign_in(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Signed out in another tab, then a click on the console: plain words and the way back, not "CSRF token"."""
    login(client, "consultant")
    page = client.get("/manage/northwind/2026-Q4").get_data(as_text=True)
    cycle = db.session.execute(db.select(Cycle).filter_by(organization_id=northwind().id, period="2026-Q4")).scalar_one()
    planned = cycle.closes_on
    client.post("/auth/logout", data={"csrf_token": csrf_token(page)})
    later = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    reply = client.post("/manage/northwind/2026-Q4/closing-date", data={"csrf_token": csrf_token(page), "closes_on": later})
    text = " ".join(reply.get_data(as_text=True).split())
    assert reply.status_code == 400 and "CSRF" not in text
    assert "Nothing was done" in text and "You were signed out while the page was open" in text
    assert 'href="/auth/login?next=/manage/northwind/2026-Q4">Sign in again</a>' in text
    db.session.expire_all()
    assert db.session.get(Cycle, cycle.id).closes_on == planned  # type: ignore[union-attr]


def test_a_form_from_before_the_latest_sign_in_says_to_open_the_page_again(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    reply = client.post("/manage/northwind/roster/confirm", data={"csrf_token": "from-an-old-page", "roster": "x"})
    text = " ".join(reply.get_data(as_text=True).split())
    assert reply.status_code == 400 and "CSRF" not in text
    assert "Nothing was done" in text and 'href="/manage/northwind/roster">Open the page again</a>' in text


def test_a_closing_date_before_the_opening_names_the_opening_date(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """The page shows the opening date only in a sentence above: the refusal says which date it is."""
    login(client, "consultant")
    opens = dt.date.today() + dt.timedelta(days=10)
    closes = opens + dt.timedelta(days=20)
    open_new_cycle(client, opens_on=opens.isoformat(), closes_on=closes.isoformat())
    post_on_cycle_page(client, "closing-date", closes_on=(opens - dt.timedelta(days=5)).isoformat())
    page = " ".join(client.get(f"/manage/northwind/{NEW}").get_data(as_text=True).split())
    assert (f"The closing date stays {closes.day} {closes:%B %Y}. The closing date must come after the opening "
            f"date, {opens.day} {opens:%B %Y}") in page


def test_erasing_people_who_answered_leaves_the_rates_and_a_newcomer_still_has_no_invitation(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    """Erasing people leaves their answers and takes their invitations: the invitations stay counted, so no team
    reads "more answered than invited", and a single newcomer still "has" no invitation yet."""
    from assessment.operations.privacy import erase_participant

    cycle = db.session.execute(
        db.select(Cycle).where(Cycle.organization_id == northwind().id, Cycle.status == CycleStatus.open)
    ).scalar_one()
    login(client, "consultant")
    before = rates_table(client.get(f"/manage/northwind/{cycle.period}").get_data(as_text=True))
    invitations = db.session.execute(db.select(Invitation).filter_by(cycle_id=cycle.id)).scalars().all()
    waiting = [i.participant for i in invitations if not i.completed and i.sent_on is not None]
    answered = [i.participant for i in invitations if i.completed]
    for person in [*waiting, answered[0]]:
        erase_participant(person, actor="consultant@demo.example")
    team = next(t for t in northwind().teams if t.participants)
    db.session.add(Participant(organization_id=northwind().id, team_id=team.id, email="newcomer@northwind.example",
                               function=team.function, attributes={}))
    db.session.commit()
    html = client.get(f"/manage/northwind/{cycle.period}").get_data(as_text=True)
    page = " ".join(html.split())
    assert rates_table(html) == before
    assert "Where more answered than were invited" not in page
    assert "1 of the " in page and " people on the roster has no invitation yet." in page


def rates_table(html: str) -> list[list[str]]:
    """The response-rate table's rows as the console shows them: team, invited, answered, rate."""
    table = re.search(r'<table class="scores rates">.*?</table>', html, re.S)
    assert table, "no response-rate table"
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(0), re.S)
    return [[" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)]
            for r in rows]


def test_a_cycle_of_a_client_with_no_roster_leads_to_the_roster_not_to_everyone_invited(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Opened before the roster was imported: the page says the step missing, and so does the button."""
    from assessment.models import StoredQuestionnaire, User
    from assessment.operations.cycles import open_cycle
    from assessment.operations.organizations import create_client

    consultant = db.session.execute(db.select(User).filter_by(email="consultant@demo.example")).scalar_one()
    org = create_client("Empty Co", "empty-co", actor=consultant)
    questionnaire = db.session.execute(db.select(StoredQuestionnaire)).scalars().first()
    assert questionnaire is not None
    open_cycle(org, NEW, questionnaire, closes_on=dt.date.today() + dt.timedelta(days=14))
    db.session.commit()
    login(client, "consultant")
    page = " ".join(client.get(f"/manage/empty-co/{NEW}").get_data(as_text=True).split())
    assert 'Nobody is on the roster yet: <a href="/manage/empty-co/roster">import the roster</a>' in page
    token = csrf_token(page)
    client.post(f"/manage/empty-co/{NEW}/invitations", data={"csrf_token": token})
    page = " ".join(client.get(f"/manage/empty-co/{NEW}").get_data(as_text=True).split())
    assert "Nothing was sent: nobody is on the roster of Empty Co yet. Import the roster" in page
    assert "everyone on the roster has had one" not in page


def test_a_cycle_opened_now_beside_one_still_open_says_so_where_its_invitations_go_out(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """"Open now" and an arriving opening date bypass the new-cycle form's warning: the cycle page gives it."""
    login(client, "consultant")
    opens = dt.date.today() + dt.timedelta(days=5)
    open_new_cycle(client, opens_on=opens.isoformat(), closes_on=(opens + dt.timedelta(days=20)).isoformat())
    post_on_cycle_page(client, "opening-date", now="1")
    page = " ".join(client.get(f"/manage/northwind/{NEW}").get_data(as_text=True).split())
    assert "Send invitations to the" in page
    assert '<a href="/manage/northwind/2026-Q4">2026-Q4</a> is open too: people invited to both hold two survey links' in page
    older = " ".join(client.get("/manage/northwind/2026-Q4").get_data(as_text=True).split())
    assert f'<a href="/manage/northwind/{NEW}">{NEW}</a> is open too' in older
    cycle = db.session.execute(db.select(Cycle).filter_by(organization_id=northwind().id, period=NEW)).scalar_one()
    cycle.status = CycleStatus.closed
    db.session.commit()
    assert "open too" not in client.get("/manage/northwind/2026-Q4").get_data(as_text=True)


@pytest.mark.parametrize("role", ["executive", "team_lead"])
def test_a_reader_who_opens_the_console_is_told_why_in_plain_words(client: FlaskClient, login, role: str) -> None:  # type: ignore[no-untyped-def]
    login(client, role)
    reply = client.get("/manage/northwind/2026-Q4")
    text = " ".join(reply.get_data(as_text=True).split())
    assert reply.status_code == 403 and "read-protected" not in text
    assert "is for consultants and administrators; your account reads results" in text


def test_a_cycle_that_is_not_there_says_so_of_the_consultants_own_client(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """A bookmark of a withdrawn cycle: which client and period, and where the cycles are; another consultant's
    client stays a plain 404 that names nothing."""
    login(client, "consultant")
    reply = client.get("/manage/northwind/1999-Q1")
    assert reply.status_code == 404
    assert "Northwind Traders has no cycle 1999-Q1: it was withdrawn, or never opened." in reply.get_data(as_text=True)
    elsewhere = client.get("/manage/fabrikam/1999-Q1")
    assert elsewhere.status_code == 404 and "has no cycle" not in elsewhere.get_data(as_text=True)


def test_closing_names_the_people_on_the_roster_never_invited(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Added to the roster after the invitations went out: closing now, they are never asked, and the close page
    said only how many had answered."""
    login(client, "consultant")
    said = text_of(" ".join(client.get("/manage/northwind/2026-Q4/close").get_data(as_text=True).split()))
    assert "no invitation" not in said
    team = northwind().teams[0]
    db.session.add(Participant(organization_id=team.organization_id, team_id=team.id, function=team.function,
                               email="late.joiner@northwind.example", attributes={}))
    db.session.commit()
    roster = db.session.execute(db.select(db.func.count()).select_from(Participant)
                                .filter_by(organization_id=team.organization_id)).scalar_one()
    said = text_of(" ".join(client.get("/manage/northwind/2026-Q4/close").get_data(as_text=True).split()))
    assert (f"1 of the {roster} people on the roster has no invitation: closing now, they are never asked. To include "
            "them, send their invitations from its page first.") in said
