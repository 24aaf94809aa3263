"""A team's note on an action: written in the edit form, read under the action by whoever sees the team's page."""
from __future__ import annotations

from flask.testing import FlaskClient

from tests.conftest import csrf_token
from tests.web.test_actions import PERIOD, _actions, _lead_team, _page, _section, _visible_text

NOTE = "Agreed with <b>Marketing</b> & Dana.\nFirst session on 3 December."


def _write_note(client: FlaskClient, period: str = PERIOD, note: str = NOTE) -> str:
    """The lead writes ``note`` on the team's first action of ``period``; returns its title."""
    team = _lead_team()
    action = _actions(team, period)[0]
    path = f"/results/northwind/{period}/teams/{team.slug}/actions/{action.id}"
    form = client.get(path).get_data(as_text=True)
    reply = client.post(path, data={
        "csrf_token": csrf_token(form), "practice": action.practice_id or "", "title": action.title,
        "owner": action.owner, "status": action.status.value, "notes": note})
    assert reply.status_code == 302
    return action.title


def test_a_leads_note_shows_under_its_action_escaped_with_its_line_break(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """The form took a note and the page showed it nowhere."""
    login(client, "team_lead")
    title = _write_note(client)
    page = client.get(_page(_lead_team().slug)).get_data(as_text=True)
    table = _section(page, f"Actions for {PERIOD}")
    assert "Agreed with &lt;b&gt;Marketing&lt;/b&gt; &amp; Dana." in table and "<b>Marketing</b>" not in page
    cell = table[table.index(title, table.index("<tbody>")):]
    assert _visible_text(cell).startswith(
        f"{title} Note: Agreed with <b>Marketing</b> & Dana. First session on 3 December. Edit")
    note = cell[cell.index('class="action-note"'):]
    assert "Dana.\r\nFirst session" in note or "Dana.\nFirst session" in note   # kept for white-space: pre-line


def test_an_executive_reads_the_note_too(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    _write_note(client)
    client.post("/auth/logout", data={"csrf_token": csrf_token(client.get("/").get_data(as_text=True))})
    login(client, "executive")
    text = _visible_text(client.get(_page(_lead_team().slug)).get_data(as_text=True))
    assert "Note: Agreed with <b>Marketing</b> & Dana." in text


def test_last_cycles_note_shows_in_its_review(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    title = _write_note(client, "2026-Q2", "Stopped after two sessions: <i>nobody</i> came.")
    review = _visible_text(_section(client.get(_page(_lead_team().slug)).get_data(as_text=True),
                                    "Actions since 2026-Q2"))
    after = review[review.index(f"{title} ("):]
    assert "Note: Stopped after two sessions: <i>nobody</i> came. Update its status" in after


def test_an_action_without_a_note_shows_no_empty_note(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    _write_note(client, note="   ")
    page = client.get(_page(_lead_team().slug)).get_data(as_text=True)
    assert "Note:" not in _section(page, f"Actions for {PERIOD}")
