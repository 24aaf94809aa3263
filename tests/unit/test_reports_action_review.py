"""The review sentences of last cycle's actions: numbers only where both figures are shown."""
from __future__ import annotations

import re

from questionnaires.builtin import load_builtin
from reports.action_review import review_actions
from reports.inputs import Movement, PreviousAction, TeamPlanInput
from reports.playbook import default_playbook
from reports.render import team_plan_html
from reports.team_plan import build_team_plan

NAMES = {"information_sharing": "Information sharing", "lead_handoff": "Lead hand-off",
         "content_campaigns": "Content and campaigns"}


def _review(*actions: PreviousAction) -> list[str]:
    return [r.sentence for r in review_actions(actions, since="2026-Q2", min_group_size=5,
                                               dimension_name=NAMES.__getitem__)]


def test_a_practice_action_names_the_move_of_its_dimension() -> None:
    action = PreviousAction("Monthly campaign check-in", "done", practice="Monthly campaign check-in",
                            movements=(Movement("information_sharing", before=52.4, after=58.3),))
    assert _review(action) == ["Monthly campaign check-in (done): Information sharing +6 points since 2026-Q2."]


def test_several_dimensions_falls_rises_and_no_change() -> None:
    action = PreviousAction("Check-in", "in_progress", practice="Monthly campaign check-in", movements=(
        Movement("information_sharing", before=60.0, after=53.2, meaningful=True),
        Movement("lead_handoff", before=50.0, after=51.0, meaningful=False),
        Movement("content_campaigns", before=50.0, after=50.4, meaningful=False),
    ))
    assert _review(action) == [
        "Check-in (in progress): Information sharing -7 points (a meaningful change), Lead hand-off +1 point "
        "and Content and campaigns unchanged since 2026-Q2."]


def test_withheld_figures_give_the_reason_and_never_a_number() -> None:
    small = PreviousAction("Win/loss review", "in_progress", practice="Quarterly joint win/loss review", movements=(
        Movement("information_sharing", withheld_in="2026-Q3", withheld_reason="too_small"),
        Movement("lead_handoff", withheld_in="2026-Q3", withheld_reason="too_small"),
    ))
    mixed = PreviousAction("Nurture", "done", practice="Nurture leads", movements=(
        Movement("lead_handoff", before=40.0, after=45.0),
        Movement("content_campaigns", withheld_in="2026-Q2", withheld_reason="protects_others"),
    ))
    sentences = _review(small, mixed)
    assert sentences[0] == ("Win/loss review (in progress): no score to compare with 2026-Q2 "
                            "(fewer than 5 responses in 2026-Q3).")
    assert sentences[0].count(":") == 1        # "(in progress): no score to compare with 2026-Q2: fewer..." stammered
    assert sentences[1] == ("Nurture (done): Lead hand-off +5 points since 2026-Q2; Content and campaigns not shown "
                            "(withheld in 2026-Q2 so that a smaller group cannot be worked out).")
    assert re.findall(r"[+-]\d", sentences[0]) == []


def test_a_dropped_action_is_credited_with_no_move() -> None:
    dropped = PreviousAction("Check-in", "dropped", practice="Monthly campaign check-in", movements=(
        Movement("information_sharing", before=50.0, after=58.0, meaningful=True),
    ))
    assert _review(dropped) == ["Check-in (dropped): the team set it aside, so no change in scores is read against it."]


def test_an_own_action_has_no_dimension_to_compare() -> None:
    reviewed = review_actions([PreviousAction("Weekly pipeline review", "planned", owner="Sam")], since="2026-Q2",
                              min_group_size=5, dimension_name=NAMES.__getitem__)
    assert reviewed[0].sentence.startswith("Weekly pipeline review (planned): the team's own action")
    assert reviewed[0].owner == "Sam" and reviewed[0].practice is None and not reviewed[0].tested


def test_the_practice_is_named_apart_only_when_the_title_differs() -> None:
    same, other = review_actions([
        PreviousAction("Monthly campaign check-in", "done", practice="Monthly campaign check-in"),
        PreviousAction("Our check-in", "done", practice="Monthly campaign check-in"),
    ], since="2026-Q2", min_group_size=5, dimension_name=NAMES.__getitem__)
    assert same.practice is None and other.practice == "Monthly campaign check-in"


def test_titles_typed_by_users_reach_the_plan_as_text_not_markup() -> None:
    inp = TeamPlanInput(
        organization="Acme", team="Inside Sales", function="sales", period="2026-Q3",
        questionnaire=load_builtin(), scores=None, actions_period="2026-Q2",
        previous_actions=[PreviousAction('<img src="http://evil.example/x">Call <b>review</b>', "done",
                                         owner="<script>alert(1)</script>")],
    )
    html = team_plan_html(build_team_plan(inp, default_playbook()))
    assert "Actions since 2026" in html
    assert "&lt;b&gt;review&lt;/b&gt;" in html and "<b>review</b>" not in html
    assert "<script>" not in html and 'src="http://evil.example' not in html


def test_a_move_is_the_difference_of_the_rounded_scores_as_the_results_table_prints_it() -> None:
    """Shared goals 64.6 -> 40.4 prints as 65 and 40 in the table (-25 there), not -24.2 rounded (-24)."""
    from tests.unit.test_reports_team_plan import group, make_input

    scores = dict(shared_goals=40.4, information_sharing=48.0, metrics_accountability=57.0, culture=66.0)
    inp = make_input(scores=group(**scores), previous=group(**{**scores, "shared_goals": 64.6}),
                     previous_period="2026-Q2", actions_period="2026-Q2", previous_actions=[
                         PreviousAction("Plan together", "done", practice="Plan strategy together",
                                        movements=(Movement("shared_goals", before=64.6, after=40.4),))])
    plan = build_team_plan(inp, default_playbook())
    row = next(r for r in plan.rows if r.id == "shared_goals")
    assert row.change == -25
    assert plan.reviewed_actions[0].sentence == (
        "Plan together (done): Shared goals and strategy -25 points since 2026-Q2.")
    text = re.sub(r"<[^>]+>", " ", team_plan_html(plan)).replace("\u2060", "")   # word joiners in periods
    assert "-25 points since 2026-Q2" in text and "-24" not in text
