"""Actions answer the latest results: older cycles are read and updated, not added to; due dates are sane;
removing asks first; long titles wrap."""
from __future__ import annotations

import datetime as dt
import html as htmllib
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Action, ActionStatus, Cycle, Team
from assessment.operations.accounts import find_user
from reports.playbook import default_playbook
from tests.conftest import csrf_token

LATEST, EARLIER = "2026-Q3", "2026-Q2"


def _team() -> Team:
    lead = find_user("lead@demo.example")
    assert lead is not None and lead.team is not None
    return lead.team


def _page(team: Team, period: str = LATEST) -> str:
    return f"/results/northwind/{period}/teams/{team.slug}"


def _actions(team: Team, period: str) -> list[Action]:
    return list(db.session.execute(
        db.select(Action).join(Cycle).where(Action.team_id == team.id, Cycle.period == period).order_by(Action.id)
    ).scalars())


def _text(html: str) -> str:
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


@pytest.mark.parametrize("period", [EARLIER, "2025-Q4"])
def test_an_older_cycle_explains_instead_of_offering_a_new_action(client: FlaskClient, login, period: str) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    team = _team()
    before = len(_actions(team, period))
    reply = client.get(f"{_page(team, period)}/actions/new")
    page = reply.get_data(as_text=True)
    assert "New actions go with the latest survey" in _text(page) and 'name="title"' not in page
    assert f'href="{_page(team)}#actions"' in page
    token = csrf_token(client.get(_page(team)).get_data(as_text=True))
    posted = client.post(f"{_page(team, period)}/actions/new",
                         data={"csrf_token": token, "title": "After the fact", "status": "dropped"})
    assert posted.status_code == 409 and len(_actions(team, period)) == before
    older = client.get(_page(team, period)).get_data(as_text=True)
    assert "Add an action" not in older and "Commit to this" not in older
    assert f"New actions go with {LATEST}" in _text(older)
    # Only actions there are can be updated: a quarter without any must not speak of "the actions above".
    assert ("The actions above can still be updated" in _text(older)) == bool(_actions(team, period))


def test_an_older_action_keeps_its_title_but_its_status_can_be_updated(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    team = _team()
    action = _actions(team, EARLIER)[0]
    title, path = action.title, f"{_page(team, EARLIER)}/actions/{action.id}"
    form = client.get(path).get_data(as_text=True)
    assert 'name="title"' not in form and "Remove this action" not in form
    reply = client.post(path, data={"csrf_token": csrf_token(form), "title": "Rewritten later",
                                    "practice": "joint-planning", "status": "done", "notes": "Held twice."})
    assert reply.status_code == 302
    db.session.refresh(action)
    assert (action.title, action.status, action.notes) == (title, ActionStatus.done, "Held twice.")
    confirm = client.get(f"{path}/delete").get_data(as_text=True)
    assert "set its status to dropped" in _text(confirm)
    refused = client.post(f"{path}/delete", data={"csrf_token": csrf_token(confirm)})
    assert refused.status_code == 409 and action in _actions(team, EARLIER)
    assert f"The action stays: an action for {EARLIER} stays on record" in _text(refused.get_data(as_text=True))


def test_an_older_action_from_the_playbook_still_says_how_the_team_will_know_it_works(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    team = _team()
    action = next(a for a in _actions(team, EARLIER) if a.practice_id)
    practice = default_playbook().get(action.practice_id)
    form = _text(client.get(f"{_page(team, EARLIER)}/actions/{action.id}").get_data(as_text=True))
    assert " ".join(f"How you will know it works. {practice.success}".split()) in form


def test_a_dropped_action_is_listed_as_dropped_and_credited_with_no_move(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    team = _team()
    action = next(a for a in _actions(team, EARLIER) if a.practice_id)
    action.status = ActionStatus.dropped
    db.session.flush()
    text = _text(client.get(_page(team)).get_data(as_text=True))
    start = text.index(f"{action.title} (dropped):")
    sentence = text[start:text.index(".", start)]
    assert "set it aside" in sentence and "point" not in sentence and "since" not in sentence


@pytest.mark.parametrize(("due", "message"), [
    ("0001-01-01", "in the past"), ("9999-12-31", "more than 2 years after 2026-Q3 closed"),
])
def test_a_due_date_far_outside_the_cycle_is_refused(client: FlaskClient, login, due: str, message: str) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    team = _team()
    before = len(_actions(team, LATEST))
    form = client.get(f"{_page(team)}/actions/new").get_data(as_text=True)
    reply = client.post(f"{_page(team)}/actions/new", data={
        "csrf_token": csrf_token(form), "title": "Odd date", "due_on": due, "status": "planned"})
    assert reply.status_code == 422 and f"The action was not added: the due date is {message}" in _text(
        reply.get_data(as_text=True))
    assert len(_actions(team, LATEST)) == before
    action = _actions(team, LATEST)[0]
    path = f"{_page(team)}/actions/{action.id}"
    edit = client.post(path, data={"csrf_token": csrf_token(form), "title": action.title,
                                   "practice": action.practice_id or "", "due_on": due, "status": "planned"})
    assert edit.status_code == 422 and f"Nothing was saved: the due date is {message}" in _text(
        edit.get_data(as_text=True))


def test_removing_an_action_asks_first(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    team = _team()
    action = _actions(team, LATEST)[0]
    path = f"{_page(team)}/actions/{action.id}"
    edit = client.get(path).get_data(as_text=True)
    assert f'action="{path}/delete"' not in edit and f'href="{path}/delete"' in edit
    confirm = client.get(f"{path}/delete")
    page = confirm.get_data(as_text=True)
    # "Channel Sales's list" was the possessive of a name ending in s: the page names the team plainly.
    assert f"The action comes off the list of {team.name} for {LATEST} and out of its action plan" in _text(page)
    assert "'s list" not in _text(page)
    assert confirm.status_code == 200 and "Remove “" in page and "Keep it" in page
    assert action in _actions(team, LATEST)
    reply = client.post(f"{path}/delete", data={"csrf_token": csrf_token(page)})
    assert reply.status_code == 302 and action not in _actions(team, LATEST)


def test_a_long_title_without_spaces_wraps_in_the_table(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    team = _team()
    page = client.get(_page(team)).get_data(as_text=True)
    long = "W" * 200
    client.post(f"{_page(team)}/actions/new", data={"csrf_token": csrf_token(page), "title": long, "status": "planned"})
    shown = client.get(_page(team)).get_data(as_text=True)
    assert f'<td class="wrap-anywhere">{long}' in shown
    css = (Path(__file__).parents[2] / "assessment/static/app.css").read_text()
    assert re.search(r"\.wrap-anywhere \{ overflow-wrap: anywhere; \}", css)


def test_the_button_to_the_actions_offers_committing_only_where_the_page_takes_new_actions(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    """An earlier quarter's button read "Actions: review and commit", and the section below it let the lead
    update the actions there but commit to nothing."""
    login(client, "team_lead")
    team = _team()
    buttons = {period: re.search(r'<a class="button" href="#actions">(.*?)</a>', client.get(_page(team, period))
                                 .get_data(as_text=True)) for period in (LATEST, EARLIER)}
    assert buttons[LATEST] and _text(buttons[LATEST].group(1)).startswith("Actions: review and commit (")
    assert buttons[EARLIER] and _text(buttons[EARLIER].group(1)).startswith("Actions: review and update (")
    login(client, "executive")
    executive = re.search(r'<a class="button" href="#actions">(.*?)</a>', client.get(_page(team)).get_data(as_text=True))
    assert executive and re.fullmatch(r"Actions \(\d+ for 2026-Q3, \d+ from 2026-Q2 to review\)",
                                      _text(executive.group(1)))


def test_while_the_next_results_are_reviewed_the_lead_is_told_so_not_that_the_team_has_seen_them(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    """2026-Q4 closed and unpublished: the lead's 2026-Q3 page said new actions go with 2026-Q4 "against results the
    team has already seen" and pointed at nothing the lead could open."""
    from assessment.lookup import cycle_by_name
    from assessment.operations.cycles import close_cycle

    close_cycle(cycle_by_name("northwind/2026-Q4"))
    db.session.commit()
    login(client, "team_lead")
    said = " ".join(_text(client.get(_page(_team())).get_data(as_text=True)).split())
    assert ("The 2026-Q4 survey has closed and its results are being reviewed: new actions go with them once your "
            "consultant publishes them, since an action added now to 2026-Q3 could not have changed answers already "
            "given.") in said
    assert "already seen" not in said and 'name="title"' not in client.get(_page(_team())).get_data(as_text=True)
    assert client.get(_page(_team(), "2026-Q4")).status_code == 404   # the page it would have named


def test_an_older_action_opened_from_the_review_links_back_to_the_review(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """"Update its status" under "Actions since 2026-Q2" opens the 2026-Q2 action; the page's way back, for a lead
    who changes nothing, leads to the review they came from (where Save goes too), not to the 2026-Q2 page."""
    login(client, "team_lead")
    team = _team()
    action = _actions(team, EARLIER)[0]
    path = f"{_page(team, EARLIER)}/actions/{action.id}"
    from_review = client.get(f"{path}?back={LATEST}").get_data(as_text=True)
    assert f'<a href="{_page(team)}#review">{team.name} · {LATEST}</a>' in from_review
    # Opened from its own quarter's page, or with a period that names no cycle, it leads back to that page.
    for query in ("", "?back=2031-Q1"):
        page = client.get(f"{path}{query}").get_data(as_text=True)
        assert f'<a href="{_page(team, EARLIER)}#actions">{team.name} · {EARLIER}</a>' in page


def _cycle(period: str) -> Cycle:
    return db.session.execute(db.select(Cycle).where(Cycle.organization_id == _team().organization_id,
                                                     Cycle.period == period)).scalar_one()


def _date_input(html: str) -> str:
    found = re.search(r'<input[^>]*name="due_on"[^>]*>', html)
    assert found, "the form has a due date"
    return found.group(0)


def test_a_due_date_already_past_is_refused_as_it_says_and_the_calendar_starts_today(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    """A date after the cycle opened but before today was taken, and shown "overdue" at once, while an earlier
    one was refused as not "for the work still to come"."""
    login(client, "team_lead")
    team = _team()
    past = _cycle(LATEST).opens_on + dt.timedelta(days=1)   # after the cycle opened, before today
    assert past < dt.date.today()
    today = dt.date.today().isoformat()
    page = client.get(_page(team)).get_data(as_text=True)
    assert f'min="{today}"' in _date_input(page[page.index("Add an action"):])
    reply = client.post(f"{_page(team)}/actions/new", data={
        "csrf_token": csrf_token(page), "title": "Late already", "due_on": past.isoformat(), "status": "planned"})
    said = _text(reply.get_data(as_text=True))
    assert reply.status_code == 422
    assert (f"The action was not added: the due date is in the past: give today's date ({dt.date.today():%-d %B %Y})"
            " or a later one, for the work still to come.") in said
    assert f'min="{today}"' in _date_input(reply.get_data(as_text=True))
    assert "Late already" not in [a.title for a in _actions(team, LATEST)]
    taken = client.post(f"{_page(team)}/actions/new", data={
        "csrf_token": csrf_token(page), "title": "Due today", "due_on": today, "status": "planned"})
    assert taken.status_code == 302


@pytest.mark.parametrize("period", [LATEST, EARLIER])
def test_an_action_whose_due_date_has_passed_still_saves_with_it_unchanged_but_not_moved_to_another_past_day(
    client: FlaskClient, login, period: str  # type: ignore[no-untyped-def]
) -> None:
    login(client, "team_lead")
    team = _team()
    action = _actions(team, period)[0]
    passed = _cycle(period).opens_on + dt.timedelta(days=3)
    action.due_on = passed
    db.session.commit()
    path = f"{_page(team, period)}/actions/{action.id}"
    form = client.get(path).get_data(as_text=True)
    assert f'min="{passed.isoformat()}"' in _date_input(form)  # the calendar does not refuse the date it shows
    data = {"csrf_token": csrf_token(form), "practice": action.practice_id or "", "title": action.title,
            "owner": "Kim Ito", "status": "in_progress", "notes": "Started late."}
    moved = client.post(path, data={**data, "due_on": (passed + dt.timedelta(days=1)).isoformat()})
    assert moved.status_code == 422 and "Nothing was saved: the due date is in the past" in _text(
        moved.get_data(as_text=True))
    kept = client.post(path, data={**data, "due_on": passed.isoformat()})
    assert kept.status_code == 302
    db.session.refresh(action)
    assert (action.due_on, action.owner, action.status) == (passed, "Kim Ito", ActionStatus.in_progress)


def test_an_earlier_quarters_remove_page_says_it_cannot_be_removed_and_how_to_drop_it(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    login(client, "team_lead")
    team = _team()
    action = _actions(team, EARLIER)[0]
    path = f"{_page(team, EARLIER)}/actions/{action.id}"
    page = client.get(f"{path}/delete").get_data(as_text=True)
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert title and _text(title.group(1)).startswith(f"{action.title} cannot be removed ·")
    assert heading and _text(heading.group(1)) == f"“{action.title}” cannot be removed"
    assert "Remove “" not in page and "Remove the action" not in page
    said = _text(page)
    assert "drop it instead: open the action, set its status to dropped and save" in said
    assert f'href="{path}#status">Open the action to drop it</a>' in page


def test_the_button_to_the_actions_counts_the_earlier_ones_waiting_for_review(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    """"Actions: review and commit (0)" sat above last quarter's actions, all waiting to be reviewed."""
    login(client, "team_lead")
    team = _team()
    for action in _actions(team, LATEST):
        db.session.delete(action)
    db.session.commit()
    waiting = len(_actions(team, EARLIER))
    assert waiting
    page = client.get(_page(team)).get_data(as_text=True)
    button = re.search(r'<a class="button" href="#actions">(.*?)</a>', page, re.S)
    assert button and _text(button.group(1)) == (
        f"Actions: review and commit (0 for {LATEST}, {waiting} from {EARLIER} to review)")
    assert f"Actions since {EARLIER}" in _text(page)
