"""A closed cycle's page says when it took answers and the day it closed, not that it is 'open from ... to ...':
closed early, that read as a one-day survey planned so ('Open from 27 November 2026 to 27 November 2026')."""
from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient

from assessment.dates import written
from assessment.extensions import db
from assessment.lookup import cycle_by_name
from assessment.operations.cycles import close_cycle
from tests.web.console import text_of


def test_a_closed_cycle_says_the_day_it_closed(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    cycle = cycle_by_name("northwind/2026-Q4")
    opened, today = cycle.opens_on, dt.date.today()
    close_cycle(cycle, today)
    db.session.commit()
    login(client, "consultant")
    said = text_of(client.get("/manage/northwind/2026-Q4").get_data(as_text=True))
    assert f"Took answers from {written(opened)} until it closed on {written(today)}." in said
    assert "Open from" not in said
