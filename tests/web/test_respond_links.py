"""A personal link as people open it: pasted with the sentence's full stop, cut short, or after the survey closed."""
from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Cycle, CycleStatus, Invitation
from assessment.operations.cycles import close_cycle, renew_link
from tests.web.test_respond import full_answers, refused_submit


@pytest.mark.parametrize("tail", [".", ")", ",", ">", "%E2%80%8B", ".)"])
def test_a_link_with_punctuation_stuck_to_its_end_opens_the_survey(client: FlaskClient, open_invitation, tail: str) -> None:  # type: ignore[no-untyped-def]
    _, token = open_invitation()
    page = client.get(f"/s/{token}{tail}")
    assert page.status_code == 302 and page.headers["Location"].endswith(f"/s/{token}")
    assert "Submit my answers" in client.get(page.headers["Location"]).get_data(as_text=True)


def test_a_link_cut_short_is_still_refused_with_how_to_mend_it(client: FlaskClient, open_invitation) -> None:  # type: ignore[no-untyped-def]
    _, token = open_invitation()
    page = client.get(f"/s/{token[:-3]}.")
    assert page.status_code == 404
    assert "Check that the whole address was copied" in page.get_data(as_text=True)


def test_a_link_opened_after_the_close_says_what_became_of_saved_answers_and_promises_nothing(
    client: FlaskClient, open_invitation  # type: ignore[no-untyped-def]
) -> None:
    invitation, token = open_invitation()
    close_cycle(invitation.cycle)
    db.session.commit()

    opened = client.get(f"/s/{token}").get_data(as_text=True)
    assert "This survey is closed" in opened
    assert "saved for later and not submitted were erased when it closed" in opened
    assert "Nothing was stored" not in opened   # nothing was sent: the sentence only puzzled
    assert "You will be invited to the next one" not in opened   # not the survey's promise to make

    sent = client.post(f"/s/{token}", data={**full_answers(), "submit": "1"})
    assert sent.status_code == 410
    assert "The answers on this page were not stored" in sent.get_data(as_text=True)


def test_a_link_that_opens_no_survey_says_so_in_an_employees_words(client: FlaskClient, open_invitation) -> None:  # type: ignore[no-untyped-def]
    _, token = open_invitation()

    opened = client.get(f"/s/{token[:-4]}")
    sent = client.post(f"/s/{token[:-4]}", data={**full_answers(), "submit": "1"})

    assert opened.status_code == 404 and sent.status_code == 404
    for reply in (opened, sent):
        text = " ".join(reply.get_data(as_text=True).split())
        assert "<h1>This survey link does not work</h1>" in text and "Nothing to show here" not in text
        assert "Check that the whole address was copied" in text
    assert "The answers on this page were not stored" in " ".join(sent.get_data(as_text=True).split())


def test_a_submit_pressed_before_answering_anything_claims_nothing_was_saved(client: FlaskClient, open_invitation) -> None:  # type: ignore[no-untyped-def]
    _, token = open_invitation()

    refused = " ".join(refused_submit(client, token, {}).get_data(as_text=True).split())
    again = client.get(f"/s/{token}").get_data(as_text=True)

    assert "Some answers are missing" in refused and "What you answered so far is saved" not in refused
    assert "Welcome back" not in again, "nothing was saved to come back to"


@pytest.mark.parametrize("answered", [True, False])
def test_last_quarters_link_points_to_the_survey_now_open_for_that_person(
    client: FlaskClient, open_invitation, answered: bool  # type: ignore[no-untyped-def]
) -> None:
    """People search their inbox for the survey and find last quarter's mail: "already answered" or "closed"
    alone made them think they had done this quarter's, or missed it."""
    current, _ = open_invitation()
    earlier = db.session.execute(
        db.select(Invitation).join(Cycle)
        .where(Invitation.participant_id == current.participant_id, Cycle.status != CycleStatus.open)
    ).scalars().first()
    assert earlier is not None, "the demo invites its people to every quarter"
    old_link = renew_link(earlier, earlier.cycle.opens_on or current.cycle.opens_on)
    earlier.completed = answered
    db.session.commit()

    page = " ".join(client.get(f"/s/{old_link}").get_data(as_text=True).split())

    assert ("You have already answered" if answered else "This survey is closed") in page
    assert f"The survey for {current.cycle.period} is open now" in page
    assert "use the link in its invitation" in page


def test_a_refused_submit_says_so_in_the_page_title_a_screen_reader_reads_first(client: FlaskClient, open_invitation) -> None:  # type: ignore[no-untyped-def]
    _, token = open_invitation()
    page = client.get(f"/s/{token}").get_data(as_text=True)
    refused = refused_submit(client, token, {}).get_data(as_text=True)

    assert re.search(r"<title>(?!Error)", page)
    assert re.search(r"<title>Error: some answers are missing · ", refused)
