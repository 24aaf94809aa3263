"""A closed cycle's page puts what to review (its results and reports) before the button that publishes them,
and says so: the publish button used to come first, above the links its text asked to review 'below'."""
from __future__ import annotations

from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.lookup import cycle_by_name
from assessment.operations.cycles import close_cycle
from tests.web.console import text_of

CLOSING = "2026-Q4"  # the demo's open cycle, closed here for real (snapshots and all)


def test_the_results_and_reports_come_before_the_publish_button(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    close_cycle(cycle_by_name(f"northwind/{CLOSING}"))
    db.session.commit()
    login(client, "consultant")
    page = client.get(f"/manage/northwind/{CLOSING}").get_data(as_text=True)
    review = page.index(f'href="/results/northwind/{CLOSING}/diagnostic.pdf"')
    assert review < page.index("Publish the results to Northwind Traders")
    assert "Review them and the reports above" in text_of(page)
