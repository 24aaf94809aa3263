"""The explore page: any filter combination, through the gate, for executives and consultants."""
from __future__ import annotations

import re
from collections import Counter

from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Cycle, Organization, Response, Team

PERIOD = "2026-Q3"
PATH = f"/results/northwind/{PERIOD}/explore"


def _cycle() -> Cycle:
    return db.session.execute(
        db.select(Cycle).join(Organization).where(Organization.slug == "northwind", Cycle.period == PERIOD)
    ).scalar_one()


def _responses(cycle: Cycle) -> list[Response]:
    return list(db.session.execute(db.select(Response).filter_by(cycle_id=cycle.id)).scalars())


def _offered(html: str, name: str) -> set[str]:
    select = re.search(rf'<select name="{name}">(.*?)</select>', html, re.S)
    assert select, f"no {name} filter"
    return set(re.findall(r'<option value="([^"]+)"', select.group(1)))


def test_an_executive_filters_by_function_and_reads_the_same_index_as_the_organization_page(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    login(client, "executive")
    html = client.get(f"{PATH}?function=sales").get_data(as_text=True)
    assert "Function: sales" in html
    index_row = re.search(r"<th>Alignment index</th>\s*<td class=\"num\"><strong>(\d+)</strong>", html)
    assert index_row, "the filtered group is shown"
    overview = client.get(f"/results/northwind/{PERIOD}").get_data(as_text=True)
    sales_row = re.search(r"<tr><td>Sales</td>\s*<td class=\"num\"><strong>(\d+)</strong>", overview)
    assert sales_row and sales_row.group(1) == index_row.group(1)


def test_no_value_held_by_fewer_than_the_minimum_group_is_offered(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    cycle = _cycle()
    responses = _responses(cycle)
    html = client.get(PATH).get_data(as_text=True)
    for attribute in ("role_level", "tenure_band", "region"):
        counts = Counter((r.attributes or {}).get(attribute) for r in responses)
        offered = _offered(html, attribute) if f'name="{attribute}"' in html else set()
        assert all(counts[value] >= cycle.min_group_size for value in offered), attribute
    teams = {t.id: t.slug for t in db.session.execute(db.select(Team)).scalars()}
    team_counts = Counter(teams[r.team_id] for r in responses)
    small = {slug for slug, n in team_counts.items() if n < cycle.min_group_size}
    assert not small & _offered(html, "team")


def test_a_combination_too_small_shows_no_numbers(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    cycle = _cycle()
    combos = Counter(
        (r.function, (r.attributes or {}).get("role_level"), (r.attributes or {}).get("region"))
        for r in _responses(cycle)
    )
    (function, role_level, region), n = min(combos.items(), key=lambda kv: kv[1])
    assert n < cycle.min_group_size, "the demo should hold a small combination"
    html = client.get(f"{PATH}?function={function}&role_level={role_level}&region={region}").get_data(as_text=True)
    assert f"fewer than {cycle.min_group_size} responses" in html or "cannot be worked out" in html
    assert "<th>Alignment index</th>" not in html
    assert "What drives the score" not in html


def test_typed_filter_values_come_back_as_text(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    reply = client.get(f"{PATH}?region=<script>alert(1)</script>")
    html = reply.get_data(as_text=True)
    assert reply.status_code == 200
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_organization_page_links_to_explore(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    html = client.get(f"/results/northwind/{PERIOD}").get_data(as_text=True)
    assert f'href="{PATH}"' in html
