"""How long a questionnaire takes, worked out from its statements: the one figure the invitation, the reminder
and the survey page all state, so that no two of them disagree for any questionnaire."""
from __future__ import annotations

import math
import re

from questionnaires.model import Questionnaire

SECONDS_PER_ITEM = 10
SHORTEST_MINUTES = 3   # reading the introduction and the optional comments take a while of their own

# A sentence of the introduction that states a length ("It takes about 5 minutes."): the built-in versions 1 to 3
# carry one, kept verbatim in every database that registered them (published versions are never edited).
# Only a figure is taken out: "take a few minutes to think of one example" states no length to disagree with.
_LENGTH = re.compile(r"\b\d+(?:\s*(?:-|–|to|or)\s*\d+)?\s*min(?:ute)?s?\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def minutes_to_answer(questionnaire: Questionnaire) -> int:
    """About how many minutes the survey takes: ten seconds a statement, rounded up, three at least."""
    return max(SHORTEST_MINUTES, math.ceil(len(questionnaire.items) * SECONDS_PER_ITEM / 60))


def intro_without_length(intro: str) -> str:
    """The introduction less any sentence of its own about how long the survey takes, which the survey page
    states from ``minutes_to_answer`` instead: a figure typed into the text disagreed with the mail's."""
    sentences = _SENTENCE_END.split(intro.strip())
    return " ".join(sentence for sentence in sentences if not _LENGTH.search(sentence))
