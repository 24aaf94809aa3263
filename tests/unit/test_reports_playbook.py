"""The playbook file loads, covers every dimension, and bad files are refused clearly."""
from __future__ import annotations

from pathlib import Path

import pytest

from questionnaires.builtin import load_builtin
from reports.playbook import (CORE_DIMENSIONS, EFFORTS, OPTIONAL_DIMENSIONS, PlaybookError,
                              default_playbook, load_playbook)


def test_bundled_playbook_loads_with_unique_practices() -> None:
    playbook = load_playbook()
    ids = [practice.id for practice in playbook.practices]
    assert 10 <= len(ids) <= 14
    assert len(set(ids)) == len(ids)
    assert default_playbook() == playbook


@pytest.mark.parametrize("dimension", CORE_DIMENSIONS + OPTIONAL_DIMENSIONS)
def test_every_dimension_is_served_by_at_least_two_practices(dimension: str) -> None:
    assert len(default_playbook().serving(dimension)) >= 2


def test_every_dimension_of_the_builtin_questionnaire_has_practices() -> None:
    for dimension in load_builtin().dimensions:
        assert len(default_playbook().serving(dimension.id)) >= 2, dimension.id


def test_practices_are_complete() -> None:
    for practice in default_playbook().practices:
        assert practice.effort in EFFORTS
        assert 2 <= len(practice.first_steps) <= 3
        assert practice.title and practice.summary and practice.cadence and practice.owner_role
        assert practice.source
        assert practice.success, f"{practice.id}: a plan must say how the team will know it worked"


def test_serving_puts_the_main_dimension_first_then_easiest() -> None:
    practices = default_playbook().serving("information_sharing")
    primary = [p for p in practices if p.dimensions[0] == "information_sharing"]
    assert list(practices[: len(primary)]) == primary
    assert [p.effort_rank for p in primary] == sorted(p.effort_rank for p in primary)


@pytest.mark.parametrize("figure", [
    "63% of businesses", "45% of qualified leads", "only 16% of businesses", "5 to 12 interactions",
])
def test_published_figures_are_cited_with_their_source(figure: str) -> None:
    texts = [p.why_it_works for p in default_playbook().practices if figure in p.why_it_works]
    assert texts, figure
    assert all("Sean Miller (2019)" in text for text in texts)


@pytest.mark.parametrize("article", [
    "Sean Miller", "Nicola Peaty", "Claire Curzon", "Playing on the Same Team",
    "Sales & Marketing – An Unexpected Love Story",
])
def test_each_source_article_is_drawn_on_in_the_words_a_reader_sees(article: str) -> None:
    """Each of the five articles behind the playbook shapes at least one "why it works", not only the source list."""
    assert any(article in practice.why_it_works for practice in default_playbook().practices), article


def test_success_and_first_steps_say_plainly_when_and_where() -> None:
    """'...before the next launch, and after it uses them' and 'Seat or channel the two teams' read wrongly."""
    practices = {p.id: p for p in default_playbook().practices}
    assert practices["facilitated-creative-sessions"].success.endswith(
        "after the launch it uses them instead of making its own.")
    assert practices["daily-goodwill"].first_steps[0] == (
        "Give the two teams a place to meet without an agenda, such as shared desks or one chat channel.")


GOOD = """
practices:
  - id: one
    title: T
    summary: S
    dimensions: [culture]
    why_it_works: W
    source: Src
    effort: low
    cadence: Monthly
    owner_role: Lead
    success: Done within a month
    first_steps: [a, b]
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "playbook.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_minimal_file_loads(tmp_path: Path) -> None:
    practice = load_playbook(_write(tmp_path, GOOD)).get("one")
    assert practice.dimensions == ("culture",) and practice.first_steps == ("a", "b")


@pytest.mark.parametrize("old, new, field", [
    ("dimensions: [culture]", "dimensions: [vibes]", "dimensions"),
    ("effort: low", "effort: tiny", "effort"),
    ("first_steps: [a, b]", "first_steps: [a, b, c, d]", "first_steps"),
    ("    title: T\n", "", "title"),
    ("owner_role: Lead", "owner_role: Lead\n    colour: red", "colour"),
    ("    success: Done within a month\n", "", "success"),
])
def test_a_bad_file_is_refused_naming_file_practice_and_field(
        tmp_path: Path, old: str, new: str, field: str) -> None:
    path = _write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(PlaybookError) as caught:
        load_playbook(path)
    message = str(caught.value)
    assert str(path) in message and "'one'" in message and f"'{field}'" in message


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    body = GOOD.split("practices:\n", 1)[1]
    with pytest.raises(PlaybookError, match="duplicate"):
        load_playbook(_write(tmp_path, "practices:\n" + body + body))
