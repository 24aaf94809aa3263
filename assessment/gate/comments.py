"""Open comments and response rates: the other two things people can read about a group.

Comments are records, not sums: an attacker can intersect two lists as
well as subtract them, so a group's comments are shown only when every class
of people the released comment groups tell apart holds the comment
threshold (``family.released_comments``). They come shuffled afresh on each
call and carry no date, so neither order nor timing points to a person.
"""
from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass

from assessment.gate.family import as_filter
from assessment.gate.view import cycle_view, score_threshold
from assessment.models import Cycle
from assessment.participation import invited_by_team, participating_teams
from reports.organization_inputs import response_rate

_shuffler = random.SystemRandom()


def comment_threshold(cycle: Cycle) -> int:
    """Never below the score threshold: a comment says more about its writer than a score."""
    return max(cycle.min_comment_group_size, score_threshold(cycle))


def visible_comments(
    cycle: Cycle, group: Mapping[str, str] | None = None, question: str | None = None,
) -> list[str] | None:
    """The group's comments (one open question, or all), shuffled; ``None`` when withheld.

    ``group`` is a filter as for ``filtered_result``; empty means the whole organization.
    """
    if not cycle.has_results:
        return None
    wanted = as_filter(group or {})
    view = cycle_view(cycle)
    if wanted not in view.comment_groups(comment_threshold(cycle)):
        return None
    respondents = view.respondents
    rows = respondents.rows(wanted)
    texts = [
        text
        for comments, selected in zip(respondents.comments, rows) if selected
        for key, text in sorted(comments.items()) if text and (question is None or key == question)
    ]
    _shuffler.shuffle(texts)
    return texts


@dataclass(frozen=True)
class TeamRate:
    """Invited counts the invitations that reached the team; answered is withheld when its scores would be."""

    team: str
    name: str
    invited: int
    answered: int | None

    @property
    def rate(self) -> float | None:
        return response_rate(self.answered, self.invited)


def response_rates(cycle: Cycle) -> tuple[int | None, list[TeamRate]]:
    """(answered in the whole organization, per-team rates), by the same rule as scores.

    Counts are additive like sums: a team's count is shown only where its
    group is released, so the organization's total minus the shown teams
    never isolates fewer than ``min_group_size`` people.
    """
    view = cycle_view(cycle)
    respondents, shown = view.respondents, view.shown_partitions   # only team and organization groups are asked
    invited = invited_by_team(cycle)
    threshold = score_threshold(cycle)
    rates = []
    for team in participating_teams(cycle):
        group, asked = as_filter({"team": team.slug}), int(invited.get(team.id, 0))
        count = int(respondents.rows(group).sum())
        answered = count if group in shown or _says_nobody(count, asked, threshold) else None
        rates.append(TeamRate(team.slug, team.name, asked, answered))
    total = len(respondents.descriptors)
    whole = as_filter({}) in shown or _says_nobody(total, sum(invited.values()), threshold)
    return (total if whole else None), rates


def _says_nobody(count: int, invited: int, threshold: int) -> bool:
    """Whether "nobody yet" may be said of a group.

    Only where nobody was asked, or at least ``threshold`` people were: in a
    team of one, the zero turning into "withheld" would name who answered.
    """
    return count == 0 and (invited == 0 or invited >= threshold)
