"""Results pages of a closed cycle: scores as a person reads them, small groups withheld."""
from __future__ import annotations

import csv
import io
import re
import subprocess

import numpy as np
import pytest
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.lookup import cycle_by_name
from assessment.models import Response
from assessment.demo.load import DEMO_VERSION
from questionnaires.builtin import load_builtin

QUESTIONNAIRE = load_builtin("alignment-core", DEMO_VERSION)


@pytest.fixture()
def client(client: FlaskClient, login) -> FlaskClient:  # type: ignore[no-untyped-def]
    """Results are for signed-in staff: read them as northwind's executive."""
    return login(client, "executive")


def _raw_answers(cycle_name: str, team_id: int | None = None) -> np.ndarray:
    cycle = cycle_by_name(cycle_name)
    query = db.select(Response.answers).where(Response.cycle_id == cycle.id)
    if team_id is not None:
        query = query.where(Response.team_id == team_id)
    rows = db.session.execute(query).scalars().all()
    matrix = np.array([list(np.frombuffer(row, dtype=np.int8)) for row in rows], dtype=float)
    matrix[matrix <= 0] = np.nan  # not answered (0), or "Don't know" (-1)
    return matrix


def _expected_index(matrix: np.ndarray) -> float:
    """DESIGN section 5 worked by hand: reverse-key, dimension means, their mean, on 0-100."""
    low, high = QUESTIONNAIRE.scale.minimum, QUESTIONNAIRE.scale.maximum
    keyed = matrix.copy()
    for column, item in enumerate(QUESTIONNAIRE.items):
        if item.reverse:
            keyed[:, column] = low + high - keyed[:, column]
    core = [d.id for d in QUESTIONNAIRE.dimensions if d.core]
    per_dimension = [
        np.nanmean(keyed[:, [i for i, item in enumerate(QUESTIONNAIRE.items) if item.dimension == d]], axis=1)
        for d in core
    ]
    respondent_index = np.mean(per_dimension, axis=0)
    return (respondent_index.mean() - low) / (high - low) * 100


def test_organization_page_shows_the_index_computed_from_the_answers(client: FlaskClient) -> None:
    page = client.get("/results/northwind/2026-Q3")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    expected = _expected_index(_raw_answers("northwind/2026-Q3"))
    shown = re.search(r"<th>Alignment index</th>\s*<td class=\"num\"[^>]*><strong>(\d+)</strong>", html)
    assert shown and int(shown.group(1)) == round(expected)
    for dimension in QUESTIONNAIRE.dimensions:
        assert dimension.name in html
    assert "synthetic demo data" in html


def test_team_below_the_minimum_says_so_instead_of_numbers(client: FlaskClient) -> None:
    cycle = cycle_by_name("northwind/2026-Q3")
    sizes = {t: len(_raw_answers(cycle.name, t.id)) for t in cycle.organization.teams}
    small = next(t for t, n in sizes.items() if 0 < n < cycle.min_group_size)
    page = client.get(f"/results/northwind/2026-Q3/teams/{small.slug}").get_data(as_text=True)
    team_section = page.split("Whole organization, for comparison")[0]
    assert "fewer than 5 responses" in team_section
    assert "Alignment index</th>" not in team_section
    org_page = client.get("/results/northwind/2026-Q3").get_data(as_text=True)
    row = re.search(rf">{re.escape(small.name)}</a>.*?</tr>", org_page, re.S)
    assert row and "fewer than 5 responses" in row.group(0)


def test_team_page_offers_the_action_plan_pdf(client: FlaskClient) -> None:
    cycle = cycle_by_name("northwind/2026-Q3")
    team = max(cycle.organization.teams, key=lambda t: len(t.participants))
    page = client.get(f"/results/northwind/2026-Q3/teams/{team.slug}").get_data(as_text=True)
    link = re.search(r'href="([^"]+action-plan\.pdf)"', page)
    assert link
    pdf = client.get(link.group(1))
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.data, capture_output=True, check=True).stdout.decode()
    assert team.name in text


def test_open_and_unknown_cycles_have_no_results(client: FlaskClient) -> None:
    assert client.get("/results/northwind/2026-Q4").status_code == 404
    assert client.get("/results/northwind/1999-Q1").status_code == 404
    assert client.get("/results/nowhere/2026-Q3").status_code == 404


def test_organization_page_shows_change_benchmark_chart_drivers_and_gaps(client: FlaskClient) -> None:
    html = client.get("/results/northwind/2026-Q3").get_data(as_text=True)
    assert re.search(r"Change since (<span class=\"nowrap\">)?2026-Q2", html)
    assert "Benchmark: Synthetic demo pool" in html and "8 organizations" in html
    assert "drawn up after later surveys" not in html, "the newest closed survey is placed in a benchmark of its time"
    assert re.search(r"([+-]\d+|±0) vs median · (top|second|third|bottom) quartile", html)
    assert "<svg" in html and "Alignment index" in html
    assert "What drives the score" in html and "Shapley" in html
    assert "How sales and marketing see it" in html


def test_what_drives_the_score_is_told_in_plain_words_before_the_method(client: FlaskClient) -> None:
    """An executive reads what the shares are of, how much they explain together, and which dimensions
    are left out, before the method's name; the question is quoted once, without its full stop."""
    html = client.get("/results/northwind/2026-Q3").get_data(as_text=True)
    section = html[html.index(">What drives the score</h2>"):]
    section = section[:section.index("<h2", 10)]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section))
    r2 = float(re.search(r"R² = ([\d.]+)", text).group(1))
    said = re.search(r"Together the (\w+) core dimensions account for (\d+)% of the differences in how people "
                     r"answered it", text)
    assert said and said.group(1) == "four" and int(said.group(2)) == round(r2 * 100)
    assert "“Overall, sales and marketing work as one team”" in text and "team.”" not in text
    assert "Lead hand-off and Content and campaigns are extra dimensions" in text
    assert "not proof" in text
    assert text.index("Together the") < text.index("Shapley") and "explained variance" not in text


def test_every_shown_team_stands_against_the_benchmark_median(client: FlaskClient) -> None:
    """The organization page's team table: the printed index minus the median rounded, so that every row implies
    the same median. From the exact difference, Channel Sales' 62 read "+2" and Key Accounts' 51 "-10" beside one
    median of 60.7: the first implied a median of 60, the second 61."""
    from assessment.models import ScoreSnapshot
    from assessment.operations.benchmarks import benchmark_for

    cycle = cycle_by_name("northwind/2026-Q3")
    benchmark = benchmark_for(cycle.organization)
    assert benchmark is not None
    median = benchmark.distributions["index"]["quantiles"]["50"]
    page = client.get("/results/northwind/2026-Q3").get_data(as_text=True)
    assert "Index against the benchmark" in page
    snapshots = db.session.execute(db.select(ScoreSnapshot).filter_by(cycle_id=cycle.id, kind="team")).scalars()
    implied, checked = set(), 0
    for snapshot in snapshots:
        team = cycle.organization.team(snapshot.key)
        row = re.search(rf">{re.escape(team.name)}</a>.*?</tr>", page, re.S) if team else None
        if row is None or "fewer than" in row.group(0) or "withheld" in row.group(0):
            continue
        printed = int(re.search(r"<strong>(\d+)</strong>", row.group(0)).group(1))  # type: ignore[union-attr]
        shown = re.search(r"([+-]\d+|±0) vs median", row.group(0))
        assert shown and int(shown.group(1).replace("±", "")) == printed - round(median), team.name
        implied.add(printed - int(shown.group(1).replace("±", "")))
        checked += 1
    assert checked >= 3 and implied == {round(median)}
    assert re.search(r">Channel Sales</a>.*?<strong>62</strong>.*?\+1 vs median", page, re.S)


def _row_cells(html: str, heading: str) -> dict[str, list[str]]:
    """Each row of the table whose header starts with ``heading``: its label and the text of its cells."""
    table = re.search(rf"<table class=\"scores[^\"]*\">\s*<thead><tr><th>{heading}.*?</table>", html, re.S)
    assert table, heading
    body = table.group(0).split("<tbody>", 1)[1]
    rows = re.findall(r"<tr><t[hd]>([^<]+)</t[hd]>(.*?)</tr>", body, re.S)
    return {label: [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)]
            for label, cells in rows}


def test_the_change_since_last_cycle_is_the_difference_of_the_scores_shown(client: FlaskClient) -> None:
    """Information sharing: 51 now and 51 in 2026-Q2 read "±0", although the unrounded scores differ by 0.7
    (kept in the CSV)."""
    html = client.get("/results/northwind/2026-Q3").get_data(as_text=True)
    now = _row_cells(html, "Dimension")
    trend = _row_cells(html, r"Score <span class=\"nowrap\">\(0-100\)</span></th><th class=\"num\">2025-Q4")
    assert now.keys() == trend.keys() and len(now) == 1 + len(QUESTIONNAIRE.dimensions)
    for label, cells in now.items():
        score, change = int(cells[0]), cells[3].removesuffix(" (meaningful)")
        before = int(trend[label][-2])
        assert score == int(trend[label][-1])
        assert change == ("±0" if score == before else f"{score - before:+d}"), label

    table = client.get("/results/northwind/2026-Q3/scores.csv").get_data(as_text=True)
    row = next(r for r in csv.DictReader(io.StringIO(table.removeprefix("\ufeff")))   # Excel's BOM
               if (r["kind"], r["key"], r["dimension"]) == ("organization", "all", "information_sharing"))
    assert float(row["change_diff"]) == pytest.approx(0.67, abs=0.05)   # the machine output stays unrounded


def test_a_gap_is_the_difference_of_the_sales_and_marketing_scores_printed_beside_it(client: FlaskClient) -> None:
    """Sales 54 and marketing 43 read "+11" on information sharing, as in the PDFs (unrounded: 11.8)."""
    html = client.get("/results/northwind/2026-Q3").get_data(as_text=True)
    gaps = _row_cells(html, r'Dimension</th><th class="num">Sales</th><th class="num">Marketing')
    assert len(gaps) == 1 + len(QUESTIONNAIRE.dimensions)
    for label, (sales, marketing, gap, *_) in gaps.items():
        difference = int(sales) - int(marketing)
        assert gap == ("±0" if difference == 0 else f"{difference:+d}"), label
    assert gaps["Information sharing and communication"][:3] == ["54", "43", "+11"]


def test_a_benchmark_of_one_organization_reads_in_the_singular(client: FlaskClient) -> None:
    """An imported benchmark may pool a single organization: "1 organization", never "1 organizations"."""
    from assessment.operations.benchmarks import benchmark_for

    benchmark = benchmark_for(cycle_by_name("northwind/2026-Q3").organization)
    assert benchmark is not None
    benchmark.organizations = 1
    db.session.flush()
    html = client.get("/results/northwind/2026-Q3").get_data(as_text=True)
    assert re.search(r"as of \d+ \w+ \d{4}, 1 organization\)", html) and "1 organizations" not in html


def test_an_earlier_quarter_says_it_is_placed_in_a_benchmark_drawn_up_after_later_surveys(client: FlaskClient) -> None:
    """The 2025-Q4 page named a benchmark dated a year on without a word: a reader took it for one of its time."""
    html = " ".join(client.get("/results/northwind/2025-Q4").get_data(as_text=True).split())
    assert ("It was drawn up after later surveys of this organization: this earlier one is placed in today's "
            "benchmark, not in one of its own time.") in html.replace("&#39;", "'")
