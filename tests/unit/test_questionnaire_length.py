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


@pytest.mark.parametrize(("items", "minutes"), [(6, 3), (18, 3), (19, 4), (28, 5), (30, 5), (31, 6), (45, 8)])
def test_ten_seconds_a_statement_rounded_up_and_three_minutes_at_least(items: int, minutes: int) -> None:
    assert minutes_to_answer(with_items(items)) == minutes


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
