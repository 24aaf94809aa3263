"""The new cycle's questionnaire choice says which version is which: offered as "Sales and marketing alignment
(alignment-core@3)", "...@2", "...@1", the three read alike, cut off before the version in the form's width."""
from __future__ import annotations

import html
import re

from flask.testing import FlaskClient

from tests.conftest import csrf_token


def options(page: str) -> list[tuple[bool, str]]:
    """(selected, text) of each questionnaire offered, in order."""
    select = page.split('name="questionnaire"')[1].split("</select>")[0]
    return [(" selected" in attributes, html.unescape(text))
            for attributes, text in re.findall(r"<option([^>]*)>([^<]*)</option>", select)]


def test_a_client_with_cycles_is_offered_the_versions_by_number_its_last_ones_proposed(
        client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    page = client.get("/manage/northwind/cycles/new").get_data(as_text=True)
    offered = options(page)
    assert [text.split(" (")[0] for _, text in offered] == ["Version 3", "Version 2", "Version 1"]
    assert offered[0][1].startswith("Version 3 (newest")
    [(_, chosen)] = [option for option in offered if option[0]]
    assert "asked in 2026-Q4" in chosen, "the version the last cycle asked is proposed, and says so"
    assert "Questionnaire: Sales and marketing alignment" in page
    assert "Proposed: the version 2026-Q4 asked" in page
    assert "alignment-core@" not in page.split('name="questionnaire"')[1].split("</select>")[0]


def test_a_new_client_is_proposed_the_newest_version(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    form = client.get("/manage/new").get_data(as_text=True)
    assert client.post("/manage/new", data={"csrf_token": csrf_token(form), "name": "Globex Südwest GmbH"}
                       ).status_code == 302
    page = client.get("/manage/globex-sudwest-gmbh/cycles/new").get_data(as_text=True)
    offered = options(page)
    # The first option, which a browser shows when none is marked selected.
    assert offered[0][1] == "Version 3 (newest)" and not any(selected for selected, _ in offered[1:])
    assert "Proposed: the newest version." in page
