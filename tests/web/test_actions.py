"""Team actions on the results page: a lead commits to practices and keeps them current; others read or see nothing."""
from __future__ import annotations

import datetime as dt
import html as htmllib
import re

from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Action, ActionStatus, AuditEntry, Cycle, Team
from assessment.operations.accounts import find_user
from reports.playbook import Practice, default_playbook
from tests.conftest import csrf_token

PERIOD = "2026-Q3"


def _lead_team() -> Team:
    lead = find_user("lead@demo.example")
    assert lead is not None and lead.team is not None
    return lead.team


def _other_team(team: Team) -> Team:
    return next(t for t in team.organization.teams if t.id != team.id)


def _page(slug: str) -> str:
    return f"/results/northwind/{PERIOD}/teams/{slug}"


def _actions(team: Team, period: str = PERIOD) -> list[Action]:
    return list(db.session.execute(
        db.select(Action).join(Cycle).where(Action.team_id == team.id, Cycle.period == period).order_by(Action.id)
    ).scalars())


def _visible_text(html: str) -> str:
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_a_lead_adds_an_action_in_their_own_words_and_sees_it_on_the_team_page(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    login(client, "team_lead")
    team = _lead_team()
    page = client.get(_page(team.slug)).get_data(as_text=True)
    assert "Add an action" in page
    due = dt.date.today() + dt.timedelta(days=17)  # a due date is today or later, whenever the test runs
    reply = client.post(f"{_page(team.slug)}/actions/new", data={
        "csrf_token": csrf_token(page), "practice": "", "title": "Shared <b>pipeline</b> review",
        "owner": "Dana & Lee", "due_on": due.isoformat(), "status": "in_progress", "notes": "",
    })
    assert reply.status_code == 302 and reply.headers["Location"].endswith(f"{_page(team.slug)}#actions")
    added = _actions(team)[-1]
    assert (added.title, added.owner, added.due_on, added.status) == (
        "Shared <b>pipeline</b> review", "Dana & Lee", due, ActionStatus.in_progress)
    shown = client.get(_page(team.slug)).get_data(as_text=True)
    assert "Shared &lt;b&gt;pipeline&lt;/b&gt; review" in shown and "<b>pipeline</b>" not in shown
    row = _visible_text(shown)
    assert ("Shared <b>pipeline</b> review Edit “Shared <b>pipeline</b> review” own action Dana & Lee "
            f"{due:%-d %B %Y} In progress") in row
    entry = db.session.execute(db.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).scalar_one()
    assert entry.actor == "lead@demo.example" and entry.action == "action.add"
    assert "pipeline" not in entry.target  # the trail names the action, not its text


def test_commit_to_a_suggested_practice_takes_its_title_and_then_shows_it_committed(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    login(client, "team_lead")
    team = _lead_team()
    page = client.get(_page(team.slug)).get_data(as_text=True)
    suggested = _commit_buttons(page)
    assert suggested, "the plan's practices come with a commit button"
    practice = suggested[0]
    reply = client.post(f"{_page(team.slug)}/actions/new",
                        data={"csrf_token": csrf_token(page), "practice": practice})
    assert reply.status_code == 302
    added = _actions(team)[-1]
    assert added.practice_id == practice and added.status == ActionStatus.planned and added.title
    after = client.get(_page(team.slug)).get_data(as_text=True)
    assert practice not in _commit_buttons(after)
    assert "committed" in after


def _commit_buttons(page: str) -> list[str]:
    """The practices the page offers a "Commit to this" button for."""
    return re.findall(r'name="practice" value="([a-z0-9-]+)">\s*<button class="button" type="submit"[^>]*>'
                      r"Commit to this", page)


def _suggestion(page: str, practice: Practice) -> str:
    """What the team page says of one suggested practice: the words of its item in "Suggested by the action plan"."""
    suggested = page[page.index("Suggested by the action plan"):page.index("Add an action")]
    items = [_visible_text(item).strip() for item in re.findall(r"<li>(.*?)</li>", suggested, re.S)]
    return next(item for item in items if item.startswith(practice.title))


def _know_it_works(practice: Practice) -> str:
    """The plan PDF's line for a practice, as the playbook words it (whitespace as a browser shows it)."""
    return " ".join(f"How you will know it works. {practice.success}".split())


def test_a_suggested_practice_says_how_the_team_will_know_it_works_before_and_after_committing(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    login(client, "team_lead")
    team = _lead_team()
    page = client.get(_page(team.slug)).get_data(as_text=True)
    offered = [default_playbook().get(practice_id) for practice_id in _commit_buttons(page)]
    assert offered, "the plan suggests practices to commit to"
    for practice in offered:
        read = _suggestion(page, practice)
        assert " ".join(practice.summary.split()) in read and _know_it_works(practice) in read, practice.id
    chosen = offered[0]
    reply = client.post(f"{_page(team.slug)}/actions/new",
                        data={"csrf_token": csrf_token(page), "practice": chosen.id})
    assert reply.status_code == 302
    after = client.get(_page(team.slug)).get_data(as_text=True)
    assert _know_it_works(chosen) in _suggestion(after, chosen) and "committed" in _suggestion(after, chosen)
    # Keeping the action current, the lead reads what the plan holds it to.
    added = _actions(team)[-1]
    edit = _visible_text(client.get(f"{_page(team.slug)}/actions/{added.id}").get_data(as_text=True))
    assert f"{team.name} committed to this practice from the playbook:" in edit and _know_it_works(chosen) in edit


def test_an_action_needs_a_title_unless_a_practice_is_chosen(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    team = _lead_team()
    before = len(_actions(team))
    form = client.get(f"{_page(team.slug)}/actions/new").get_data(as_text=True)
    reply = client.post(f"{_page(team.slug)}/actions/new", data={
        "csrf_token": csrf_token(form), "practice": "", "title": "  ", "status": "planned"})
    assert reply.status_code == 422
    # A sentence of its own above the form, not a lower-case fragment.
    assert ("The action was not added: give the action a title, or choose a practice from the playbook."
            in _visible_text(reply.get_data(as_text=True)))
    refused = client.post(f"{_page(team.slug)}/actions/new", data={
        "csrf_token": csrf_token(form), "practice": "not-a-practice", "title": "x", "status": "planned"})
    assert refused.status_code == 422
    wrong_status = client.post(f"{_page(team.slug)}/actions/new", data={
        "csrf_token": csrf_token(form), "title": "x", "status": "finished"})
    assert wrong_status.status_code == 422
    assert len(_actions(team)) == before


def test_a_lead_updates_an_action_of_their_team(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    team = _lead_team()
    action = _actions(team)[0]
    path = f"{_page(team.slug)}/actions/{action.id}"
    form = client.get(path).get_data(as_text=True)
    assert htmllib.escape(action.title, quote=False) in form
    reply = client.post(f"{path}?back=https://evil.example/", data={
        "csrf_token": csrf_token(form), "practice": action.practice_id or "", "title": action.title,
        "owner": "Sam Chen", "due_on": "", "status": "done", "notes": "Ran three sessions.",
    })
    assert reply.status_code == 302 and reply.headers["Location"].endswith(f"{_page(team.slug)}#actions")
    db.session.refresh(action)
    assert (action.owner, action.due_on, action.status, action.notes) == (
        "Sam Chen", None, ActionStatus.done, "Ran three sessions.")
    assert "Sam Chen" in _visible_text(client.get(_page(team.slug)).get_data(as_text=True))


def test_a_lead_removes_an_action(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    team = _lead_team()
    action = _actions(team)[0]
    form = client.get(f"{_page(team.slug)}/actions/{action.id}").get_data(as_text=True)
    reply = client.post(f"{_page(team.slug)}/actions/{action.id}/delete", data={"csrf_token": csrf_token(form)})
    assert reply.status_code == 302
    assert action.id not in [a.id for a in _actions(team)]


def test_another_teams_lead_gets_404_for_reading_and_writing(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    other = _other_team(_lead_team())
    action = _actions(other)[0]
    token = csrf_token(client.get(_page(_lead_team().slug)).get_data(as_text=True))
    assert client.get(_page(other.slug)).status_code == 404
    assert client.get(f"{_page(other.slug)}/actions/new").status_code == 404
    assert client.post(f"{_page(other.slug)}/actions/new",
                       data={"csrf_token": token, "title": "Sneaky", "status": "planned"}).status_code == 404
    assert client.post(f"{_page(other.slug)}/actions/{action.id}",
                       data={"csrf_token": token, "title": "Sneaky", "status": "done"}).status_code == 404
    assert client.post(f"{_page(other.slug)}/actions/{action.id}/delete",
                       data={"csrf_token": token}).status_code == 404
    db.session.refresh(action)
    assert action.title != "Sneaky"
    assert "Sneaky" not in [a.title for a in _actions(other)]


def test_an_executive_reads_actions_but_cannot_change_them(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    team = _lead_team()
    action = _actions(team)[0]
    page = client.get(_page(team.slug)).get_data(as_text=True)
    assert htmllib.escape(action.title, quote=False) in page
    assert "Add an action" not in page and "Commit to this" not in page and "/actions/new" not in page
    assert f"/actions/{action.id}" not in page
    token = csrf_token(client.get("/auth/login").get_data(as_text=True))
    assert client.get(f"{_page(team.slug)}/actions/new").status_code == 403
    assert client.post(f"{_page(team.slug)}/actions/new",
                       data={"csrf_token": token, "title": "Exec idea", "status": "planned"}).status_code == 403
    assert client.post(f"{_page(team.slug)}/actions/{action.id}",
                       data={"csrf_token": token, "title": "Exec idea", "status": "done"}).status_code == 403
    assert client.post(f"{_page(team.slug)}/actions/{action.id}/delete", data={"csrf_token": token}).status_code == 403
    assert "Exec idea" not in [a.title for a in _actions(team)]
    assert action.id in [a.id for a in _actions(team)]


def test_the_consultant_adds_actions_for_any_team_of_a_client(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    other = _other_team(_lead_team())
    page = client.get(_page(other.slug)).get_data(as_text=True)
    reply = client.post(f"{_page(other.slug)}/actions/new", data={
        "csrf_token": csrf_token(page), "practice": "joint-planning", "title": "", "status": "planned"})
    assert reply.status_code == 302
    assert _actions(other)[-1].title == "Plan strategy, pricing and forecasts together"


def test_a_withheld_teams_suggestions_follow_the_organizations_results_and_say_so(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    page = _visible_text(client.get(_page("brand-content")).get_data(as_text=True))  # too few answers in 2026-Q3
    suggested = page[page.index("Suggested by the action plan"):page.index("Add an action")]
    assert suggested.startswith("Suggested by the action plan The scores of Brand and Content are withheld, so these "
                                "practices follow the results of Northwind Traders as a whole: where its sales and "
                                "marketing see things most differently comes first, then where it stands lowest against the "
                                "median of the Synthetic demo pool benchmark.")
    assert len(re.findall(r"scores \d+/100 across Northwind Traders,", suggested)) == 4  # a reason per core dimension


def test_no_actions_for_a_cycle_without_results(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "admin")
    team = _lead_team()
    assert client.get(f"/results/northwind/2026-Q4/teams/{team.slug}/actions/new").status_code == 404


def test_the_team_page_reviews_last_cycles_actions_with_what_has_moved(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    team = _lead_team()
    earlier = _actions(team, "2026-Q2")
    assert earlier, "the demo gives the lead's team actions on 2026-Q2"
    text = _visible_text(client.get(_page(team.slug)).get_data(as_text=True))
    assert "Actions since 2026-Q2" in text
    for action in earlier:
        assert f"{action.title} ({action.status.value.replace('_', ' ')}):" in text
    # The lead settles one of them from there: the review then says so.
    action = next(a for a in earlier if a.status != ActionStatus.done)
    path = f"/results/northwind/2026-Q2/teams/{team.slug}/actions/{action.id}?back={PERIOD}"
    assert f'href="{path}"' in client.get(_page(team.slug)).get_data(as_text=True)
    form = client.get(path).get_data(as_text=True)
    reply = client.post(path, data={"csrf_token": csrf_token(form), "practice": action.practice_id or "",
                                    "title": action.title, "owner": action.owner, "status": "done"})
    assert reply.status_code == 302 and reply.headers["Location"].endswith(f"{_page(team.slug)}#review")
    assert f"{action.title} (done):" in _visible_text(client.get(_page(team.slug)).get_data(as_text=True))


def test_an_executive_sees_the_review_without_links_to_change_it(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    team = _lead_team()
    page = client.get(_page(team.slug)).get_data(as_text=True)
    assert "Actions since 2026-Q2" in page
    assert "/actions/" not in page and "Update its status" not in page


def _section(html: str, heading: str) -> str:
    """The team page from a section's heading to the next one of its level."""
    start = html.index(f"<h2>{heading}")
    end = html.find("<h2", start + 4)
    return html[start:end if end != -1 else len(html)]


def test_what_a_change_did_is_said_in_the_section_the_reader_lands_in(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """The forms send the reader to #actions (or #review): the confirmation stands there, not at the top of
    a page the browser has scrolled past, and only once."""
    login(client, "team_lead")
    team = _lead_team()
    page = client.get(_page(team.slug)).get_data(as_text=True)
    reply = client.post(f"{_page(team.slug)}/actions/new", data={
        "csrf_token": csrf_token(page), "practice": "", "title": "Joint forecast call", "status": "planned"})
    assert reply.headers["Location"].endswith("#actions")
    landed = client.get(_page(team.slug)).get_data(as_text=True)
    message = "Added “Joint forecast call” to the actions of"
    assert message in _visible_text(_section(landed, f"Actions for {PERIOD}"))
    assert landed.count(message) == 1

    earlier = next(a for a in _actions(team, "2026-Q2"))
    path = f"/results/northwind/2026-Q2/teams/{team.slug}/actions/{earlier.id}?back={PERIOD}"
    form = client.get(path).get_data(as_text=True)
    client.post(path, data={"csrf_token": csrf_token(form), "practice": earlier.practice_id or "",
                            "title": earlier.title, "owner": earlier.owner, "status": "done"})
    reviewed = client.get(_page(team.slug)).get_data(as_text=True)
    saved = f"Saved “{earlier.title}”."
    assert saved in _visible_text(_section(reviewed, "Actions since 2026-Q2"))
    assert _visible_text(reviewed).count(saved) == 1


def test_each_actions_edit_link_stands_under_its_title(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """In the first column, where a phone shows it, not in a last column scrolled out of sight."""
    login(client, "team_lead")
    team = _lead_team()
    table = _section(client.get(_page(team.slug)).get_data(as_text=True), f"Actions for {PERIOD}")
    for action in _actions(team):
        row = next(r for r in re.findall(r"<tr>(.*?)</tr>", table, re.S) if f"/actions/{action.id}\"" in r)
        first_cell = re.search(r"<td[^>]*>(.*?)</td>", row, re.S)
        assert first_cell and f"/actions/{action.id}\"" in first_cell.group(1), action.title


def test_an_action_still_to_do_after_its_due_date_is_marked_overdue(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    team = _lead_team()
    cycle = db.session.execute(db.select(Cycle).where(Cycle.organization_id == team.organization_id,
                                                      Cycle.period == PERIOD)).scalar_one()
    yesterday, tomorrow = dt.date.today() - dt.timedelta(days=1), dt.date.today() + dt.timedelta(days=1)
    cases = {"Late and planned": (yesterday, ActionStatus.planned), "Late and under way": (yesterday, ActionStatus.in_progress),
             "Late but done": (yesterday, ActionStatus.done), "Late but dropped": (yesterday, ActionStatus.dropped),
             "Due tomorrow": (tomorrow, ActionStatus.planned), "Due today": (dt.date.today(), ActionStatus.planned)}
    db.session.add_all(Action(team_id=team.id, cycle_id=cycle.id, title=title, due_on=due, status=status)
                       for title, (due, status) in cases.items())
    db.session.commit()
    table = _section(client.get(_page(team.slug)).get_data(as_text=True), f"Actions for {PERIOD}")
    rows = {_visible_text(r).split(" Edit ")[0].strip(): _visible_text(r) for r in re.findall(r"<tr>(.*?)</tr>", table, re.S)}
    overdue = {title for title in cases if rows[title].rstrip().endswith("overdue")}
    assert overdue == {"Late and planned", "Late and under way"}


def test_an_action_sent_after_signing_out_elsewhere_says_nothing_was_done_and_leads_back(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    """A lead signed out in another tab while writing an action: plain words and the way back, not "CSRF token"."""
    login(client, "team_lead")
    team = _lead_team()
    page = client.get(_page(team.slug)).get_data(as_text=True)
    before = len(_actions(team))
    client.post("/auth/logout", data={"csrf_token": csrf_token(page)})
    reply = client.post(f"{_page(team.slug)}/actions/new",
                        data={"csrf_token": csrf_token(page), "title": "Weekly pipeline review", "status": "planned"})
    text = _visible_text(reply.get_data(as_text=True))
    assert reply.status_code == 400 and "CSRF" not in text
    assert "Nothing was done" in text and "You were signed out while the page was open" in text
    assert f'href="/auth/login?next={_page(team.slug)}/actions/new"' in reply.get_data(as_text=True)
    assert len(_actions(team)) == before


def _hidden(form: str, name: str) -> str:
    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', form) or re.search(rf'value="([^"]*)"[^>]*name="{name}"', form)
    assert found is not None, name
    return found.group(1)


def test_a_save_from_a_stale_tab_does_not_wipe_a_later_save(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Two tabs open on one action: the second save used to put back the owner the first had just changed."""
    login(client, "team_lead")
    team = _lead_team()
    action = _actions(team)[0]
    path = f"{_page(team.slug)}/actions/{action.id}"
    tab_a, tab_b = client.get(path).get_data(as_text=True), client.get(path).get_data(as_text=True)
    fields = {"practice": action.practice_id or "", "title": action.title, "due_on": "", "status": "planned"}
    first = client.post(path, data={**fields, "csrf_token": csrf_token(tab_a), "seen": _hidden(tab_a, "seen"),
                                    "owner": "Tab A owner", "notes": ""})
    assert first.status_code == 302
    second = client.post(path, data={**fields, "csrf_token": csrf_token(tab_b), "seen": _hidden(tab_b, "seen"),
                                     "owner": "", "notes": "Written in tab B"})
    page = _visible_text(second.get_data(as_text=True))
    assert second.status_code == 409
    # Most often the other save was the lead's own, in another tab: "someone else saved" sent them looking for one.
    assert ("Nothing was saved: this action was changed since you opened it (in another tab or by someone else)."
            in page and "someone else saved" not in page)
    assert "“Tab A owner”" in page and "Written in tab B" in page  # the saved one named, yours kept
    # Not "reload": reloading the page of a refused POST would send the same form again.
    assert "save again to put them in place of the saved ones, or open the action again from the team page" in page
    db.session.refresh(action)
    assert (action.owner, action.notes) == ("Tab A owner", "")
    again = client.post(path, data={**fields, "csrf_token": csrf_token(tab_b), "owner": "",
                                     "seen": _hidden(second.get_data(as_text=True), "seen"), "notes": "Written in tab B"})
    assert again.status_code == 302  # saving once more, knowingly, goes through
    db.session.refresh(action)
    assert action.notes == "Written in tab B"


def test_the_back_button_after_a_removal_says_the_action_is_gone(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    team = _lead_team()
    action = _actions(team)[0]
    confirm = client.get(f"{_page(team.slug)}/actions/{action.id}/delete").get_data(as_text=True)
    assert client.post(f"{_page(team.slug)}/actions/{action.id}/delete",
                       data={"csrf_token": csrf_token(confirm)}).status_code == 302
    for path in (f"{_page(team.slug)}/actions/{action.id}/delete", f"{_page(team.slug)}/actions/{action.id}"):
        reply = client.get(path)
        page = _visible_text(reply.get_data(as_text=True))
        assert reply.status_code == 404
        assert f"This action is not on the list of {team.name} for {PERIOD}: it has been removed" in page
        assert "check your spelling" not in page


def test_a_date_that_does_not_exist_says_what_to_type_and_keeps_the_rest(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    team = _lead_team()
    before = len(_actions(team))
    form = client.get(f"{_page(team.slug)}/actions/new").get_data(as_text=True)
    for typed in ("2026-02-30", "31/12/2026"):
        reply = client.post(f"{_page(team.slug)}/actions/new", data={
            "csrf_token": csrf_token(form), "practice": "", "title": "Joint pipeline review", "owner": "Ana Ruiz",
            "due_on": typed, "status": "planned"})
        page = _visible_text(reply.get_data(as_text=True))
        assert reply.status_code == 422
        assert "type it as year-month-day, such as 2026-12-31" in page and "Not a valid date value" not in page
        assert 'value="Joint pipeline review"' in reply.get_data(as_text=True) and 'value="Ana Ruiz"' in reply.get_data(as_text=True)
    assert len(_actions(team)) == before


def test_a_double_clicked_save_is_not_taken_for_someone_elses(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Both requests of a double click carry the page's first state; the second finds the first one's save."""
    login(client, "team_lead")
    team = _lead_team()
    action = _actions(team)[0]
    path = f"{_page(team.slug)}/actions/{action.id}"
    form = client.get(path).get_data(as_text=True)
    data = {"csrf_token": csrf_token(form), "seen": _hidden(form, "seen"), "practice": action.practice_id or "",
            "title": action.title, "owner": "  Priya  Shah ", "due_on": "", "status": "in_progress", "notes": "Started."}
    assert client.post(path, data=data).status_code == 302
    again = client.post(path, data=data)
    assert again.status_code == 302 and "someone else saved" not in again.get_data(as_text=True)
    db.session.refresh(action)
    assert (action.owner, action.status, action.notes) == ("Priya Shah", ActionStatus.in_progress, "Started.")
