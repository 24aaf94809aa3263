"""One person, two devices: a page left open on one does not wipe out what was saved on the other."""
from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import RequestScopedClient, csrf_token
from tests.web.test_respond import QUESTIONNAIRE


def test_saving_from_a_page_opened_before_answers_were_saved_elsewhere_keeps_those_answers(
    app: Flask, client: FlaskClient, open_invitation  # type: ignore[no-untyped-def]
) -> None:
    _, token = open_invitation()
    phone = client
    on_phone = csrf_token(phone.get(f"/s/{token}").get_data(as_text=True))   # opened, then left in a tab

    laptop = RequestScopedClient(app, app.response_class, use_cookies=True)
    on_laptop = csrf_token(laptop.get(f"/s/{token}").get_data(as_text=True))
    first, second = QUESTIONNAIRE.items[0].id, QUESTIONNAIRE.items[1].id
    laptop.post(f"/s/{token}", data={first: "2", "csrf_token": on_laptop, "save": "1"})

    phone.post(f"/s/{token}", data={second: "5", "csrf_token": on_phone, "save": "1"})

    resumed = laptop.get(f"/s/{token}").get_data(as_text=True)
    assert f"2 of {len(QUESTIONNAIRE.items)} answered" in resumed
    assert f'checked id="{first}-1"' in resumed and f'checked id="{second}-4"' in resumed
