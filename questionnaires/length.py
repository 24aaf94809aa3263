"""How long a questionnaire takes, worked out from its statements: the one figure the invitation, the reminder
and the survey page all state, so that no two of them disagree for any questionnaire."""
from __future__ import annotations

import math
import re

from questionnaires.model import Questionnaire

# Counting the statements alone left out two things every respondent meets: the page's introduction (what the
# survey is for, how anonymous it is, that every statement needs an answer: some 150 words, half a minute read
# briskly) and the optional comment boxes, each read and thought about, then written in by some and left empty by
# others: half a minute each on average.
SECONDS_PER_ITEM = 10
SECONDS_FOR_THE_INTRODUCTION = 30
SECONDS_PER_COMMENT_BOX = 30
SHORTEST_MINUTES = 3   # opening the link and finding one's way take a while, however short the questionnaire

# A sentence of the introduction that states a length ("It takes about 5 minutes."): the built-in versions 1 to 3
# carry one, kept verbatim in every database that registered them (published versions are never edited).
# Only a figure is taken out: "take a few minutes to think of one example" states no length to disagree with.
_LENGTH = re.compile(r"\b\d+(?:\s*(?:-|–|to|or)\s*\d+)?\s*min(?:ute)?s?\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def minutes_to_answer(questionnaire: Questionnaire) -> int:
    """About how many minutes the survey takes: half a minute for the introduction, ten seconds a statement and
    half a minute a comment box, rounded up, three at least."""
    seconds = (SECONDS_FOR_THE_INTRODUCTION + len(questionnaire.items) * SECONDS_PER_ITEM
               + len(questionnaire.open_questions) * SECONDS_PER_COMMENT_BOX)
    return max(SHORTEST_MINUTES, math.ceil(seconds / 60))


def intro_without_length(intro: str) -> str:
    """The introduction less any sentence of its own about how long the survey takes, which the survey page
    states from ``minutes_to_answer`` instead: a figure typed into the text disagreed with the mail's."""
    sentences = _SENTENCE_END.split(intro.strip())
    return " ".join(sentence for sentence in sentences if not _LENGTH.search(sentence))
