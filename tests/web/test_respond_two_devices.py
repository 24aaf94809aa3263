"""One person, two devices: a page left open on one does not wipe out what was saved on the other."""
from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import RequestScopedClient
from tests.web.test_respond import QUESTIONNAIRE, full_answers, refused_submit


def test_saving_from_a_page_opened_before_answers_were_saved_elsewhere_keeps_those_answers(
    app: Flask, client: FlaskClient, open_invitation  # type: ignore[no-untyped-def]
) -> None:
    _, token = open_invitation()
    phone = client
    phone.get(f"/s/{token}")   # opened, then left in a tab

    laptop = RequestScopedClient(app, app.response_class, use_cookies=True)
    first, second = QUESTIONNAIRE.items[0].id, QUESTIONNAIRE.items[1].id
    laptop.get(f"/s/{token}")
    laptop.post(f"/s/{token}", data={first: "2", "save": "1"})

    phone.post(f"/s/{token}", data={second: "5", "save": "1"})

    resumed = laptop.get(f"/s/{token}").get_data(as_text=True)
    assert f"2 of {len(QUESTIONNAIRE.items)} answered" in resumed
    assert f'checked id="{first}-1"' in resumed and f'checked id="{second}-4"' in resumed


def test_a_refused_submit_shows_the_answers_saved_meanwhile_on_another_device(
    app: Flask, client: FlaskClient, open_invitation  # type: ignore[no-untyped-def]
) -> None:
    _, token = open_invitation()
    phone = client
    phone.get(f"/s/{token}")
    laptop = RequestScopedClient(app, app.response_class, use_cookies=True)
    first, second = QUESTIONNAIRE.items[0].id, QUESTIONNAIRE.items[1].id
    laptop.get(f"/s/{token}")
    laptop.post(f"/s/{token}", data={first: "2", "save": "1"})

    refused = refused_submit(phone, token, {second: "5"})

    html = refused.get_data(as_text=True)
    assert f"2 of {len(QUESTIONNAIRE.items)} answered" in html   # as a reload would show it
    assert f'checked id="{first}-1"' in html and f'checked id="{second}-4"' in html
    assert 'id="error-' + first + '"' not in html   # answered on the laptop: not flagged as missing
    assert html.count('class="field-error"') == len(QUESTIONNAIRE.items) - 2
    assert "1 answer you saved on another device or tab was added below" in " ".join(html.split())


def test_a_submit_refused_only_for_answers_given_on_another_device_shows_them_to_check_then_goes_through(
    app: Flask, client: FlaskClient, open_invitation  # type: ignore[no-untyped-def]
) -> None:
    _, token = open_invitation()
    client.get(f"/s/{token}")
    laptop = RequestScopedClient(app, app.response_class, use_cookies=True)
    first = QUESTIONNAIRE.items[0].id
    laptop.get(f"/s/{token}")
    laptop.post(f"/s/{token}", data={first: "2", "save": "1"})
    on_the_phone = {k: v for k, v in full_answers(4).items() if k != first}

    refused = refused_submit(client, token, on_the_phone)

    html = refused.get_data(as_text=True)
    assert 'class="field-error"' not in html
    assert "1 answer you saved on another device or tab was added below: please check it" in " ".join(html.split())
    assert "<p> </p>" not in " ".join(html.split()), "no empty paragraph where no statement is missing"
    assert f'checked id="{first}-1"' in html
    sent = client.post(f"/s/{token}", data={**on_the_phone, first: "2", "submit": "1"})
    assert sent.status_code == 302


def test_saving_from_a_page_that_never_showed_a_comment_written_elsewhere_keeps_that_comment(
    app: Flask, client: FlaskClient, open_invitation  # type: ignore[no-untyped-def]
) -> None:
    _, token = open_invitation()
    phone_page = client.get(f"/s/{token}").get_data(as_text=True)
    laptop = comment_saved_on_a_laptop(app, token)
    first = QUESTIONNAIRE.items[0].id

    client.post(f"/s/{token}", data={**saved_comments(phone_page), first: "3", "one_thing": "",
                                     "save": "1"})

    resumed = laptop.get(f"/s/{token}").get_data(as_text=True)
    assert "Written on the laptop" in resumed, "the phone's page never showed it, so could not have cleared it"
    assert f'checked id="{first}-2"' in resumed
    cleared = laptop.post(f"/s/{token}", data={**saved_comments(resumed), "one_thing": "",
                                               "save": "1"}, follow_redirects=True)
    assert cleared.status_code == 200
    assert "Written on the laptop" not in laptop.get(f"/s/{token}").get_data(as_text=True), "cleared on purpose"


def comment_saved_on_a_laptop(app: Flask, token: str) -> FlaskClient:
    """A second device that opens the survey and saves the comment "Written on the laptop"; returns its client."""
    laptop = RequestScopedClient(app, app.response_class, use_cookies=True)
    page = laptop.get(f"/s/{token}").get_data(as_text=True)
    laptop.post(f"/s/{token}", data={**saved_comments(page), "one_thing": "Written on the laptop",
                                     "save": "1"})
    return laptop


def saved_comments(html: str) -> dict[str, str]:
    """The hidden fields a browser sends back with the page: each comment as saved when the page was loaded."""
    return dict(re.findall(r'<input name="(saved-[^"]+)" type="hidden" value="([^"]*)"', html))


def test_a_comment_saved_from_a_browser_that_keeps_no_cookie_is_saved_on_the_first_press(
    app: Flask, client: FlaskClient, open_invitation  # type: ignore[no-untyped-def]
) -> None:
    """A page whose browser dropped (or never kept) a cookie: its Save is taken as any other."""
    _, token = open_invitation()
    without_cookie = RequestScopedClient(app, app.response_class, use_cookies=False)
    page = without_cookie.get(f"/s/{token}").get_data(as_text=True)
    typed = {**saved_comments(page), "one_thing": "Typed in a browser without cookies", "save": "1"}
    saved = without_cookie.post(f"/s/{token}", data=typed, follow_redirects=True)
    assert saved.status_code == 200 and "Your answers are saved" in saved.get_data(as_text=True)
    assert "Typed in a browser without cookies" in client.get(f"/s/{token}").get_data(as_text=True)


def test_a_refused_submit_shows_a_comment_written_meanwhile_on_another_device(
    app: Flask, client: FlaskClient, open_invitation  # type: ignore[no-untyped-def]
) -> None:
    _, token = open_invitation()
    phone_page = client.get(f"/s/{token}").get_data(as_text=True)
    comment_saved_on_a_laptop(app, token)

    refused = refused_submit(client, token, {**saved_comments(phone_page), "one_thing": ""})

    assert "Written on the laptop" in refused.get_data(as_text=True)
