"""The publication notice to an executive who has not chosen a password yet: it carries the link to choose one.

Executives are often invited weeks before the results are published, and their invitation link lasts a week: "you
will be asked to sign in" then led to a sign-in page they had no password for.
"""
from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.lookup import cycle_by_name
from assessment.models import Role, User
from assessment.operations.cycles import close_cycle
from tests.conftest import csrf_token

PERIOD = "2026-Q4"
PAGE = f"/manage/northwind/{PERIOD}"
NEWCOMER = "new.cfo@demo.example"


@pytest.fixture()
def closed_with_a_new_executive(app: Flask) -> None:
    cycle = cycle_by_name(f"northwind/{PERIOD}")
    close_cycle(cycle)
    db.session.add(User(email=NEWCOMER, role=Role.executive, organization_id=cycle.organization_id))
    db.session.commit()


def _links(text: str) -> list[str]:
    return re.findall(r"http://survey\.test/\S+", text)


@pytest.mark.usefixtures("closed_with_a_new_executive")
def test_a_reader_without_a_password_is_mailed_the_link_to_choose_one_and_then_reads_the_results(
    client: FlaskClient, login, mailbox: list  # type: ignore[no-untyped-def,type-arg]
) -> None:
    login(client, "consultant")
    client.post(f"{PAGE}/publish", data={"csrf_token": csrf_token(client.get(PAGE).get_data(as_text=True))})
    notices = {m["To"]: m for m in mailbox}
    assert set(notices) == {"executive@demo.example", "lead@demo.example", NEWCOMER}

    known = notices["executive@demo.example"].get_body(("plain",)).get_content()
    assert "you will be asked to sign in" in known and "password" not in known

    text = notices[NEWCOMER].get_body(("plain",)).get_content()
    html = notices[NEWCOMER].get_body(("html",)).get_content()
    said = " ".join(text.split())
    assert f"You have not chosen a password for your account ({NEWCOMER}) yet. Choose it here first (the link " \
           "works once, within 7 days):" in said
    assert "you will be asked to sign in" not in said
    choose, results = _links(text)
    assert "/auth/password/invitation/" in choose and results == f"http://survey.test/results/northwind/{PERIOD}"
    assert f'href="{choose}"' in html and f'href="{results}"' in html

    client.post("/auth/logout", data={"csrf_token": csrf_token(client.get("/").get_data(as_text=True))})
    path = choose.removeprefix("http://survey.test")
    form = client.get(path)
    assert form.status_code == 200
    chosen = client.post(path, data={"csrf_token": csrf_token(form.get_data(as_text=True)),
                                     "password": "a long new password 1", "confirm": "a long new password 1"})
    assert chosen.status_code == 302, chosen.get_data(as_text=True)
    assert client.get(results.removeprefix("http://survey.test")).status_code == 200
