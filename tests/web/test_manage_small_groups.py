"""A new client's roster with a team, or a whole function, smaller than a reportable group: the cycle page says so
while its people can still be moved, not only the results once it has closed."""
from __future__ import annotations

import json
from pathlib import Path

from flask.testing import FlaskClient, FlaskCliRunner

from questionnaires.builtin import load_builtin

from tests.conftest import csrf_token
from tests.web.test_manage_clients import create
from tests.web.console import NEW, open_new_cycle, text_of
from tests.web.test_manage_roster import confirm, upload
from tests.integration.test_scores_cli import write_csv

# Three salespeople in one team, six marketers in two teams (four and two).
ROSTER = "\n".join([
    "email,team,function,team_name",
    *(f"seller{i}@acme.example,nordic-sales,sales,Nordic Sales" for i in range(3)),
    *(f"marketer{i}@acme.example,growth,marketing,Growth Marketing" for i in range(4)),
    *(f"events{i}@acme.example,events,marketing,Events" for i in range(2)),
])


def cycle_page_of_a_new_client(client: FlaskClient, login, roster: str) -> str:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    assert create(client, name="Acme Nordic", slug="acme").status_code == 302
    assert confirm(client, upload(client, roster, org="acme").get_data(as_text=True), org="acme").status_code == 302
    opened = open_new_cycle(client, org="acme")  # groups of 5, as the form proposes
    assert opened.status_code == 302, opened.get_data(as_text=True)
    return text_of(client.get(opened.headers["Location"]).get_data(as_text=True))


def test_the_cycle_page_names_the_teams_and_functions_too_small_to_report_before_the_invitations(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    page = cycle_page_of_a_new_client(client, login, ROSTER)
    warning = page[page.index("Too few people on the roster"):page.index("Send invitations")]
    assert "(a group needs 5)" in warning
    assert "Events, 2 people: no scores of its own" in warning
    assert "Growth Marketing, 4 people: no scores of its own" in warning
    assert "Nordic Sales, 3 people: no scores of its own" in warning
    assert "Sales, 3 people in all: no sales results on their own, and no comparison of sales with marketing" in warning
    assert "Marketing, 6" not in warning, "six marketers can be reported"
    assert "join its people with others of its function in a team of 5 or more on the roster" in warning
    # Three salespeople can't make a team of five however they are moved: the advice says what else can be done.
    assert ("Nordic Sales has too few people of its function to join, even all in one team: add more of its people "
            "to the roster, or, where the comparisons beside it matter more, leave its people out of this survey."
            ) in warning
    assert "withheld with it" not in warning, "nine people in small teams hide behind each other"
    assert "roster before you send the invitations." in warning


def test_after_the_invitations_the_warning_says_to_move_people_before_they_answer(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    cycle_page_of_a_new_client(client, login, ROSTER)
    page = client.get(f"/manage/acme/{NEW}").get_data(as_text=True)
    assert client.post(f"/manage/acme/{NEW}/invitations", data={"csrf_token": csrf_token(page)}).status_code == 302
    assert len(mailbox) == 9
    page = text_of(client.get(f"/manage/acme/{NEW}").get_data(as_text=True))
    assert "on the roster before they answer: an answer counts in the team its writer is in when sending it." in page


def test_a_roster_whose_every_group_can_be_reported_gets_no_warning(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    roster = "\n".join(["email,team,function",
                        *(f"seller{i}@acme.example,sales,sales" for i in range(5)),
                        *(f"marketer{i}@acme.example,growth,marketing" for i in range(6))])
    assert "Too few people" not in cycle_page_of_a_new_client(client, login, roster)


def test_one_person_of_their_own_costs_a_team_and_a_function_beside_them_and_the_page_says_so_before(
    client: FlaskClient, login, runner: FlaskCliRunner, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    """Six sellers, six marketers and one revenue-operations person, all of whom answer: the whole organization is
    shown, so the one person would be its total less the rest. The gate withholds a team and the sales or the
    marketing function with theirs, the perception gap with it; the cycle page said only "no scores of its own"."""
    roster = "\n".join(["email,team,function,team_name",
                        *(f"seller{i}@acme.example,nordic-sales,sales,Nordic Sales" for i in range(6)),
                        *(f"marketer{i}@acme.example,growth,marketing,Growth Marketing" for i in range(6)),
                        "ops@acme.example,revops,joint,Revenue Operations"])
    page = cycle_page_of_a_new_client(client, login, roster)
    warning = page[page.index("Too few people on the roster"):page.index("Send invitations")]
    assert ("Revenue Operations, 1 person: no scores of its own; its action plan follows the whole organization's "
            "results, where its answers count. And since the organization's total is shown, another team is "
            "withheld with it, so that its answers can't be worked out from the others'.") in warning
    assert ("Joint, 1 person in all: no joint results on their own; and since the organization's total is shown, "
            "sales or marketing is withheld as a whole with it, so that its answers can't be worked out from the "
            "others': no comparison of sales with marketing either.") in warning
    assert "Revenue Operations has too few people of its function to join" in warning

    questionnaire = load_builtin()
    rows = [[team, function, *(["4"] * len(questionnaire.items))]
            for team, function, n in (("nordic-sales", "sales", 6), ("growth", "marketing", 6), ("revops", "joint", 1))
            for _ in range(n)]
    answers = write_csv(tmp_path / "answers.csv", ["team", "function", *(i.id for i in questionnaire.items)], rows)
    assert runner.invoke(args=["responses", "import", f"acme/{NEW}", str(answers)]).exit_code == 0
    assert runner.invoke(args=["cycle", "close", f"acme/{NEW}"]).exit_code == 0
    document = json.loads(runner.invoke(args=["scores", f"acme/{NEW}", "--format", "json"]).output)
    withheld = {(g["kind"], g["key"]) for g in document["groups"] if g["suppressed"]}
    assert ("team", "revops") in withheld and {("team", "nordic-sales"), ("team", "growth")} & withheld
    assert ("function", "joint") in withheld and {("function", "sales"), ("function", "marketing")} & withheld
    assert not any(g["kind"] == "organization" for g in document["groups"] if g["suppressed"])
