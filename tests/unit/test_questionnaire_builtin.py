"""The built-in instrument meets the rules of DESIGN.md section 4."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from questionnaires import BUILTIN_DIR, Questionnaire, builtin_path, builtin_paths, load_builtin, load_questionnaire

CORE = {
    "shared_goals": "Shared goals and strategy",
    "information_sharing": "Information sharing and communication",
    "metrics_accountability": "Metrics and accountability",
    "culture": "Culture and mutual respect",
}


@pytest.fixture(scope="module", params=[1, 2, 3], ids=["v1", "v2", "v3"])
def core(request: pytest.FixtureRequest) -> Questionnaire:
    """Each version of the built-in instrument: cycles run with an earlier version are still read with it."""
    return load_builtin("alignment-core", request.param)


def test_every_builtin_file_loads_and_its_name_matches_key_and_version() -> None:
    paths = builtin_paths()
    assert BUILTIN_DIR / "alignment-core.v1.yaml" in paths
    for path in paths:
        questionnaire = load_questionnaire(path)
        assert path.name == f"{questionnaire.key}.v{questionnaire.version}.yaml"


def test_unknown_builtin_is_a_lookup_error_listing_what_exists() -> None:
    with pytest.raises(LookupError, match="alignment-core.v1.yaml"):
        builtin_path("alignment-core", 99)


def test_identity_and_scale(core: Questionnaire) -> None:
    assert core.ref in {"alignment-core@1", "alignment-core@2", "alignment-core@3"}
    assert core.scale.points == 5 and core.scale.values == range(1, 6)
    assert core.scale.labels[0] == "Strongly disagree" and core.scale.labels[-1] == "Strongly agree"
    assert core.scale.favorable_points == 2


def test_version_2_asks_what_version_1_asked_and_offers_dont_know() -> None:
    first, second = load_builtin("alignment-core", 1), load_builtin("alignment-core", 2)
    assert second.items == first.items and second.dimensions == first.dimensions
    assert second.open_questions == first.open_questions
    assert first.scale.dont_know is None and second.scale.dont_know == "Don’t know"
    assert second.scale.labels == first.scale.labels and second.scale.favorable_points == first.scale.favorable_points
    assert "“Don’t know”" in second.intro


def test_a_new_cycle_runs_the_newest_version_by_default() -> None:
    assert load_builtin() == load_builtin("alignment-core", 3)


def test_version_3_keeps_what_scores_compare_and_gives_a_changed_question_a_new_id() -> None:
    """Dimension scores compare with version 2's; an item id never names two different questions."""
    second, third = load_builtin("alignment-core", 2), load_builtin("alignment-core", 3)
    assert third.dimensions == second.dimensions and third.scale == second.scale
    earlier = {item.id: item for item in second.items}
    for item in third.items:
        if item.id in earlier:
            before = earlier[item.id]
            assert (item.dimension, item.reverse) == (before.dimension, before.reverse), item.id
            for function in ("sales", "marketing", "joint"):  # at most a pronoun changed ("they" became "it")
                was = before.text_for(function)
                assert item.text_for(function) in {was, was.replace(" they ", " it ")}, item.id
    assert {"lh_worth_time", "cu_respect", "sg_joint_planning", "ma_no_control"}.isdisjoint(
        item.id for item in third.items)


def test_version_3_mirrored_pairs_ask_both_sides_the_same_question() -> None:
    third = {item.id: item for item in load_builtin("alignment-core", 3).items}
    worth = third["lh_leads_worth"]
    assert worth.text_for("sales") == "The leads marketing passes me are worth my time."
    assert worth.text_for("marketing") == "The leads we pass to sales are worth a salesperson's time."
    respect = third["cu_respected"]
    assert "respects the work" in respect.text_for("sales") and "respects the work" in respect.text_for("marketing")


def test_version_3_offers_dont_know_only_where_a_person_may_be_unable_to_judge() -> None:
    """A statement about the person's own work or knowledge, in every wording, has no "Don't know"."""
    third = load_builtin("alignment-core", 3)

    def about_oneself(text: str) -> bool:
        return text.startswith(("I ", "My ")) or " I " in text

    own = {item.id for item in third.items
           if all(about_oneself(item.text_for(f)) for f in ("sales", "marketing", "joint"))}
    assert own == {"sg_know_goals", "is_quick_answer", "ma_own_targets"}
    assert {item.id for item in third.items if not item.dont_know} == own
    assert all(third.dont_know_for(item) == "Don’t know" for item in third.items if item.id not in own)


def test_intro_promises_anonymity_and_a_short_survey(core: Questionnaire) -> None:
    assert "anonymous" in core.intro and "5 minutes" in core.intro


def test_four_core_dimensions_with_their_names(core: Questionnaire) -> None:
    assert {d.id: d.name for d in core.dimensions if d.core} == CORE
    assert all(d.description for d in core.dimensions)


def test_each_core_dimension_has_at_least_five_items(core: Questionnaire) -> None:
    for dimension_id in CORE:
        assert len(core.items_of(dimension_id)) >= 5, dimension_id


def test_each_dimension_has_a_reverse_keyed_and_a_positively_keyed_item(core: Questionnaire) -> None:
    for dimension in core.dimensions:
        keys = {item.reverse for item in core.items_of(dimension.id)}
        assert keys == {True, False}, dimension.id


def test_one_outcome_item_outside_every_dimension(core: Questionnaire) -> None:
    outcomes = [item for item in core.items if item.outcome]
    assert len(outcomes) == 1
    outcome = core.outcome_item
    assert outcome is not None and outcome.id == "outcome"
    assert outcome.text == "Overall, sales and marketing work as one team."
    assert outcome.dimension is None and not outcome.reverse and not outcome.mirrored


def test_two_open_questions(core: Questionnaire) -> None:
    assert [q.id for q in core.open_questions] == ["one_thing", "keep_doing"]
    assert all(q.text.endswith("?") for q in core.open_questions)


def test_it_takes_a_few_minutes(core: Questionnaire) -> None:
    assert 25 <= len(core.items) <= 31


def test_ids_are_short_snake_case(core: Questionnaire) -> None:
    ids = [item.id for item in core.items] + [q.id for q in core.open_questions]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", i) and len(i) <= 24 for i in ids)


def test_mirrored_items_give_each_function_its_own_wording(core: Questionnaire) -> None:
    mirrored = [item for item in core.items if item.mirrored]
    assert len(mirrored) >= 4
    for item in mirrored:
        sales, marketing, joint = item.text_for("sales"), item.text_for("marketing"), item.text_for("joint")
        assert len({sales, marketing, joint}) == 3, item.id


def test_mirrored_wordings_face_the_right_way(core: Questionnaire) -> None:
    """Sales reads about marketing, marketing about sales, joint teams about both."""
    for item in core.items:
        if item.mirrored:
            assert "marketing" in item.text_for("sales").lower(), item.id
            assert "sales" in item.text_for("marketing").lower(), item.id
            assert {"sales", "marketing"} <= set(re.findall(r"[a-z]+", item.text.lower())), item.id


def test_the_package_imports_no_other_layer() -> None:
    code = (
        "import sys, questionnaires, questionnaires.loader, questionnaires.builtin\n"
        "questionnaires.load_builtin()\n"
        "bad = {'flask', 'sqlalchemy', 'assessment', 'scoring', 'reports', 'numpy'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_favorable_points_read_as_labels_and_reversed_for_statements_worded_the_other_way() -> None:
    from questionnaires.model import Scale

    scale = Scale(points=5, labels=("Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"),
                  favorable_points=2)
    assert scale.favorable_labels == ("Agree", "Strongly agree")
    assert scale.reversed_favorable_labels == ("Disagree", "Strongly disagree")
    assert load_builtin().has_reversed_items
