"""The results pages as an executive and a team lead read them: moving between surveys, and what an empty
or withheld part of the page tells them to do."""
from __future__ import annotations

import re

from flask.testing import FlaskClient

from assessment.lookup import cycle_by_name

PERIOD = "2026-Q3"
LEAD_TEAM = "channel-sales"  # the demo lead's team


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _survey_links(html: str) -> dict[str, str]:
    """The survey switcher's periods, each with its link ("" for the one shown)."""
    nav = re.search(r'<nav class="cycles" aria-label="Results by survey">(.*?)</nav>', html, re.S)
    assert nav, "no way to move to another survey's results"
    links = dict((period, href) for href, period in re.findall(r'<a href="([^"]+)">(\d{4}-Q\d)</a>', nav.group(1)))
    current = re.search(r'<strong aria-current="page">(\d{4}-Q\d)</strong>', nav.group(1))
    assert current
    return links | {current.group(1): ""}


def test_a_team_page_links_the_same_team_in_every_other_survey_with_results(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """A lead going back a quarter had to leave for the start page; an executive, through the organization page."""
    login(client, "team_lead")
    html = client.get(f"/results/northwind/{PERIOD}/teams/{LEAD_TEAM}").get_data(as_text=True)
    links = _survey_links(html)
    assert links == {"2025-Q4": f"/results/northwind/2025-Q4/teams/{LEAD_TEAM}",
                     "2026-Q1": f"/results/northwind/2026-Q1/teams/{LEAD_TEAM}",
                     "2026-Q2": f"/results/northwind/2026-Q2/teams/{LEAD_TEAM}", PERIOD: ""}
    assert "2026-Q4" not in links  # still collecting answers
    for href in filter(None, links.values()):
        assert client.get(href).status_code == 200


def test_the_organization_page_names_its_survey_list_for_what_it_holds(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """It read "Other cycles:" while listing the survey shown as well."""
    login(client, "executive")
    html = client.get(f"/results/northwind/{PERIOD}").get_data(as_text=True)
    assert "Other cycles" not in html
    assert _survey_links(html)["2026-Q2"] == "/results/northwind/2026-Q2"


def test_a_withheld_team_page_does_not_explain_columns_it_does_not_show(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Under "Not shown", the benchmark's source and how a change is marked meaningful explained a table that
    was not there; a shown team keeps the note under its table."""
    login(client, "executive")
    cycle = cycle_by_name(f"northwind/{PERIOD}")
    pages = {team.slug: client.get(f"/results/northwind/{PERIOD}/teams/{team.slug}").get_data(as_text=True)
             for team in cycle.organization.teams if team.slug in ("brand-content", "product-marketing", LEAD_TEAM)}
    for slug in ("brand-content", "product-marketing"):
        results = _text(pages[slug].split("Team results</h2>")[1].split("<h2")[0])
        assert "Not shown" in results, slug
        assert "Benchmark:" not in results and "meaningful" not in results, slug
    shown = _text(pages[LEAD_TEAM].split("Team results</h2>")[1].split("<h2")[0])
    assert "Benchmark: Synthetic demo pool" in shown and "“(meaningful)”" in shown


def test_a_first_survey_says_why_there_is_no_change_to_show(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """The first survey's change column was "n/a" all the way down, and nothing said why."""
    login(client, "executive")
    first = _text(client.get("/results/northwind/2025-Q4").get_data(as_text=True))
    assert "Change: n/a, as there is no earlier survey in which this group was shown to compare with." in first
    later = _text(client.get(f"/results/northwind/{PERIOD}").get_data(as_text=True))
    assert "Change since 2026-Q2" in later and "no earlier survey" not in later


def test_a_withheld_combination_on_explore_says_how_to_reach_figures(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """"Not shown" alone was a dead end: the page now says to widen the filters, and links a fresh start."""
    login(client, "executive")
    explore = f"/results/northwind/{PERIOD}/explore"
    html = client.get(f"{explore}?function=marketing&role_level=manager").get_data(as_text=True)
    assert "Not shown" in html and "<th>Alignment index</th>" not in html
    advice = re.search(r"<p>To see figures, take a filter off or choose a wider one.*?</p>", html, re.S)
    assert advice and f'href="{explore}"' in advice.group(0)
    shown = client.get(f"{explore}?function=marketing").get_data(as_text=True)
    assert "<th>Alignment index</th>" in shown and "To see figures" not in shown


def test_a_team_too_small_for_drivers_says_so_and_where_to_find_them(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """"What drives the score" vanished from a team page of fewer than 30 responses without a word."""
    login(client, "team_lead")
    html = client.get(f"/results/northwind/{PERIOD}/teams/{LEAD_TEAM}").get_data(as_text=True)
    n = int(re.search(r"<th>Alignment index</th>.*?<td class=\"num\"[^>]*>(\d+)</td></tr>", html, re.S).group(1))
    assert n < 30
    section = html[html.index(">What drives the score</h2>"):]
    said = _text(section[:section.index("</p>")])
    assert f"at least 30 responses, so that what it finds is more than chance; Channel Sales has {n}." in said
    link = re.search(r'href="([^"]+)">what drives the score for the whole organization', section)
    assert link and link.group(1) == f"/results/northwind/{PERIOD}#drivers"
    assert '<h2 id="drivers">What drives the score</h2>' in client.get(link.group(1)).get_data(as_text=True)


def test_every_scores_table_says_what_its_columns_mean(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """A team page and Explore showed "Favorable", "95% interval" and "n" with no word of what they were. The favorable
    share counts disagreeing with a statement worded the other way, as its score does: said so, not only "agree"."""
    login(client, "executive")
    legend = ("Score: 0 if everyone answers “Strongly disagree”, 100 if everyone answers “Strongly agree”. "
              "Favorable: the share of answers that are agree or strongly agree, or disagree or strongly disagree with "
              "a statement worded the other way. 95% interval: the range in which "
              "the group's true score most likely lies; the fewer the responses, the wider it is. "
              "n: the number of responses. Answers of “Don’t know” count in no score and no share.")
    for path in (f"/results/northwind/{PERIOD}", f"/results/northwind/{PERIOD}/teams/{LEAD_TEAM}",
                 f"/results/northwind/{PERIOD}/explore?function=sales"):
        text = _text(client.get(path).get_data(as_text=True))
        assert text.count(legend) == 1, path  # once: not again under the team page's organization comparison


def test_the_benchmark_is_dated_as_people_write_dates(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """"as of 2026-11-26" on a page where every other date reads "10 October 2026"."""
    from assessment.dates import written
    from assessment.operations.benchmarks import benchmark_for_cycle

    login(client, "executive")
    benchmark = benchmark_for_cycle(cycle_by_name(f"northwind/{PERIOD}"))
    assert benchmark is not None
    for path in (f"/results/northwind/{PERIOD}", f"/results/northwind/{PERIOD}/teams/{LEAD_TEAM}"):
        text = _text(client.get(path).get_data(as_text=True))
        assert f"as of {written(benchmark.as_of)}, " in text, path
        assert benchmark.as_of.isoformat() not in text, path


def test_the_team_table_names_each_teams_function_as_the_function_table_does(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """"By function" read Sales and Marketing, and two tables below "By team" read sales and marketing."""
    html = login(client, "executive").get(f"/results/northwind/{PERIOD}").get_data(as_text=True)
    by_team = html[html.index("By team</h2>"):]
    by_team = by_team[:by_team.index("</table>")]
    functions = set(re.findall(r"</a></td>\s*<td[^>]*>([^<]*)</td>", by_team))
    assert functions and functions <= {"Sales", "Marketing", "Joint"}, functions


def test_each_teams_index_stands_beside_its_place_in_the_benchmark(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """The benchmark came last, six dimension columns away from the index it is about: on a phone, a sideways
    scroll across the whole table to read a team against the benchmark."""
    html = login(client, "executive").get(f"/results/northwind/{PERIOD}").get_data(as_text=True)
    by_team = html[html.index("By team</h2>"):]
    by_team = by_team[:by_team.index("</table>")]
    headings = [_text(h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", by_team, re.S)]
    assert headings[2:4] == ["Alignment index", "Index against the benchmark"], headings
    shown = re.findall(r'<td class="num"[^>]*><strong>\d+</strong></td>\s*<td class="benchmark"[^>]*>([^<]*)</td>', by_team)
    assert len(shown) >= 5 and all(re.match(r"([+-]\d+|±0) vs median · ", cell) for cell in shown), shown
    withheld = re.findall(r'<td class="withheld" colspan="(\d+)"', by_team)
    assert withheld and set(withheld) == {str(len(headings) - 2)}, "a withheld team's note spans every figure"


def test_a_withheld_favorable_share_is_a_dash_with_its_reason_as_in_the_pdf(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Inside Sales' favorable share of its index and of metrics and accountability is held back (one of their
    statements is): the team page and Explore printed a bare "n/a" there, the PDF a dash and why."""
    login(client, "executive")
    reason = ("A dash under Favorable: the share is not shown, as one of the dimension's statements is held back (too "
              "few gave a view of it, or it would let a smaller group be worked out).")
    for path in (f"/results/northwind/{PERIOD}/teams/inside-sales",
                 f"/results/northwind/{PERIOD}/explore?team=inside-sales"):
        html = client.get(path).get_data(as_text=True)
        table = html[html.index('<table class="scores stacks'):]
        table = table[:table.index("</table>")]
        cells = [_text(cell).strip()
                 for cell in re.findall(r'<td class="num" data-label="Favorable">(.*?)</td>', table, re.S)]
        dashes = [cell for cell in cells if cell == "– not shown"]
        assert len(dashes) == 2 and all(c.endswith("%") for c in cells if c not in dashes), (path, cells)
        assert "n/a" not in "".join(cells)
        assert " ".join(_text(html).split()).count(reason) == 1, path
    # A table whose every share is shown says nothing of dashes.
    html = client.get(f"/results/northwind/{PERIOD}/teams/{LEAD_TEAM}").get_data(as_text=True)
    assert "A dash under Favorable" not in html
