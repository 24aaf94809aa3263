"""The console's imports name a file of another kind as the command line does: one problem, not a column list."""
from __future__ import annotations

import html

import pytest

from flask.testing import FlaskClient

from assessment.operations import funnel_csv, roster_csv
from tests.web.test_manage_funnel import upload as upload_funnel
from tests.web.test_manage_roster import upload as upload_roster


@pytest.mark.parametrize(("upload", "text", "expected", "not_said"), [
    (upload_roster, funnel_csv.template_csv(),
     "line 1: this does not look like a roster: it has no email column. A roster's columns are email, ",
     "not a roster column"),
    (upload_funnel, roster_csv.template_csv(),
     "line 1: this does not look like funnel figures: it has none of the columns inquiries, ", "not a funnel column"),
], ids=["roster page", "funnel page"])
def test_a_file_of_another_kind_is_named_as_such(client: FlaskClient, login, upload, text: str, expected: str,  # type: ignore[no-untyped-def]
                                                 not_said: str) -> None:
    login(client, "consultant")
    reply = upload(client, text)
    assert reply.status_code == 422
    page = html.unescape(reply.get_data(as_text=True))
    assert "Nothing was imported: the file has 1 problem" in page
    assert expected in page and not_said not in page
