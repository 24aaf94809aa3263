"""The playbook file loads, covers every dimension, and bad files are refused clearly."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from questionnaires.builtin import load_builtin
from reports.playbook import (CORE_DIMENSIONS, EFFORTS, OPTIONAL_DIMENSIONS, PlaybookError,
                              default_playbook, load_playbook)
from reports.render import render_team_plan
from reports.team_plan import build_team_plan
from scoring.results import GroupScore
from tests.unit.test_reports_render import SCORES, dim, flat, plan_input


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


# What a consultant starts with when this is a team's weakest dimension: the practice the others build on,
# whatever its effort. Shared goals: one plan and one target for both teams (the articles' "strategy formation,
# pricing and forecasting" done jointly), not a marketer helping on the odd deal. Metrics: one measure both
# teams trust (every lead tracked to revenue) before reviewing deals or bonuses against it.
FIRST_PRACTICE = {
    "shared_goals": "Plan strategy, pricing and forecasts together",
    "information_sharing": "Monthly campaign check-in",
    "metrics_accountability": "Track every marketing lead through to revenue",
    "culture": "Sit in on each other's work",
    "lead_handoff": "One definition of a sales-ready lead, and a hand-off agreement",
    "content_campaigns": "Plan content from the sales team's goals",
}


@pytest.mark.parametrize("dimension", CORE_DIMENSIONS + OPTIONAL_DIMENSIONS)
def test_a_dimension_s_first_practice_is_the_foundational_one(dimension: str) -> None:
    assert default_playbook().serving(dimension)[0].title == FIRST_PRACTICE[dimension]


def test_after_the_foundation_the_practices_serving_a_dimension_most_come_easiest_first() -> None:
    practices = default_playbook().serving("shared_goals")
    assert [p.id for p in practices[:2]] == ["joint-planning", "marketers-join-calls"]
    secondary = [p.effort_rank for p in practices[2:]]
    assert secondary == sorted(secondary)


def test_a_foundation_that_does_not_serve_its_dimension_most_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD + "foundations:\n  shared_goals: one\n")
    with pytest.raises(PlaybookError) as caught:
        load_playbook(path)
    assert str(path) in caught.value.args[0] and "'shared_goals'" in caught.value.args[0]
    assert "'foundations'" in caught.value.args[0]


def test_a_team_weakest_on_shared_goals_reads_plan_together_before_the_narrower_practice() -> None:
    """The plan listed "Marketers help on tricky sales conversations" (low effort) first for shared goals."""
    scores = {**SCORES, "shared_goals": (31, 22.0)}
    group = GroupScore(n=14, index=dim("index", 55, 50.0), dimensions={k: dim(k, s, f) for k, (s, f) in scores.items()})
    plan = build_team_plan(plan_input(scores=group), default_playbook())
    assert plan.priorities[0].dimension == "shared_goals"
    pdf = render_team_plan(plan)
    text = flat(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode())
    first = text.index("1 Shared goals and strategy")
    assert first < text.index("Plan strategy, pricing and forecasts together", first) < text.index(
        "Marketers help on tricky sales conversations", first)
