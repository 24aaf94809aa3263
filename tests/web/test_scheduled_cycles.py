"""A cycle whose "Opens on" date is ahead is scheduled: its links take no answers and no mail goes out until then.

No scheduler: the date decides, against the server's today. A consultant can open it early ("Open now").
"""
from __future__ import annotations

import datetime as dt
import html
import re
import time

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment.dates import written
from assessment.extensions import db
from assessment.models import Cycle, CycleStatus, Invitation, Response
from assessment.operations.cycles import issue_links
from questionnaires.builtin import load_builtin
from tests.conftest import RequestScopedClient, csrf_token
from tests.web.console import (
    NEW, audit, links_by_recipient, northwind, open_new_cycle, post_on_cycle_page, roster_emails,
)
from tests.web.test_respond import full_answers

#: A test starting this close to midnight waits for the new day: none takes nearly as long, even on a busy machine.
LAST_SECONDS_OF_THE_DAY = 60


@pytest.fixture()
def today() -> dt.date:
    """The server's today for the whole test, read as the test starts, not when the module is imported.

    Read at import, a run that crossed midnight checked yesterday's date against pages that print today's. A test
    that would start in the last minute of the day waits for the next, so the date cannot change under it either.
    """
    now = dt.datetime.now()
    left = (dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time()) - now).total_seconds()
    if left < LAST_SECONDS_OF_THE_DAY:
        time.sleep(left + 0.5)
    return dt.date.today()


@pytest.fixture()
def opens(today: dt.date) -> dt.date:
    """The opening date of the cycle these tests schedule: five days ahead."""
    return today + dt.timedelta(days=5)


def scheduled(client: FlaskClient, login, opens: dt.date) -> Cycle:  # type: ignore[no-untyped-def]
    """northwind's next quarter, opened by the consultant in the console to start on ``opens``."""
    login(client, "consultant")
    reply = open_new_cycle(client, opens_on=opens.isoformat(), closes_on=(opens + dt.timedelta(days=14)).isoformat())
    assert reply.status_code == 302, reply.get_data(as_text=True)
    return db.session.execute(db.select(Cycle).filter_by(organization_id=northwind().id, period=NEW)).scalar_one()


def text(reply) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(reply.get_data(as_text=True))


def page_text(client: FlaskClient, path: str) -> str:
    return text(client.get(path))


def exported_link(cycle: Cycle, today: dt.date) -> str:
    """A personal link as `alignment invitations export` hands it out, before the opening date."""
    participant, token = issue_links(cycle, today)[0]
    db.session.commit()
    return f"/s/{token}"


def responses(cycle: Cycle) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(Response).filter_by(cycle_id=cycle.id)).scalar_one()


def test_a_cycle_opening_later_is_scheduled_everywhere_the_consultant_looks(client: FlaskClient, login, opens: dt.date) -> None:  # type: ignore[no-untyped-def]
    cycle = scheduled(client, login, opens)
    page = page_text(client, f"/manage/northwind/{NEW}")
    assert f"Scheduled {NEW}: it opens on {written(opens)}" in page
    assert f"Opens on {written(opens)}: invitations can be sent from that day." in page
    assert "Send invitations" not in page and "Send reminders" not in page, "no button that would only fail"
    assert "Open now" in page and "Move the opening date" in page
    assert "and invite the" not in page, "nothing is mailed by opening it: no invitations are planned"
    assert "days left" not in page, "days left before a close is no figure for a survey not open yet"
    assert f"{NEW} <span class=\"muted\">scheduled</span>" in page
    row = page_text(client, "/manage/northwind").split(f">{NEW}</a>")[1].split("</tr>")[0]
    assert "scheduled" in row and f"opens on {written(opens)}" in row
    # The clients list shows it once 2026-Q4 needs nothing more (tests/web/test_manage_overview.py).
    assert cycle.state == "scheduled" and cycle.status.value == "open"
    # The close page stays reachable: it offers Withdraw instead (below).
    assert f"Close {NEW}?" in page_text(client, f"/manage/northwind/{NEW}/close")


def test_the_roster_page_says_newcomers_are_invited_once_the_scheduled_cycle_opens(client: FlaskClient, login, opens: dt.date) -> None:  # type: ignore[no-untyped-def]
    from assessment.models import CycleStatus

    db.session.execute(db.update(Cycle).where(Cycle.organization_id == northwind().id,
                                              Cycle.status == CycleStatus.open).values(status=CycleStatus.closed))
    db.session.commit()
    scheduled(client, login, opens)
    roster = " ".join(re.sub(r"<[^>]+>", "", page_text(client, "/manage/northwind/roster")).split())
    assert re.search(rf"send the {NEW} invitations to the \d+ people on the roster not invited yet once it opens on "
                     rf"{written(opens)}\.", roster)


def test_a_survey_link_before_the_opening_date_says_when_and_keeps_nothing(
    client: FlaskClient, login, app: Flask, today: dt.date, opens: dt.date  # type: ignore[no-untyped-def]
) -> None:
    cycle = scheduled(client, login, opens)
    link = exported_link(cycle, today)
    employee = RequestScopedClient(app, app.response_class, use_cookies=True)
    shown = employee.get(link)
    assert shown.status_code == 403
    assert f"This survey opens on {written(opens)}" in text(shown)
    assert "<form" not in text(shown)
    assert "not stored" not in text(shown)   # nothing was sent: opening the link stores nothing to speak of

    # A form kept from elsewhere, posted anyway: neither a draft nor a response is kept.
    saved = employee.post(link, data={**full_answers(questionnaire=load_builtin()), "save": "1"})
    sent = employee.post(link, data={**full_answers(questionnaire=load_builtin()), "submit": "1"})
    assert (saved.status_code, sent.status_code) == (403, 403)
    assert f"This survey opens on {written(opens)}" in text(sent)
    assert "the answers on this page were not stored" in text(sent)
    invitation = db.session.execute(db.select(Invitation).filter_by(cycle_id=cycle.id, completed=True)).first()
    assert invitation is None and responses(cycle) == 0
    assert all(i.draft is None for i in db.session.execute(db.select(Invitation).filter_by(cycle_id=cycle.id)).scalars())


def test_mail_buttons_posted_before_the_opening_date_send_nothing(
    client: FlaskClient, login, mailbox: list, opens: dt.date  # type: ignore[no-untyped-def,type-arg]
) -> None:
    cycle = scheduled(client, login, opens)
    for action, data in (("invitations", {}), ("reminders", {"min_days": "0"})):
        reply = post_on_cycle_page(client, action, **data)
        assert reply.status_code == 302
        said = page_text(client, reply.headers["Location"])
        assert (f"Nothing was sent: Northwind Traders {NEW} opens on {written(opens)}; invitations and reminders can be sent "
                "from that day.") in said
    assert mailbox == []
    assert db.session.execute(db.select(Invitation).filter(Invitation.cycle_id == cycle.id,
                                                           Invitation.sent_on.is_not(None))).first() is None
    assert audit("invitations.send") == [] and audit("invitations.remind") == []


def test_open_now_opens_it_today_audited_and_then_the_invitations_go_out(
    client: FlaskClient, login, mailbox: list, app: Flask, today: dt.date, opens: dt.date  # type: ignore[no-untyped-def,type-arg]
) -> None:
    cycle = scheduled(client, login, opens)
    reply = post_on_cycle_page(client, "opening-date", now="1")
    said = page_text(client, reply.headers["Location"])
    assert f"{NEW} is open from today" in said and "Send invitations" in said and "Open now" not in said
    db.session.refresh(cycle)
    assert cycle.opens_on == today and cycle.state == "open"
    [entry] = audit("cycle.opening_date")
    assert entry.actor == "consultant@demo.example" and entry.target == f"northwind/{NEW}: {opens} -> {today}"

    sent = post_on_cycle_page(client, "invitations")
    assert "invitations sent, 0 failed" in page_text(client, sent.headers["Location"])
    assert sorted(m["To"] for m in mailbox) == sorted(roster_emails())
    link = links_by_recipient(mailbox)[mailbox[0]["To"]].removeprefix("http://survey.test")
    employee = RequestScopedClient(app, app.response_class, use_cookies=True)
    survey = employee.get(link)
    assert survey.status_code == 200 and "opens on" not in text(survey)
    answered = employee.post(link, data={**full_answers(questionnaire=load_builtin()), "submit": "1"})
    assert answered.status_code == 302 and responses(cycle) == 1


def test_the_opening_date_moves_while_scheduled_and_says_why_it_cannot(
    client: FlaskClient, login, today: dt.date, opens: dt.date  # type: ignore[no-untyped-def]
) -> None:
    cycle = scheduled(client, login, opens)
    later = opens + dt.timedelta(days=2)
    reply = post_on_cycle_page(client, "opening-date", opens_on=later.isoformat())
    assert f"{NEW} now opens on {written(later)}; invitations can be sent from that day." in page_text(
        client, reply.headers["Location"])
    closes = cycle.closes_on
    for day, reason in ((today - dt.timedelta(days=1), "can't be in the past: choose today to open the cycle now"),
                        (closes, f"must come before the closing date, {written(closes)}: move the closing date first")):
        reply = post_on_cycle_page(client, "opening-date", opens_on=day.isoformat())
        assert f"The opening date stays {written(later)}: the opening date {reason}." in page_text(
            client, reply.headers["Location"])
    reply = post_on_cycle_page(client, "opening-date", opens_on="next week")
    assert "Choose the new opening date as a date" in page_text(client, reply.headers["Location"])
    db.session.refresh(cycle)
    assert cycle.opens_on == later and len(audit("cycle.opening_date")) == 1


@pytest.mark.parametrize("period", ["2026-Q4", "2026-Q3"])
def test_an_open_or_closed_cycles_opening_date_does_not_move(client: FlaskClient, login, period: str) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    cycle = db.session.execute(db.select(Cycle).filter_by(organization_id=northwind().id, period=period)).scalar_one()
    before = cycle.opens_on
    reply = post_on_cycle_page(client, "opening-date", period=period, now="1")
    said = page_text(client, reply.headers["Location"])
    why = (f"has been open since {written(before)}" if period == "2026-Q4"
           else "only a scheduled cycle's opening date can move")
    assert f"The opening date stays {written(before)}: Northwind Traders {period} " in said and why in said
    db.session.refresh(cycle)
    assert cycle.opens_on == before and audit("cycle.opening_date") == []


def test_the_demo_survey_button_never_hands_out_a_link_to_a_survey_not_open_yet(client: FlaskClient, opens: dt.date) -> None:
    from assessment.models import CycleStatus
    from assessment.operations.cycles import open_cycle

    assert "Answer the demo survey" in page_text(client, "/")
    db.session.execute(db.update(Cycle).where(Cycle.status == CycleStatus.open).values(status=CycleStatus.closed))
    running = db.session.execute(db.select(Cycle).filter_by(organization_id=northwind().id, period="2026-Q4")).scalar_one()
    open_cycle(northwind(), NEW, running.questionnaire, opens_on=opens, closes_on=opens + dt.timedelta(days=14))
    db.session.commit()
    home = client.get("/")
    assert "Answer the demo survey" not in text(home)
    assert client.post("/demo/answer").status_code == 404


def test_the_new_cycle_form_calls_only_a_cycle_taking_answers_still_open(client: FlaskClient, login, opens: dt.date) -> None:  # type: ignore[no-untyped-def]
    scheduled(client, login, opens)
    page = " ".join(page_text(client, "/manage/northwind/cycles/new").split())
    assert "2026-Q4 is still open." in page and f"{NEW} is still open" not in page and f"and {NEW}" not in page
    assert f'{NEW}</a> is scheduled to open on {written(opens)}. Unless you mean to run both' in page
    running = db.session.execute(db.select(Cycle).filter_by(organization_id=northwind().id, period="2026-Q4")).scalar_one()
    running.status = CycleStatus.closed
    db.session.commit()
    assert "still open" not in page_text(client, "/manage/northwind/cycles/new")


def test_a_scheduled_cycle_is_withdrawn_from_the_close_page_not_closed_empty(
    client: FlaskClient, login, today: dt.date, opens: dt.date  # type: ignore[no-untyped-def]
) -> None:
    """The consultant who scheduled it by mistake presses Close, and is offered Withdraw instead."""
    cycle = scheduled(client, login, opens)
    link = exported_link(cycle, today)
    close_html = page_text(client, f"/manage/northwind/{NEW}/close")
    close_page = " ".join(re.sub(r"<[^>]+>", "", close_html).split())
    assert f"{NEW} has not opened yet: it opens on {written(opens)}" in close_page
    assert "With no answers there is nothing to close." in close_page
    assert "Close the cycle and compute the results" not in close_page
    refused = client.post(f"/manage/northwind/{NEW}/close", data={"csrf_token": csrf_token(close_html)})
    assert "has not opened yet" in page_text(client, refused.headers["Location"])
    db.session.refresh(cycle)
    assert cycle.state == "scheduled"

    confirm = page_text(client, f"/manage/northwind/{NEW}/withdraw")
    assert f"Withdraw {NEW}?" in confirm and "survey links exported for it stop working" in confirm
    done = client.post(f"/manage/northwind/{NEW}/withdraw", data={"csrf_token": csrf_token(confirm)})
    assert done.headers["Location"].endswith("/manage/northwind")
    said = " ".join(page_text(client, done.headers["Location"]).split())
    assert f"Withdrew {NEW}, which was to open on {written(opens)}: it is deleted" in said
    assert client.get(f"/manage/northwind/{NEW}").status_code == 404
    assert client.get(link).status_code == 404
    [entry] = audit("cycle.withdraw")
    assert entry.actor == "consultant@demo.example"
    assert open_new_cycle(client).status_code == 302, "the period can be opened again"


def test_an_open_cycle_with_answers_is_not_withdrawn(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    page = client.get("/manage/northwind/2026-Q4/withdraw")
    assert page.status_code == 302
    said = " ".join(page_text(client, page.headers["Location"]).split())
    assert "Northwind Traders 2026-Q4 holds 37 responses: withdrawing it would delete them; close it when its survey is over" in said
    assert "Close the cycle and compute the results" in page_text(client, "/manage/northwind/2026-Q4/close")


def test_a_scheduled_cycles_results_say_when_it_opens_not_that_it_is_still_open(
    client: FlaskClient, login, opens: dt.date  # type: ignore[no-untyped-def]
) -> None:
    scheduled(client, login, opens)
    page = client.get(f"/results/northwind/{NEW}")
    assert page.status_code == 404
    said = (f"The {NEW} survey of Northwind Traders is scheduled: it opens on {written(opens)}, and its results "
            "appear when it closes.")
    assert said in text(page)
    api = client.get(f"/api/v1/organizations/northwind/cycles/{NEW}/scores")
    assert api.status_code == 404 and api.get_json()["message"] == said
    assert client.get("/api/v1/organizations/northwind/cycles/2026-Q4/scores").get_json()["message"] == (
        "The 2026-Q4 survey of Northwind Traders is still open: results appear when it closes.")


def test_a_cycle_opened_by_mistake_is_withdrawn_until_anyone_is_invited(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    """Opened today by the form's default and nobody invited: closing was the only way out, which left an empty
    closed cycle waiting to be published on the client's list."""
    login(client, "consultant")
    open_new_cycle(client)
    assert f"Withdraw {NEW}…" in page_text(client, f"/manage/northwind/{NEW}/close")
    assert "Withdraw it…" in page_text(client, f"/manage/northwind/{NEW}")
    confirm = " ".join(page_text(client, f"/manage/northwind/{NEW}/withdraw").split())
    assert (f"{NEW} is open, but no survey link to it has been mailed or handed out, and nobody has answered or saved "
            "answers.") in confirm

    done = client.post(f"/manage/northwind/{NEW}/withdraw", data={"csrf_token": csrf_token(confirm)})
    said = " ".join(page_text(client, done.headers["Location"]).split())
    assert f"Withdrew {NEW}, which had opened on {written(dt.date.today())}: it is deleted" in said
    assert client.get(f"/manage/northwind/{NEW}").status_code == 404
    [entry] = audit("cycle.withdraw")
    assert entry.target == f"northwind/{NEW}, which had opened on {dt.date.today()}"

    open_new_cycle(client)
    post_on_cycle_page(client, "invitations")
    assert mailbox, "the invitations went out"
    refused = client.get(f"/manage/northwind/{NEW}/withdraw")
    said = " ".join(page_text(client, refused.headers["Location"]).split())
    assert "people hold a survey link, mailed or handed out: withdrawing it would break them; close it instead" in said
    assert "Withdraw it…" not in said and client.get(f"/manage/northwind/{NEW}").status_code == 200


def test_open_now_says_it_mails_the_roster_when_the_invitations_are_planned_for_the_opening_day(
    client: FlaskClient, login, opens: dt.date  # type: ignore[no-untyped-def]
) -> None:
    scheduled(client, login, opens)
    post_on_cycle_page(client, "planned-mail", invite_on_opening="y")
    page = " ".join(page_text(client, f"/manage/northwind/{NEW}").split())
    assert f"Open now and invite the {len(roster_emails())} on the roster</button>" in page
    opened = post_on_cycle_page(client, "opening-date", now="1")
    said = " ".join(page_text(client, opened.headers["Location"]).split())
    # The tests' app runs no planned-mail check (PLANNED_MAIL_CHECK_SECONDS=0): the flash names what sends them.
    assert (f"{NEW} is open from today: its survey links take answers, and the invitations go out by themselves "
            "once `alignment invitations send-due` runs.") in html.unescape(said)
