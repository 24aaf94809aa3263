"""A new cycle refused for one of its fields says so at that field, as a screen reader reads it (aria-invalid and
the message tied to the control), with a summary at the top that leads there; what was typed stays."""
from __future__ import annotations

import datetime as dt
import html
import re

from flask.testing import FlaskClient

from tests.web.console import NEW, open_new_cycle


def control(page: str, name: str) -> str:
    [tag] = re.findall(rf'<(?:input|select)[^>]*\bname="{name}"[^>]*>', page)
    return tag


def error_of(page: str, name: str) -> str:
    found = re.search(rf'<span class="field-error" id="{name}-error">([^<]*)</span>', page)
    return html.unescape(found.group(1)) if found else ""


def test_a_closing_date_gone_by_is_marked_at_the_closing_date(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    past = (dt.date.today() - dt.timedelta(days=3)).isoformat()
    reply = open_new_cycle(client, closes_on=past, min_comment_group_size="8")
    page = reply.get_data(as_text=True)
    assert reply.status_code == 422
    closes = control(page, "closes_on")
    assert 'aria-invalid="true"' in closes and "closes_on-error" in closes
    assert error_of(page, "closes_on").startswith("the closing date can't be in the past")
    assert re.search(r'role="alert">[^<]*<a href="#closes_on">', page), "the summary leads to the field"
    assert 'aria-invalid' not in control(page, "period")
    assert f'value="{NEW}"' in control(page, "period") and 'value="8"' in control(page, "min_comment_group_size")


def test_a_period_already_run_is_marked_at_the_period(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    assert open_new_cycle(client).status_code == 302
    page = open_new_cycle(client).get_data(as_text=True)
    assert 'aria-invalid="true"' in control(page, "period")
    assert NEW in error_of(page, "period")
    assert f'href="/manage/northwind/{NEW}">Go to' in page, "the cycle it already has is still linked"
