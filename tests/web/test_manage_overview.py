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
    cells = re.findall(r'<td class="num"[^>]*>(.*?)</td>', row.group(0), re.S)
    cycle_page = client.get("/manage/northwind/2026-Q4").get_data(as_text=True)
    whole = re.search(r"Whole organization</t[hd]>\s*<td[^>]*>(\d+)</td>\s*<td[^>]*>(\d+)</td>", cycle_page)
    assert whole, "the cycle page shows the whole organization's counts"
    assert cells[1].strip() == whole.group(1)
    assert cells[2].strip().startswith(whole.group(2))


def test_a_scheduled_next_cycle_does_not_hide_what_the_current_one_still_needs(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """The consultant prepares next quarter while this one runs: the list keeps showing this one's next step."""
    import datetime as dt

    from assessment.extensions import db
    from assessment.models import Cycle, CycleStatus
    from tests.web.console import NEW, northwind, open_new_cycle

    def northwind_row() -> str:
        row = re.search(r"Northwind Traders</a>.*?</tr>", client.get("/manage/").get_data(as_text=True), re.S)
        assert row
        return " ".join(row.group(0).split())

    login(client, "consultant")
    opens = dt.date.today() + dt.timedelta(days=5)
    assert open_new_cycle(client, opens_on=opens.isoformat(),
                          closes_on=(opens + dt.timedelta(days=14)).isoformat()).status_code == 302
    running = northwind_row()
    assert 'href="/manage/northwind/2026-Q4"' in running and "Remind, then close by" in running
    assert "send the invitations then" not in running

    current = db.session.execute(db.select(Cycle).filter_by(organization_id=northwind().id, period="2026-Q4")).scalar_one()
    current.status = CycleStatus.closed
    db.session.commit()
    assert "Review, then publish the results" in northwind_row()

    current.status = CycleStatus.published
    db.session.commit()
    waiting = northwind_row()
    assert f'href="/manage/northwind/{NEW}"' in waiting
    # Named after its organization for a screen reader's list of links, as the other next steps are.
    assert 'aria-label="Opens on ' in waiting
    assert 'send the invitations then, or open it now: Northwind Traders">Opens on' in waiting
