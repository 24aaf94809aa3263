"""The consultant's list of clients: only their own, with where each latest cycle stands."""
from __future__ import annotations

import re

from flask.testing import FlaskClient


def test_a_consultant_sees_their_clients_and_each_latest_cycle(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    page = client.get("/manage/").get_data(as_text=True)
    assert "Northwind Traders" in page and "Contoso Analytics" in page
    assert "Fabrikam" not in page
    # the demo's latest cycle is open, with a link to its console page and a count the gate allows
    row = re.search(r"Northwind Traders</a>.*?</tr>", page, re.S)
    assert row and 'href="/manage/northwind/2026-Q4"' in row.group(0) and "open" in row.group(0)


def test_the_answered_count_matches_the_cycle_page(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    listing = client.get("/manage/").get_data(as_text=True)
    row = re.search(r"Northwind Traders</a>.*?</tr>", listing, re.S)
    assert row
    cells = re.findall(r'<td class="num">(.*?)</td>', row.group(0), re.S)
    cycle_page = client.get("/manage/northwind/2026-Q4").get_data(as_text=True)
    whole = re.search(r"Whole organization</t[hd]>\s*<td[^>]*>(\d+)</td>\s*<td[^>]*>(\d+)</td>", cycle_page)
    assert whole, "the cycle page shows the whole organization's counts"
    assert cells[1].strip() == whole.group(1)
    assert cells[2].strip().startswith(whole.group(2))
