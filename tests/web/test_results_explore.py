"""The explore page: any filter combination, through the gate, for executives and consultants."""
from __future__ import annotations

import re
from collections import Counter

import numpy as np
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Cycle, Organization, Response, Team
from tests.unit.test_scoring_drivers import brute_force_shapley, ols_r2

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
    assert "Function: Sales" in html   # as "By function" names it on the organization's page
    assert '<option value="sales" selected>Sales</option>' in html and '<option value="joint">Joint</option>' in html
    index_row = re.search(r"<th>Alignment index</th>\s*<td class=\"num\"[^>]*><strong>(\d+)</strong>", html)
    assert index_row, "the filtered group is shown"
    overview = client.get(f"/results/northwind/{PERIOD}").get_data(as_text=True)
    sales_row = re.search(r"<tr><td>Sales</td>\s*<td class=\"num\"[^>]*><strong>(\d+)</strong>", overview)
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


def test_a_typed_value_the_drop_down_does_not_offer_is_never_echoed(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    reply = client.get(f"{PATH}?region=<script>alert(1)</script>")
    html = reply.get_data(as_text=True)
    assert reply.status_code == 200
    assert "<script>alert(1)</script>" not in html
    assert "alert(1)" not in html


def _heading(html: str) -> str:
    match = re.search(r"<h2>(.*?)</h2>", html, re.S)
    assert match, "the page names the group it shows"
    return match.group(1).strip()


def test_an_unknown_filter_value_is_named_as_left_out_and_kept_out_of_the_heading(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    login(client, "executive")
    html = client.get(f"{PATH}?function=sales&region=Atlantis").get_data(as_text=True)
    assert _heading(html) == "Function: Sales"
    assert "Atlantis" not in html
    alert = re.search(r'<p class="flash error" role="alert">(.*?)</p>', html, re.S)
    assert alert, "the visitor is told why the filter did nothing"
    assert "Region" in alert.group(1) and "left out" in alert.group(1)
    assert "<th>Alignment index</th>" in html, "the accepted filter is still shown"


def test_a_value_held_by_too_few_reads_like_one_that_does_not_exist(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    """Offered or not is the gate's call; the page must not tell a small group from a missing one."""
    login(client, "executive")
    cycle = _cycle()
    teams = {t.id: t.slug for t in db.session.execute(db.select(Team)).scalars()}
    counts = Counter(teams[r.team_id] for r in _responses(cycle))
    small = min(counts, key=counts.__getitem__)
    assert counts[small] < cycle.min_group_size, "the demo should hold a small team"

    def message(query: str) -> str:
        html = client.get(f"{PATH}?{query}").get_data(as_text=True)
        assert _heading(html) == "Whole organization"
        alert = re.search(r'role="alert">(.*?)</p>', html, re.S)
        assert alert
        return alert.group(1)

    assert message(f"team={small}") == message("team=no-such-team")


def test_the_heading_names_only_accepted_filters(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    html = client.get(f"{PATH}?function=marketing").get_data(as_text=True)
    assert _heading(html) == "Function: Marketing"
    assert 'role="alert"' not in html


def test_the_organization_page_links_to_explore(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    html = client.get(f"/results/northwind/{PERIOD}").get_data(as_text=True)
    assert f'href="{PATH}"' in html


def _drivers_shown(html: str) -> tuple[int, str, dict[str, int]]:
    """n, R² as printed, and each dimension's printed share, from "What drives the score"."""
    block = re.search(r"<h2[^>]*>What drives the score</h2>(.*?R² = [\d.]+\))", html, re.S)
    assert block, "the page shows drivers"
    fit = re.search(r"n = (\d+), R² = ([\d.]+)", block.group(1))
    assert fit
    shares = re.findall(r"<li><strong>(\d+)%</strong> ([^<]+)</li>", block.group(1))
    return int(fit.group(1)), fit.group(2), {name.strip(): int(share) for share, name in shares}


def _reference_drivers(cycle: Cycle) -> tuple[int, float, dict[str, float]]:
    """DESIGN section 5 worked from the stored answers: keyed, core dimension means, brute-force Shapley."""
    questionnaire = cycle.questionnaire.parsed()
    low, high = questionnaire.scale.minimum, questionnaire.scale.maximum
    packed = db.session.execute(db.select(Response.answers).filter_by(cycle_id=cycle.id)).scalars()
    answers = np.array([list(np.frombuffer(row, dtype=np.int8)) for row in packed], dtype=float)
    answers[answers <= 0] = np.nan                  # 0: not answered, -1: "Don't know", else the position
    answers += low - 1
    for column, item in enumerate(questionnaire.items):
        if item.reverse:
            answers[:, column] = low + high - answers[:, column]
    core = [d for d in questionnaire.dimensions if d.core]
    columns = []
    for dimension in core:
        block = answers[:, [i for i, item in enumerate(questionnaire.items) if item.dimension == dimension.id]]
        enough = (~np.isnan(block)).sum(axis=1) * 2 >= block.shape[1]
        with np.errstate(invalid="ignore"):
            columns.append(np.where(enough, np.nanmean(block, axis=1), np.nan))
    x = np.column_stack(columns)
    y = answers[:, [i for i, item in enumerate(questionnaire.items) if item.outcome][0]]
    complete = ~np.isnan(y) & ~np.isnan(x).any(axis=1)
    x, y = x[complete], y[complete]
    weights = brute_force_shapley(y, x)
    r2 = ols_r2(y, x, tuple(range(x.shape[1])))
    return int(complete.sum()), r2, {d.name: w / r2 * 100 for d, w in zip(core, weights)}


def test_whole_organization_drivers_are_the_results_pages_over_the_core_dimensions(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    login(client, "executive")
    explored = _drivers_shown(client.get(PATH).get_data(as_text=True))
    overview = _drivers_shown(client.get(f"/results/northwind/{PERIOD}").get_data(as_text=True))
    assert explored == overview

    n, r2, shares = _reference_drivers(_cycle())
    assert explored[0] == n and explored[1] == f"{r2:.2f}"
    assert explored[2].keys() == shares.keys()      # the core dimensions, and no extra one
    for name, share in shares.items():
        assert abs(explored[2][name] - share) <= 0.5 + 1e-9, name


def test_tenure_bands_are_offered_in_the_order_of_their_years(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Alphabetical order read "1-3 years, over 3 years, under 1 year"."""
    login(client, "executive")
    select = re.search(r'<select name="tenure_band">(.*?)</select>', client.get(PATH).get_data(as_text=True), re.S)
    assert select, "no tenure filter"
    assert re.findall(r'<option value="([^"]+)"', select.group(1)) == ["under 1 year", "1-3 years", "over 3 years"]
