"""An organization too small for drivers, or whose sales or marketing the gate withholds: its results page says why
"What drives the score" and "How sales and marketing see it" hold no figures, under their own headings, rather
than leaving them out without a word (as a team's page already did for drivers)."""
from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.integration.privacy_org import Person, build_cycle

DRIVERS = '<h2 id="drivers">What drives the score</h2>'
GAPS = '<h2 id="gaps">How sales and marketing see it</h2>'


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _section(html: str, heading: str) -> str:
    """What a section says, from its heading to the next one."""
    assert heading in html, f"no section {heading!r}"
    return _text(html.split(heading, 1)[1].split("<h2", 1)[0])


def _page(client: FlaskClient, login, slug: str, people: list[Person]) -> str:  # type: ignore[no-untyped-def]
    build_cycle(slug, people)
    login(client, "admin")
    reply = client.get(f"/results/{slug}/2026-Q1")
    assert reply.status_code == 200
    return reply.get_data(as_text=True)


def test_an_organization_of_eleven_says_drivers_need_thirty_and_shows_its_gap(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    people = [Person("field", "sales", answer=4)] * 6 + [Person("brand", "marketing", answer=2)] * 5
    html = _page(client, login, "elevenco", people)
    assert _section(html, DRIVERS) == ("Worked out only for a group of at least 30 responses, so that what it finds "
                                       "is more than chance; Elevenco has 11.")
    assert "Sales minus marketing" in _section(html, GAPS)   # both functions are shown: the gap is there
    assert html.index(DRIVERS) < html.index(GAPS) < html.index('id="by-function"')


def test_a_withheld_function_is_named_as_the_reason_for_no_gap(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Three in sales: withheld, and marketing with it (the organization less marketing would be sales)."""
    people = [Person("field", "sales", answer=4)] * 3 + [Person("brand", "marketing", answer=2)] * 8
    html = _page(client, login, "fewsalesco", people)
    assert _section(html, GAPS) == (
        "Sales and marketing are set side by side only where the scores of both are shown. "
        "Sales had fewer than 5 responses, too few to show. "
        "Marketing is withheld so that a group of fewer than 5 cannot be worked out from the others.")
    by_function = _text(html.split('id="by-function"', 1)[1].split("</table>", 1)[0])
    assert "Sales fewer than 5 responses" in by_function   # the same reasons the page gives there
    assert "Marketing withheld so that a group of fewer than 5 cannot be worked out from the others" in by_function
    assert "Fewsalesco has 11." in _section(html, DRIVERS)


def test_a_function_nobody_answered_is_named_as_the_reason_for_no_gap(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    html = _page(client, login, "salesonlyco", [Person("field", "sales", answer=4)] * 7)
    assert _section(html, GAPS) == ("Sales and marketing are set side by side only where the scores of both are "
                                    "shown. Nobody in marketing answered this survey.")
    assert "Salesonlyco has 7." in _section(html, DRIVERS)


def test_thirty_responses_of_which_too_few_answer_the_outcome_say_so(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """32 responses, three without the outcome statement: 29 complete, one short of what drivers need."""
    people = ([Person("field", "sales", answer=a) for a in (2, 3, 4, 5)] * 4
              + [Person("brand", "marketing", answer=a) for a in (1, 2, 3, 4)] * 4)
    people[:3] = [Person("field", "sales", answer=3, skips=("outcome",))] * 3
    html = _page(client, login, "almostco", people)
    assert _section(html, DRIVERS) == (
        "Worked out only from at least 30 responses that answer “Overall, sales and marketing work as one team” and "
        "every core dimension, so that what it finds is more than chance; fewer than 30 of the 32 from Almostco do.")


def test_a_withheld_organization_says_not_shown_once_and_no_more(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Fewer than 5 in all: "Not shown" says it for the whole page; no count of responses appears under drivers."""
    html = _page(client, login, "tinyco", [Person("field", "sales")] * 3)
    assert "Not shown: fewer than 5 responses" in _text(html)
    assert DRIVERS not in html and GAPS not in html
