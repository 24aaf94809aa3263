"""A team renamed through the roster: the consultant sees the old name beside the new before importing, the
import says it renamed a team, and the audit log keeps both names, since every past cycle's results and plans
carry the new one from then on."""
from __future__ import annotations

from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Participant, Team
from tests.web.console import audit
from tests.web.test_manage_roster import confirm, northwind, upload
from tests.web.test_manage_roster_team_names import text_of


def key_accounts_file(name: str, parent: str = "") -> str:
    """Everyone of Key Accounts as they are, the team given ``name`` (and ``parent``)."""
    org = northwind()
    team = org.team("key-accounts")
    assert team is not None
    people = db.session.execute(
        db.select(Participant).where(Participant.team_id == team.id).order_by(Participant.email)
    ).scalars().all()
    rows = [f"{p.email},key-accounts,sales,{name if i == 0 else ''},{parent if i == 0 else ''}"
            for i, p in enumerate(people)]
    return "email,team,function,team_name,parent\n" + "\n".join(rows) + "\n"


def test_a_rename_shows_both_names_then_is_said_and_audited(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    preview = upload(client, key_accounts_file("Strategic Accounts", "enterprise"))
    page = preview.get_data(as_text=True)
    said = text_of(page)
    assert preview.status_code == 200
    assert "Key Accounts → Strategic Accounts, part of enterprise" in said
    assert "in the results and reports of past cycles too" in said

    done = confirm(client, page)
    assert done.status_code == 302
    flashed = text_of(client.get(done.headers["Location"]).get_data(as_text=True))
    assert "1 team created, 1 team renamed or moved." in flashed     # the grouping team "enterprise", and this one

    entry = audit("roster.import")[-1]
    assert entry.target.endswith("; 1 team renamed or moved: key-accounts 'Key Accounts' -> 'Strategic Accounts', "
                                 "under enterprise")
    assert db.session.execute(db.select(Team.name).filter_by(slug="key-accounts",
                                                              organization_id=northwind().id)).scalar_one() \
        == "Strategic Accounts"

