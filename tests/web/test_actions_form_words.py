"""What the action form says to the lead filling it in: who reads a note, and a refusal at the field it is about."""
from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.conftest import csrf_token
from tests.web.test_actions import _actions, _lead_team, _page, _visible_text


def _control(html: str, name: str) -> str:
    found = re.search(rf'<(?:input|textarea|select)[^>]*name="{name}"[^>]*>', html)
    assert found, name
    return found.group(0)


def _described_by(html: str, control: str) -> str:
    """The words a screen reader reads with a control: its aria-describedby targets, in order."""
    ids = re.search(r'aria-describedby="([^"]+)"', control)
    assert ids, control
    said = [re.search(rf'id="{i}">(.*?)</span>', html, re.S) for i in ids.group(1).split()]
    assert all(said), control
    return " ".join(_visible_text(found.group(1)).strip() for found in said if found)


def test_the_notes_field_says_who_reads_a_note_and_that_the_plan_prints_it(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    """Written as the team's scratchpad, a note went to the executives and into the printed plan."""
    login(client, "team_lead")
    team = _lead_team()
    pages = (_page(team.slug), f"{_page(team.slug)}/actions/new", f"{_page(team.slug)}/actions/{_actions(team)[0].id}")
    for path in pages:
        html = client.get(path).get_data(as_text=True)
        assert _described_by(html, _control(html, "notes")) == (
            "Executives and consultants read it under the action on this team's page, "
            "and the PDF action plan prints it."), path


def test_a_missing_title_is_said_at_the_title_field(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Said only above the form, a screen reader on the Title field heard nothing wrong with it."""
    login(client, "team_lead")
    team = _lead_team()
    form = client.get(f"{_page(team.slug)}/actions/new").get_data(as_text=True)
    assert 'aria-invalid' not in _control(form, "title")
    reply = client.post(f"{_page(team.slug)}/actions/new", data={
        "csrf_token": csrf_token(form), "practice": "", "title": "  ", "owner": "Ana Ruiz", "status": "planned"})
    html = reply.get_data(as_text=True)
    title = _control(html, "title")
    assert reply.status_code == 422 and 'aria-invalid="true"' in title
    assert _described_by(html, title).startswith("Give the action a title, or choose a practice from the playbook.")
    assert 'aria-invalid' not in _control(html, "owner")
    # The sentence above the form leads to the field.
    assert re.search(r'role="alert"><a href="#title">The action was not added: give the action a title', html)
