"""A cycle still in review never shows through a published one: an earlier period closed after it was published."""
from __future__ import annotations

from flask.testing import FlaskClient

from assessment.documents import CycleDocuments
from assessment.extensions import db
from assessment.lookup import cycle_by_name
from assessment.models import CycleStatus, ScoreSnapshot
from assessment.operations.snapshots import previous_cycle, write_snapshots

PAGE = "/results/northwind/2026-Q3"
EARLIEST = "2025-Q4"


def closed_after_the_later_ones_were_published() -> None:
    """As a cycle opened for an earlier period (answers imported from paper, say) and closed once the later ones
    were published: publishing releases the earlier cycles closed by then, so this one waits for its own."""
    cycle = cycle_by_name(f"northwind/{EARLIEST}")
    cycle.status, cycle.published_on = CycleStatus.closed, None
    db.session.commit()


def test_the_clients_pages_leave_a_cycle_in_review_off_their_trends(client: FlaskClient, login, lead_team) -> None:  # type: ignore[no-untyped-def]
    team_page = f"{PAGE}/teams/{lead_team.slug}"
    login(client, "executive")
    assert EARLIEST in client.get(PAGE).get_data(as_text=True)
    closed_after_the_later_ones_were_published()
    for role, page in (("executive", PAGE), ("executive", team_page), ("team_lead", team_page)):
        login(client, role)
        reply = client.get(page)
        assert reply.status_code == 200 and EARLIEST not in reply.get_data(as_text=True), (role, page)
    login(client, "executive")
    assert client.get(f"/results/northwind/{EARLIEST}").status_code == 404


def test_a_published_cycles_documents_and_changes_leave_it_out_too(app) -> None:  # type: ignore[no-untyped-def]
    closed_after_the_later_ones_were_published()
    published = cycle_by_name("northwind/2026-Q1")
    assert EARLIEST not in [c.period for c in CycleDocuments(published).history]
    assert previous_cycle(published) is None   # scored again, it names no change since a cycle the client cannot read
    write_snapshots(published)
    db.session.commit()
    stored = db.session.execute(db.select(ScoreSnapshot.scores).filter_by(cycle_id=published.id, kind="organization")
                                ).scalar_one()
    assert stored["previous_period"] is None and stored["changes"] == {}
    review = cycle_by_name(f"northwind/{EARLIEST}")
    later_in_review = cycle_by_name("northwind/2026-Q1")
    later_in_review.status = CycleStatus.closed   # a cycle in review shows its managers every cycle with results
    assert previous_cycle(later_in_review) == review
