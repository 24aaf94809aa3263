"""A new client's roster with a team, or a whole function, smaller than a reportable group: the cycle page says so
while its people can still be moved, not only the results once it has closed."""
from __future__ import annotations

from flask.testing import FlaskClient

from tests.conftest import csrf_token
from tests.web.test_manage_clients import create
from tests.web.console import NEW, open_new_cycle, text_of
from tests.web.test_manage_roster import confirm, upload

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
    assert "move its people into a team of the same function with 5 or more on the roster" in warning
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
