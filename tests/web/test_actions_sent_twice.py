"""The same action sent twice (a replayed form, a retry, a second tab) is listed once: once the next survey has
results, neither copy could be removed, and one practice ended up committed three times."""
from __future__ import annotations

from flask.testing import FlaskClient

from tests.conftest import csrf_token
from tests.web.test_actions import PERIOD, _actions, _commit_buttons, _lead_team, _page, _section, _visible_text


def _said_in_actions(client: FlaskClient, slug: str) -> str:
    """The words of the team page's "Actions for" section, where a form's outcome is said."""
    return _visible_text(_section(client.get(_page(slug)).get_data(as_text=True), f"Actions for {PERIOD}"))


def test_an_action_sent_again_lands_where_the_first_did_and_is_not_added_twice(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    login(client, "team_lead")
    team = _lead_team()
    page = client.get(_page(team.slug)).get_data(as_text=True)
    before = len(_actions(team))
    form = {"csrf_token": csrf_token(page), "practice": "", "title": "Weekly pipeline review", "status": "planned"}
    first = client.post(f"{_page(team.slug)}/actions/new", data=form)
    assert first.status_code == 302
    client.get(_page(team.slug))  # the first one's page, and its "Added" message, seen
    # The same request replayed, then retyped with other case and spacing: each is the action the team has.
    for title in ("Weekly pipeline review", "  weekly  PIPELINE review "):
        again = client.post(f"{_page(team.slug)}/actions/new", data={**form, "title": title})
        assert again.status_code == 302 and again.headers["Location"] == first.headers["Location"]
        said = _said_in_actions(client, team.slug)
        assert (f"“Weekly pipeline review” is already on the list of actions of {team.name} for {PERIOD}: "
                "it was not added again.") in said
    assert [a.title for a in _actions(team)].count("Weekly pipeline review") == 1
    assert len(_actions(team)) == before + 1


def test_commit_to_this_from_a_second_tab_does_not_commit_the_practice_again(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    login(client, "team_lead")
    team = _lead_team()
    tab_a, tab_b = (client.get(_page(team.slug)).get_data(as_text=True) for _ in range(2))
    practice = _commit_buttons(tab_a)[0]
    for tab in (tab_a, tab_b, tab_b):
        reply = client.post(f"{_page(team.slug)}/actions/new",
                            data={"csrf_token": csrf_token(tab), "practice": practice})
        assert reply.status_code == 302 and reply.headers["Location"].endswith(f"{_page(team.slug)}#actions")
    committed = [a for a in _actions(team) if a.practice_id == practice]
    assert len(committed) == 1
    assert f"“{committed[0].title}” is already on the list of actions of {team.name}" in _said_in_actions(
        client, team.slug)


def test_an_action_of_its_own_under_a_committed_practice_is_still_added(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    """Not the same action: a second, differently named step under one practice, which the plan lists too."""
    login(client, "team_lead")
    team = _lead_team()
    page = client.get(_page(team.slug)).get_data(as_text=True)
    practice = _commit_buttons(page)[0]
    token = csrf_token(page)
    client.post(f"{_page(team.slug)}/actions/new", data={"csrf_token": token, "practice": practice})
    reply = client.post(f"{_page(team.slug)}/actions/new", data={
        "csrf_token": token, "practice": practice, "title": "Second step: the pricing review", "status": "planned"})
    assert reply.status_code == 302
    assert len([a for a in _actions(team) if a.practice_id == practice]) == 2
