"""A personal link as people paste it: with the full stop or bracket of the sentence it came in."""
from __future__ import annotations

import pytest
from flask.testing import FlaskClient


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
