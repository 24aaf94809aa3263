"""A roster whose team column holds the teams' names, as HR exports and Excel sheets do, is refused with the
slug to write for each: the consultant reads what to type, not only that 'Field Sales' is no slug."""
from __future__ import annotations

import html

from flask.testing import FlaskClient

from tests.web.console import text_of as tagless
from tests.web.test_manage_roster import upload

NAMES_IN_TEAM = ("email,team,function\n"
                 "ana@northwind.example,Field Sales,sales\n"
                 "ben@northwind.example,Brand & Content,marketing\n")


def text_of(page: str) -> str:
    """The page's words as a reader sees them: tags gone, entities read."""
    return html.unescape(tagless(page))


def test_a_team_written_by_its_name_is_refused_naming_the_slug_to_write(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    reply = upload(client, NAMES_IN_TEAM)
    said = text_of(reply.get_data(as_text=True))
    assert reply.status_code == 422 and "Nothing was imported" in said
    assert ("line 2, column team: 'Field Sales' is not a team slug (lowercase letters, digits and dashes): write "
            "field-sales, and Field Sales in team_name") in said
    assert "line 3, column team: 'Brand & Content' is not a team slug" in said
    assert "write brand-content, and Brand & Content in team_name" in said


def test_a_team_name_already_given_is_not_asked_for_again(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    said = text_of(upload(client, "email,team,function,team_name\n"
                                  "ana@northwind.example,Field Sales,sales,Field Sales\n").get_data(as_text=True))
    assert ("line 2, column team: 'Field Sales' is not a team slug (lowercase letters, digits and dashes): write "
            "field-sales") in said
    assert "in team_name" not in said
