"""Statements many people could not judge: the share who chose "Don't know", where it is worth saying.

A "Don't know" counts in no score, so a score alone hides that a third of
sales could not judge "How marketing and sales each contribute to revenue is
measured..." at all; that is itself a finding about what reaches them. Pages
and PDFs list such statements from the same rule, so they name the same ones.
"""
from __future__ import annotations

from dataclasses import dataclass

from questionnaires.model import Questionnaire
from scoring.results import GroupScore

#: The share of "Don't know" (percent of those who chose a point or "Don't know") from which a statement is named.
NOTABLE_SHARE = 10.0


@dataclass(frozen=True)
class UnsureStatement:
    """One statement a notable share of the group could not judge."""

    item: str
    text: str              # as the group's function read it
    count: int             # chose "Don't know"
    base: int              # chose a point or "Don't know"
    share: float           # percent
    label: str             # the scale's own words for the choice, e.g. "Don’t know"

    @property
    def said(self) -> str:
        """"12% said Don’t know": the share as printed everywhere."""
        return f"{self.share:.0f}% said {self.label}"


def notable(share: float | None) -> bool:
    """Whether a statement's share of "Don't know" is worth naming: the one rule every list applies."""
    return share is not None and share >= NOTABLE_SHARE


def unsure_note(label: str) -> str:
    """What a list of such statements is, said above it."""
    return (f"At least {NOTABLE_SHARE:.0f}% of those who answered these statements chose “{label}”, which counts "
            "in no score. What many cannot judge may itself show what does not reach them.")


def unsure_statements(scores: GroupScore | None, questionnaire: Questionnaire,
                      function: str = "joint") -> tuple[UnsureStatement, ...]:
    """The statements at least ``NOTABLE_SHARE`` percent could not judge, the largest share first.

    Nothing for a questionnaire without "Don't know" (version 1), a withheld
    group, a statement the gate withholds or a count never made (``None``).
    ``function`` picks a mirrored statement's wording: the one the group read.
    """
    label = questionnaire.scale.dont_know
    if label is None or scores is None:
        return ()
    found = []
    for item in questionnaire.items:
        score = scores.items.get(item.id)
        share = score.dont_know_share if score is not None else None
        if score is not None and score.dont_know is not None and notable(share):
            found.append(UnsureStatement(item.id, item.text_for(function).strip(), score.dont_know,
                                         score.n + score.dont_know, share, label))
    return tuple(sorted(found, key=lambda statement: -statement.share))
