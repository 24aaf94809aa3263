"""Forms sent at the same moment over real HTTP: each sender gets their answer, nothing is lost.

SQLite refuses at once a transaction that read before another one wrote; the server must make such
requests wait their turn, not answer a server error (a review saw one in most pairs of submits).
"""
from __future__ import annotations

import datetime as dt
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from assessment import create_app
from assessment.extensions import db
from assessment.models import Cycle, CycleStatus, Invitation, Response
from assessment.operations.cycles import renew_link
from tests.browser.conftest import empty_database, serving_the_demo
from tests.conftest import app_config
from tests.web.test_respond import full_answers

PAIRS = 4


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None   # the status of the submit itself: 302 to the thanks page


def _submit(url: str, statuses: list[int], start: threading.Barrier) -> None:
    request = urllib.request.Request(url, data=urllib.parse.urlencode(full_answers()).encode(), method="POST")
    start.wait()
    try:
        statuses.append(urllib.request.build_opener(_NoRedirect).open(request, timeout=60).status)
    except urllib.error.HTTPError as error:
        statuses.append(error.code)


def _fresh_links(count: int) -> list[str]:
    invitations = db.session.execute(
        db.select(Invitation).join(Cycle).where(Cycle.status == CycleStatus.open, Invitation.completed.is_(False))
        .order_by(Invitation.id).limit(count)
    ).scalars().all()
    tokens = [renew_link(invitation, dt.date.today()) for invitation in invitations]
    db.session.commit()
    return tokens


def test_employees_submitting_at_the_same_moment_each_get_their_thanks(tmp_path: Path) -> None:
    app = create_app({**app_config(tmp_path, ""), **empty_database(tmp_path, "concurrent")})
    with serving_the_demo(app) as server:
        with app.app_context():
            tokens = _fresh_links(2 * PAIRS)
            before = db.session.execute(db.select(db.func.count()).select_from(Response)).scalar_one()
        statuses: list[int] = []
        for pair in range(PAIRS):
            start = threading.Barrier(2)
            senders = [threading.Thread(target=_submit, args=(f"{server}/s/{token}", statuses, start))
                       for token in tokens[2 * pair:2 * pair + 2]]
            for sender in senders:
                sender.start()
            for sender in senders:
                sender.join()
        with app.app_context():
            after = db.session.execute(db.select(db.func.count()).select_from(Response)).scalar_one()
            db.session.remove()
    assert statuses == [302] * 2 * PAIRS
    assert after - before == 2 * PAIRS
