"""What the console's tests share: a client's cycle opened and acted on through its pages, the mails read back."""
from __future__ import annotations

import datetime as dt
import re

from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import AuditEntry, Organization, Participant
from questionnaires.builtin import load_builtin
from tests.conftest import csrf_token
from tests.web.test_respond import full_answers

NEW = "2027-Q1"
LINK = re.compile(r"http://survey\.test/s/[\w-]+")


def northwind() -> Organization:
    return db.session.execute(db.select(Organization).filter_by(slug="northwind")).scalar_one()


def roster_emails(org: str = "northwind") -> set[str]:
    return set(db.session.execute(
        db.select(Participant.email).join(Organization).where(Organization.slug == org)
    ).scalars())


def audit(action: str) -> list[AuditEntry]:
    return list(db.session.execute(db.select(AuditEntry).filter_by(action=action).order_by(AuditEntry.id)).scalars())


def open_new_cycle(client: FlaskClient, period: str = NEW, org: str = "northwind", **overrides: str) -> FlaskClient:
    page = client.get(f"/manage/{org}/cycles/new").get_data(as_text=True)
    questionnaire = re.search(r'<option[^>]*value="(\d+)"', page)
    assert questionnaire
    today = dt.date.today()
    form = {"csrf_token": csrf_token(page), "period": period, "questionnaire": questionnaire.group(1),
            "opens_on": today.isoformat(), "closes_on": (today + dt.timedelta(days=14)).isoformat(),
            "min_group_size": "5", "min_comment_group_size": "6", **overrides}
    return client.post(f"/manage/{org}/cycles/new", data=form)


def post_on_cycle_page(client: FlaskClient, action: str, period: str = NEW, **data: str):  # type: ignore[no-untyped-def]
    page = client.get(f"/manage/northwind/{period}").get_data(as_text=True)
    return client.post(f"/manage/northwind/{period}/{action}", data={"csrf_token": csrf_token(page), **data})


def invited_cells(page: str) -> list[list[str]]:
    """The response-rate table's cells, whole organization first, then each team."""
    table = page.split('id="rate-heading"')[1].split("</table>")[0]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in re.findall(r"<tr><th scope=\"row\">.*?</tr>", table, re.S)]


def links_by_recipient(messages: list) -> dict[str, str]:  # type: ignore[type-arg]
    links = {}
    for message in messages:
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        [link] = LINK.findall(text)
        assert f'href="{link}"' in html
        links[message["To"]] = link
    return links


def answer(client: FlaskClient, link: str) -> None:
    path = link.removeprefix("http://survey.test")
    assert client.post(path, data={**full_answers(questionnaire=load_builtin()), "submit": "1"}).status_code == 302


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())
