"""The statements a page names as ones many people could not judge ("Don't know"), group by group.

The rule and its wording are the PDFs' (``reports.dont_know``); this only
picks the groups a page shows, each read through the gate.
"""
from __future__ import annotations

from dataclasses import dataclass

from assessment.gate import GroupResult
from questionnaires.model import Questionnaire
from reports.dont_know import UnsureStatement, unsure_note, unsure_statements


@dataclass(frozen=True)
class UnsureView:
    """What the page's section says: its note, then (group name, statements) for each group with any."""

    note: str
    groups: tuple[tuple[str, tuple[UnsureStatement, ...]], ...]


def unsure_view(questionnaire: Questionnaire, groups: list[tuple[str, GroupResult | None, str]]) -> UnsureView | None:
    """``groups`` are (name, the gate's result, the function whose wording it read); ``None``: nothing to say."""
    found = tuple(
        (name, statements) for name, result, function in groups
        if (statements := unsure_statements(result.scores if result else None, questionnaire, function))
    )
    return UnsureView(unsure_note(questionnaire.scale.dont_know or ""), found) if found else None
