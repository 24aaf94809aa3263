"""How long the survey takes, said once and alike by the invitation and the survey page: the mail said "about 6
minutes" for the 31 statements of version 3 while the survey's own text said "about 5 minutes".

The figure (questionnaires/length.py): half a minute for the introduction, ten seconds a statement and half a minute
for each comment box, rounded up to whole minutes."""
from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.web.console import LINK, open_new_cycle, post_on_cycle_page

LENGTH = re.compile(r"[^.:]*\bminutes?\b[^.:]*[.:]")


def _intro(page: str) -> str:
    """The words above the first statement."""
    section = page.split('<section class="survey-intro">', 1)[1].split("</section>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", section).split())


def test_the_survey_page_states_the_minutes_the_invitation_states(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    login(client, "consultant")
    open_new_cycle(client)   # with the newest questionnaire, version 3: 31 statements, two comment boxes
    post_on_cycle_page(client, "invitations")
    mail = mailbox[0].get_body(("plain",)).get_content()
    assert "It takes about 7 minutes" in " ".join(mail.split())   # 30 + 310 + 60 seconds
    client.get("/auth/logout")

    intro = _intro(client.get(LINK.findall(mail)[0].removeprefix("http://survey.test")).get_data(as_text=True))
    assert [said.strip() for said in LENGTH.findall(intro)] == ["It takes about 7 minutes."]
    assert intro.startswith("Northwind Traders")
    assert ("This survey asks how well sales and marketing work together here. Your answers are anonymous: nobody "
            "sees who answered what") in intro


def test_a_survey_of_an_earlier_version_says_its_own_length(client: FlaskClient, open_invitation) -> None:  # type: ignore[no-untyped-def]
    """The demo's open survey runs version 2, of 30 statements and two comment boxes: 30 + 300 + 60 seconds, seven
    minutes, as its invitation says."""
    invitation, token = open_invitation()
    questionnaire = invitation.cycle.questionnaire.parsed()
    assert (questionnaire.version, len(questionnaire.items), len(questionnaire.open_questions)) == (2, 30, 2)
    intro = _intro(client.get(f"/s/{token}").get_data(as_text=True))
    assert [said.strip() for said in LENGTH.findall(intro)] == ["It takes about 7 minutes."]


def test_the_home_page_offers_the_demo_survey_with_the_length_its_page_states(client: FlaskClient) -> None:
    """The home page said "about five minutes" in words of its own, right only while the demo ran version 2."""
    home = " ".join(re.sub(r"<[^>]+>", " ", client.get("/").get_data(as_text=True)).split())
    offered = re.search(r"synthetic employee\. (It takes about \d+ minutes\.)", home)
    assert offered, "the home page offers the demo survey"
    link = client.post("/demo/answer").headers["Location"]
    assert [said.strip() for said in LENGTH.findall(_intro(client.get(link).get_data(as_text=True)))] == [
        offered.group(1)]
