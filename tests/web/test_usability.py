"""What a user reads on the pages: honest promises, controls that say what they act on, errors tied to their field."""
from __future__ import annotations

import html as htmllib
import re

from flask import Flask
from flask.testing import FlaskClient

from assessment.demo.load import DEMO_VERSION
from assessment.extensions import db
from assessment.models import Action, Cycle, Organization
from assessment.operations.accounts import find_user
from questionnaires.builtin import load_builtin
from tests.conftest import csrf_token
from tests.web.test_respond import refused_submit

QUESTIONNAIRE = load_builtin("alignment-core", DEMO_VERSION)
PERIOD = "2026-Q3"


def _text(markup: str) -> str:
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", "", markup))).strip()


# --- The employee's survey ------------------------------------------------------


def test_the_thank_you_page_promises_no_group_size_the_cycle_may_not_have(client: FlaskClient, open_invitation) -> None:  # type: ignore[no-untyped-def]
    invitation, token = open_invitation()
    invitation.cycle.min_group_size = 3   # "at least four colleagues" would then be untrue
    db.session.commit()
    answers = {item.id: "4" for item in QUESTIONNAIRE.items}
    reply = client.post(f"/s/{token}", data={**answers, "submit": "1"})
    thanks = _text(client.get(reply.headers["Location"]).get_data(as_text=True))
    assert "Thank you" in thanks
    assert "colleagues" not in thanks
    assert "groups large enough that no result is about one person alone" in thanks


def test_the_error_summary_links_to_the_first_missing_answer_as_the_page_orders_them(
    client: FlaskClient, open_invitation  # type: ignore[no-untyped-def]
) -> None:
    _, token = open_invitation()
    page = client.get(f"/s/{token}").get_data(as_text=True)
    shown = re.findall(r'<div class="question[^"]*" id="q-([\w-]+)"', page)
    answers = {item_id: "3" for item_id in shown[:2] if item_id in {i.id for i in QUESTIONNAIRE.items}}
    html = refused_submit(client, token, answers).get_data(as_text=True)
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert summary
    link = re.search(r'<a href="#q-([\w-]+)">Go to the first one</a>', summary.group(0))
    assert link and link.group(1) == shown[2]
    group = re.search(rf'id="q-{shown[2]}">.*?<div class="scale" ([^>]*)>', html, re.S)
    assert group and f'aria-describedby="error-{shown[2]}"' in group.group(1) and 'aria-invalid="true"' in group.group(1)
    assert re.search(rf'<p class="field-error" id="error-{shown[2]}">Please choose an answer.</p>', html)


# --- Forms of the console and the actions -----------------------------------------


def test_a_refused_value_is_tied_to_its_field_with_the_reason_and_the_hint(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    form = client.get("/manage/northwind/cycles/new").get_data(as_text=True)
    control = re.search(r'<input[^>]*id="period"[^>]*>', form)
    assert control and 'aria-describedby="period-hint"' in control.group(0) and "aria-invalid" not in control.group(0)
    assert re.search(r'<span class="field-hint" id="period-hint">Names the cycle', form)
    fields = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', form))
    fields.update(period="2027 Q1/x", csrf_token=csrf_token(form))
    fields.setdefault("questionnaire", re.findall(r'<option[^>]*value="([^"]+)"', form)[0])
    html = client.post("/manage/northwind/cycles/new", data=fields).get_data(as_text=True)
    control = re.search(r'<input[^>]*id="period"[^>]*>', html)
    assert control and 'aria-invalid="true"' in control.group(0)
    assert 'aria-describedby="period-error period-hint"' in control.group(0)
    error = re.search(r'<span class="field-error" id="period-error">(.*?)</span>', html)
    assert error and "a year from 2000 to 2099, then a quarter, half or month" in error.group(1)


def test_a_checkbox_comes_before_its_label(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    html = client.get("/manage/northwind/roster").get_data(as_text=True)
    field = re.search(r'<p class="field check">\s*(<input[^>]*>)\s*<span><label for="remove_missing">', html)
    assert field and 'type="checkbox"' in field.group(1)


def _lead_page(client: FlaskClient, login) -> tuple[str, list[Action]]:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    lead = find_user("lead@demo.example")
    assert lead is not None and lead.team is not None
    cycle = db.session.execute(db.select(Cycle).join(Organization).where(
        Organization.slug == "northwind", Cycle.period == PERIOD)).scalar_one()
    actions = list(db.session.execute(db.select(Action).filter_by(team_id=lead.team.id, cycle_id=cycle.id)).scalars())
    return client.get(f"/results/northwind/{PERIOD}/teams/{lead.team.slug}").get_data(as_text=True), actions


def test_each_edit_link_and_commit_button_names_what_it_acts_on(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    page, actions = _lead_page(client, login)
    assert actions, "the demo gives the lead's team actions"
    edits = [_text(m) for m in re.findall(r'<a href="[^"]*/actions/\d+">(.*?)</a>', page, re.S)]
    assert sorted(edits) == sorted(f"Edit “{a.title}”" for a in actions)
    commits = re.findall(r'<button class="button" type="submit" aria-label="(Commit to this[^"]*)">', page)
    assert commits and all(c.startswith("Commit to this: ") and len(c) > len("Commit to this: ") for c in commits)
    assert len(set(commits)) == len(commits), "no two buttons read alike"


def test_the_team_page_leads_to_its_actions_from_the_top(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    page, actions = _lead_page(client, login)
    link = re.search(r'<a class="button" href="#actions">(.*?)</a>', page)
    # Counted as the two lists below it read: this quarter's actions, and last quarter's waiting for their review.
    earlier = db.session.execute(db.select(db.func.count(Action.id)).join(Cycle).where(
        Action.team_id == actions[0].team_id, Cycle.period == "2026-Q2")).scalar_one()
    assert link and _text(link.group(1)) == (
        f"Actions: review and commit ({len(actions)} for {PERIOD}, {earlier} from 2026-Q2 to review)")
    assert page.index('href="#actions"') < page.index("Team results")
    assert 'id="actions"' in page


# --- Figures as the PDFs print them ------------------------------------------------


def test_a_change_that_rounds_to_nothing_reads_plus_minus_zero_and_a_tiny_q_reads_below(app: Flask) -> None:
    macros = app.jinja_env.get_template("web/results/_macros.html").module
    assert [str(macros.signed(v)) for v in (0.4, -0.4, 0.5, 1.5, -6.2)] == ["±0", "±0", "±0", "+2", "-6"]
    assert _text(str(macros.q_value(0.0004))) == "< 0.001"
    assert str(macros.q_value(0.0784)) == "0.078"


def test_the_organization_page_prints_no_q_of_zero(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    html = client.get(f"/results/northwind/{PERIOD}").get_data(as_text=True)
    gaps = html[html.index("How sales and marketing see it"):html.index("By function")]
    q_cells = [_text(c) for c in re.findall(r'<td class="num"[^>]*>([^<]*)</td></tr>', gaps)]
    assert q_cells and "0.000" not in q_cells
    assert all(re.fullmatch(r"< 0\.001|0\.\d{3}|1\.000|n/a", q) for q in q_cells), q_cells


# --- Where to go next -----------------------------------------------------------------


def test_an_open_cycle_on_the_home_page_says_when_results_come_and_leads_a_consultant_to_it(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    login(client, "consultant")
    html = client.get("/").get_data(as_text=True)
    # (The link also names the organization to a screen reader, in its aria-label.)
    item = re.search(r'<li>\s*<a href="/manage/northwind/2026-Q4"[^>]*>2026-Q4</a>(.*?)</li>',
                     html, re.S)
    assert item and "results when it closes" in _text(item.group(1))


def test_an_executive_sees_the_open_cycle_without_a_console_link(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    html = client.get("/").get_data(as_text=True)
    assert "/manage/" not in html
    assert "2026-Q4" in html and "results when it closes" in html


def test_the_next_step_of_each_client_is_a_link(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    page = client.get("/manage/").get_data(as_text=True)
    row = re.search(r"Northwind Traders</a>.*?</tr>", page, re.S)
    assert row
    last_cell = re.findall(r'<td data-label="Next step">(.*?)</td>', row.group(0), re.S)[-1]
    assert re.search(r'<a href="/manage/northwind/2026-Q4"[^>]*>(Send \d+ invitations|Remind, then close by)', last_cell)


def test_the_demo_accounts_carry_their_column_names_for_a_phone(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    table = re.search(r'<table class="credentials stacks">.*?</table>', html, re.S)
    assert table
    for label in ("Role", "Email", "Password", "Sees"):
        assert table.group(0).count(f'data-label="{label}"') == 4


def test_the_sales_and_marketing_gaps_speak_plainly_before_naming_the_statistics(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """A first-time reader met bare "Hedges' g" and "q" column heads; the heads are plain words now,
    and the note under the heading says what each means and where the line is."""
    login(client, "executive")
    html = client.get(f"/results/northwind/{PERIOD}").get_data(as_text=True)
    gaps = html[html.index("How sales and marketing see it"):html.index("By function")]
    heads = [_text(h) for h in re.findall(r"<th[^>]*>([^<]*)</th>", gaps)]
    # "Could be chance" headed a q-value, which is not the probability that the gap is chance: named for what it is.
    assert heads == ["Dimension", "Sales", "Marketing", "Sales minus marketing", "Size", "q (adjusted p)"]
    note = _text(gaps[gaps.index('<p class="hint">'):gaps.index("</p>")])
    assert "0.2 is small, 0.5 medium, 0.8 or more large" in note
    assert ("“q (adjusted p)”: how often a gap this wide would turn up if the two functions in fact agreed, adjusted "
            "because seven figures are compared at once; below 0.05, the gap is unlikely to be chance.") in note
    assert "Could be chance" not in html


def test_the_change_column_is_explained_in_plain_words_before_the_method(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """The note under the scores opened on "Welch's t-test, Benjamini-Hochberg adjusted" and a bare q."""
    login(client, "executive")
    html = client.get(f"/results/northwind/{PERIOD}").get_data(as_text=True)
    note = _text(html[html.index("<p class=\"hint\">Benchmark:"):][:1200].split("</p>")[0])
    plain = note.index("A change is marked “(meaningful)” when it is at least 5 points and unlikely to be chance")
    assert "within the normal variation between two surveys" in note
    assert plain < note.index("Welch's t-test")
    # The correction runs over every change the close tested, not over this page's: the note says which.
    assert ("q < 0.05 after Benjamini-Hochberg correction across every change in this survey's results: every group "
            "and dimension, scores and favorable shares together") in note
