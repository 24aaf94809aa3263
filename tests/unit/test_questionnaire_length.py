"""One length for a questionnaire, worked out from its statements, and an introduction that states none of its own."""
from __future__ import annotations

import dataclasses

import pytest

from questionnaires.builtin import load_builtin
from questionnaires.length import intro_without_length, minutes_to_answer
from questionnaires.model import Questionnaire

CORE = load_builtin()


def with_items(count: int) -> Questionnaire:
    items = (CORE.items * 3)[:count]
    return dataclasses.replace(CORE, items=tuple(dataclasses.replace(item, id=f"item_{i}") for i, item in
                                                 enumerate(items)))


# Half a minute for the introduction, ten seconds a statement, half a minute for each of the two comment boxes of
# the built-in questionnaire: 90 seconds plus ten a statement, rounded up to whole minutes.
@pytest.mark.parametrize(("items", "minutes"), [(6, 3), (9, 3), (10, 4), (21, 5), (22, 6), (30, 7), (31, 7), (34, 8),
                                                (45, 9)])
def test_the_introduction_each_statement_and_each_comment_box_count_rounded_up(items: int, minutes: int) -> None:
    assert len(CORE.open_questions) == 2
    assert minutes_to_answer(with_items(items)) == minutes


def test_each_comment_box_adds_half_a_minute() -> None:
    """The estimate counted statements only: the 30 statements and two comment boxes of version 2 said five minutes."""
    thirty = with_items(30)
    assert minutes_to_answer(dataclasses.replace(thirty, open_questions=())) == 6   # 30 + 300 seconds
    assert minutes_to_answer(thirty) == 7                                            # 30 + 300 + 2 x 30 seconds
    four_boxes = thirty.open_questions + tuple(dataclasses.replace(q, id=f"{q.id}_again") for q in thirty.open_questions)
    assert minutes_to_answer(dataclasses.replace(thirty, open_questions=four_boxes)) == 8   # 30 + 300 + 4 x 30


@pytest.mark.parametrize(("items", "minutes"), [(1, 3), (15, 3), (16, 4)])
def test_three_minutes_at_least(items: int, minutes: int) -> None:
    """Without comment boxes: half a minute and ten seconds a statement, never said to be under three minutes."""
    assert minutes_to_answer(dataclasses.replace(with_items(items), open_questions=())) == minutes


@pytest.mark.parametrize("version", [1, 2, 3])
def test_each_builtin_introduction_keeps_all_but_its_typed_in_length(version: int) -> None:
    """Versions 1 to 3 say "It takes about 5 minutes." in their text, kept verbatim wherever they were registered."""
    intro = load_builtin("alignment-core", version).intro
    shown = intro_without_length(intro)
    assert "minute" not in shown
    assert shown.startswith("This survey asks how well sales and marketing work together here. Your answers are "
                            "anonymous: nobody sees who answered what,")
    assert shown == " ".join(intro.replace("It takes about 5 minutes.", "").split())


def test_an_introduction_without_a_length_is_left_as_it_is() -> None:
    intro = "Tell us how it goes. Answers are anonymous; comments are optional!"
    assert intro_without_length(intro) == intro
    assert intro_without_length("") == ""


def test_only_a_sentence_giving_a_figure_of_minutes_is_taken_out() -> None:
    intro = ("Take a few minutes to think of one deal. It should take 5-7 mins. Answers are anonymous. "
             "Allow 10 to 12 minutes if you comment.")
    assert intro_without_length(intro) == "Take a few minutes to think of one deal. Answers are anonymous."
