"""A consultant plans a cycle's mail on its page: invitations by themselves from the opening day, one reminder on a day."""
from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Cycle
from assessment.operations.cycles import close_cycle, publish_cycle
from assessment.scheduled_mail import send_due_mailings
from tests.web.test_manage_roster import NEW_PEOPLE, confirm, upload
from tests.web.console import NEW, audit, northwind, open_new_cycle, post_on_cycle_page, roster_emails, text_of


@pytest.fixture(autouse=True)
def hourly_check(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default of a served instance: planned mail is checked for every hour (the tests' app runs no check)."""
    monkeypatch.setitem(app.config, "PLANNED_MAIL_CHECK_SECONDS", 3600)


TODAY = dt.date.today()


def _cycle() -> Cycle:
    return db.session.execute(
        db.select(Cycle).where(Cycle.organization_id == northwind().id, Cycle.period == NEW)).scalar_one()


def _page(client: FlaskClient) -> str:
    return text_of(client.get(f"/manage/northwind/{NEW}").get_data(as_text=True))


def test_a_planned_reminder_is_saved_said_on_the_page_audited_and_sent_on_its_day(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    login(client, "consultant")
    open_new_cycle(client, opens_on=(TODAY + dt.timedelta(days=2)).isoformat())
    remind_on = TODAY + dt.timedelta(days=7)

    reply = post_on_cycle_page(client, "planned-mail", invite_on_opening="y", remind_on=remind_on.isoformat())
    assert reply.status_code == 302
    page = _page(client)
    day = f"{remind_on.day} {remind_on:%B %Y}"
    opening = TODAY + dt.timedelta(days=2)
    assert (f"The invitations go out by themselves on {opening.day} {opening:%B %Y}, the opening day, and later to "
            f"whoever joins the roster; a reminder goes out on {day}.") in page
    assert f"Opens on {opening.day} {opening:%B %Y}: the invitations go out by themselves that day." in page
    [entry] = audit("cycle.plan_mail")
    assert entry.actor == "consultant@demo.example" and entry.target.startswith(f"northwind/{NEW}: the invitations")

    send_due_mailings(opening)
    assert sorted(m["To"] for m in mailbox) == sorted(roster_emails())
    mailbox.clear()
    send_due_mailings(remind_on)
    assert sorted(m["To"] for m in mailbox) == sorted(roster_emails())
    assert f"the reminder planned for {day} went out on {day}" in _page(client)


def test_a_reminder_day_after_the_closing_date_is_refused_and_the_plan_kept(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    login(client, "consultant")
    open_new_cycle(client)
    post_on_cycle_page(client, "planned-mail", invite_on_opening="y")
    late = TODAY + dt.timedelta(days=30)   # the cycle closes in 14

    reply = post_on_cycle_page(client, "planned-mail", remind_on=late.isoformat())
    page = text_of(client.get(reply.headers["Location"]).get_data(as_text=True))
    assert "The plan stays as it was: the reminder day must not be after the planned closing date" in page
    assert (_cycle().invite_on_opening, _cycle().remind_on) == (True, None)

    reply = post_on_cycle_page(client, "planned-mail", remind_on="next tuesday")
    assert "as a date, such as 2026-12-04, or leave it empty" in text_of(client.get(reply.headers["Location"]).get_data(as_text=True))


def test_a_planned_reminder_nothing_sent_is_flagged_on_the_cycle_page(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Without cron or Celery beat, planned mail never leaves: the page says so the day after, not never."""
    login(client, "consultant")
    open_new_cycle(client, opens_on=(TODAY - dt.timedelta(days=5)).isoformat())
    _cycle().remind_on = TODAY - dt.timedelta(days=1)
    db.session.commit()
    page = _page(client)
    assert "has not gone out: nothing seems to run the hourly check" in page
    assert "alignment invitations send-due" in page and "Celery beat" in page


def test_mail_planned_with_a_new_cycle_is_kept_and_a_bad_day_refuses_the_cycle_at_that_field(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    login(client, "consultant")
    too_late = (TODAY + dt.timedelta(days=30)).isoformat()   # the form's cycle closes in 14 days
    refused = open_new_cycle(client, invite_on_opening="y", remind_on=too_late)
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert 'id="remind_on-error"' in page and "after the planned closing date" in text_of(page)
    assert db.session.execute(db.select(Cycle).where(Cycle.period == NEW)).first() is None   # nothing opened

    remind_on = TODAY + dt.timedelta(days=5)
    opened = open_new_cycle(client, invite_on_opening="y", remind_on=remind_on.isoformat())
    assert opened.status_code == 302
    said = text_of(client.get(opened.headers["Location"]).get_data(as_text=True))
    assert f"Opened {NEW}. Planned mail: the invitations go out by themselves, within the hour" in said
    assert (_cycle().invite_on_opening, _cycle().remind_on) == (True, remind_on)
    [entry] = audit("cycle.open")
    assert entry.target.endswith(f"a reminder goes out on {remind_on.day} {remind_on:%B %Y}")


def _next_step(client: FlaskClient) -> str:
    page = client.get("/manage/").get_data(as_text=True)
    row = next(r for r in page.split("<tr>") if ">Northwind Traders</a>" in r)
    return text_of(row.split('data-label="Next step">')[1].split("</td>")[0])


def test_the_clients_list_says_what_the_planned_mail_will_do_next(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    current = db.session.execute(
        db.select(Cycle).where(Cycle.organization_id == northwind().id, Cycle.period == "2026-Q4")).scalar_one()
    close_cycle(current)
    publish_cycle(current, TODAY, actor="consultant@demo.example")   # done with: the list turns to the next cycle
    db.session.commit()
    login(client, "consultant")
    opening = TODAY + dt.timedelta(days=3)
    open_new_cycle(client, opens_on=opening.isoformat(), invite_on_opening="y")
    assert _next_step(client) == f"Opens on {opening.day} {opening:%B %Y}: the invitations go out by themselves"

    cycle = _cycle()
    cycle.opens_on, cycle.closes_on = TODAY, TODAY + dt.timedelta(days=14)
    db.session.commit()
    assert _next_step(client) == f"{len(roster_emails())} invitations go out by themselves within the hour"
    # An instance with no check running (PLANNED_MAIL_CHECK_SECONDS=0, a cron job instead) promises no hour.
    client.application.config["PLANNED_MAIL_CHECK_SECONDS"] = 0
    assert _next_step(client) == (f"{len(roster_emails())} invitations go out by themselves once "
                                  "`alignment invitations send-due` runs")
    client.application.config["PLANNED_MAIL_CHECK_SECONDS"] = 900
    assert _next_step(client).endswith("go out by themselves within 15 minutes")
    client.application.config["PLANNED_MAIL_CHECK_SECONDS"] = 45
    assert _next_step(client).endswith("go out by themselves within a minute")
    client.application.config["PLANNED_MAIL_CHECK_SECONDS"] = 3600

    send_due_mailings(TODAY)
    assert len(mailbox) == len(roster_emails())
    remind_on, closes = TODAY + dt.timedelta(days=4), TODAY + dt.timedelta(days=14)
    post_on_cycle_page(client, "planned-mail", invite_on_opening="y", remind_on=remind_on.isoformat())
    assert _next_step(client) == (f"Reminder planned for {remind_on.day} {remind_on:%B %Y}, "
                                  f"then close by {closes.day} {closes:%B %Y}")


def test_the_roster_preview_warns_that_the_people_it_adds_will_be_invited_by_themselves(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    login(client, "consultant")
    current = db.session.execute(
        db.select(Cycle).where(Cycle.organization_id == northwind().id, Cycle.period == "2026-Q4")).scalar_one()
    assert "sends its invitations by itself" not in text_of(upload(client, NEW_PEOPLE).get_data(as_text=True))

    current.invite_on_opening = True
    db.session.commit()
    preview = upload(client, NEW_PEOPLE).get_data(as_text=True)
    assert ("2026-Q4 sends its invitations by itself: once imported, the 2 added get one within the hour. "
            "Change its planned mail first if that is not what you want.") in text_of(preview)
    assert confirm(client, preview).status_code == 302
    send_due_mailings(TODAY)
    assert sorted(m["To"] for m in mailbox) == ["ana.new@northwind.example", "ben.new@northwind.example"]


def test_a_reminder_planned_for_a_day_nobody_could_get_it_is_refused_naming_the_first_day_that_reaches_anyone(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    """Planned the day after reminders went out, it was confirmed, and then mailed nobody on the day: a reminder
    waits three days after a person's last mail from the survey. The demo's 2026-Q4 opened weeks ago."""
    login(client, "consultant")
    open_period = "2026-Q4"
    post_on_cycle_page(client, "reminders", period=open_period, min_days="0")
    waiting = len(mailbox)
    assert waiting, "everyone who has not answered was reminded today"
    first = TODAY + dt.timedelta(days=3)

    tomorrow = TODAY + dt.timedelta(days=1)
    post_on_cycle_page(client, "planned-mail", period=open_period, remind_on=tomorrow.isoformat())
    page = text_of(client.get(f"/manage/northwind/{open_period}").get_data(as_text=True))
    assert (f"The plan stays as it was: a reminder on {tomorrow.day} {tomorrow:%B %Y} would reach nobody: everyone "
            "who has not answered had mail from this survey within the 3 days before it; the first day it reaches "
            f"anyone is {first.day} {first:%B %Y}.") in page
    cycle = db.session.execute(db.select(Cycle).where(Cycle.organization_id == northwind().id,
                                                      Cycle.period == open_period)).scalar_one()
    assert cycle.remind_on is None

    post_on_cycle_page(client, "planned-mail", period=open_period, remind_on=first.isoformat())
    db.session.refresh(cycle)
    assert cycle.remind_on == first
    mailbox.clear()
    send_due_mailings(first)
    assert len(mailbox) == waiting
