"""Links handed out anew (``alignment invitations export``) while someone has the survey open."""
from __future__ import annotations

import csv
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from tests.conftest import RequestScopedClient
from tests.web.test_respond import QUESTIONNAIRE, full_answers, response_count


def exported_link(runner: FlaskCliRunner, tmp_path: Path, email: str) -> str:
    """Run the command a consultant runs, and read this person's new link from its file."""
    output = tmp_path / "links.csv"
    result = runner.invoke(args=["invitations", "export", "northwind/2026-Q4", "-o", str(output)])
    assert result.exit_code == 0, result.output
    with output.open() as handle:
        url = next(row["url"] for row in csv.DictReader(handle) if row["email"] == email)
    return url.removeprefix("http://survey.test")


def test_a_page_open_when_links_were_handed_out_anew_keeps_its_answers_for_the_new_link(
    client: FlaskClient, runner: FlaskCliRunner, open_invitation, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    invitation, token = open_invitation()
    new_link = exported_link(runner, tmp_path, invitation.participant.email)
    before = response_count()
    first = QUESTIONNAIRE.items[0].id
    answers = {**full_answers(4), first: "2", "one_thing": "Shared lead scoring"}

    sent = client.post(f"/s/{token}", data={**answers, "submit": "1"})

    text = " ".join(sent.get_data(as_text=True).split())
    assert sent.status_code == 410 and "This link was replaced by a newer one" in text
    assert "Your answers from this page are kept, not submitted yet" in text
    assert "most recent message you received about this survey" in text
    assert response_count() == before, "a replaced link submits nothing"
    resumed = client.get(new_link).get_data(as_text=True)
    assert f"{len(QUESTIONNAIRE.items)} of {len(QUESTIONNAIRE.items)} answered" in resumed
    assert f'checked id="{first}-1"' in resumed and "Shared lead scoring" in resumed


def test_a_replaced_link_opened_later_says_so_and_shows_nobody_the_saved_answers(
    client: FlaskClient, runner: FlaskCliRunner, open_invitation, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    invitation, token = open_invitation()
    client.post(f"/s/{token}", data={"one_thing": "Private thought", "save": "1"})
    exported_link(runner, tmp_path, invitation.participant.email)

    opened = client.get(f"/s/{token}")

    html = opened.get_data(as_text=True)
    assert opened.status_code == 410 and "This link was replaced by a newer one" in html
    assert "Private thought" not in html and "Submit my answers" not in html
    assert "Nothing to show here" not in html


def test_a_replaced_link_never_overwrites_what_was_answered_with_the_new_one(
    client: FlaskClient, runner: FlaskCliRunner, open_invitation, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    invitation, token = open_invitation()
    new_link = exported_link(runner, tmp_path, invitation.participant.email)
    first, second = QUESTIONNAIRE.items[0].id, QUESTIONNAIRE.items[1].id
    client.post(new_link, data={first: "2", "one_thing": "From the new link", "save": "1"})

    client.post(f"/s/{token}", data={first: "5", second: "3", "one_thing": "From the old page", "save": "1"})

    resumed = client.get(new_link).get_data(as_text=True)
    assert f'checked id="{first}-1"' in resumed and f'checked id="{second}-2"' in resumed
    assert "From the new link" in resumed and "From the old page" not in resumed


def test_a_replaced_link_posted_from_a_browser_that_keeps_no_cookie_keeps_its_answers_for_the_new_link(
    app: Flask, client: FlaskClient, runner: FlaskCliRunner, open_invitation, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    """No cookie is needed on the survey: a page open when links were handed out anew keeps its answers, cookie or not."""
    invitation, token = open_invitation()
    new_link = exported_link(runner, tmp_path, invitation.participant.email)
    without_cookie = RequestScopedClient(app, app.response_class, use_cookies=False)

    sent = without_cookie.post(f"/s/{token}", data={**full_answers(4), "submit": "1"})

    text = " ".join(sent.get_data(as_text=True).split())
    assert sent.status_code == 410 and "This link was replaced by a newer one" in text
    assert "Your answers from this page are kept, not submitted yet." in text
    total = len(QUESTIONNAIRE.items)
    assert f"{total} of {total} answered" in client.get(new_link).get_data(as_text=True)


def exported_emails(runner: FlaskCliRunner, tmp_path: Path) -> list[str]:
    output = tmp_path / "links.csv"
    assert runner.invoke(args=["invitations", "export", "northwind/2026-Q4", "-o", str(output)]).exit_code == 0
    with output.open() as handle:
        return [row["email"] for row in csv.DictReader(handle)]


def test_the_file_of_links_never_tells_who_has_answered(
    client: FlaskClient, runner: FlaskCliRunner, open_invitation, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    """Two exports, someone answering in between: the same people in both, so comparing them tells nothing."""
    invitation, token = open_invitation()
    before = exported_emails(runner, tmp_path)
    assert invitation.participant.email in before
    answered = exported_link(runner, tmp_path, invitation.participant.email)
    assert client.post(answered, data={**full_answers(4), "submit": "1"}).status_code == 302

    after = exported_emails(runner, tmp_path)

    assert after == before
    for link in (answered, exported_link(runner, tmp_path, invitation.participant.email)):
        page = " ".join(client.get(link).get_data(as_text=True).split())
        assert "You have already answered" in page and "Submit my answers" not in page, link
