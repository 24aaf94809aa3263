"""Small organizations for the privacy attack tests, and the attacker who reads them.

The attacker is an executive who knows the roster (who is in which team,
function, role, tenure band and region) and sees everything the gate
releases. Totals are additive, so they may add and subtract any released
groups; ``Attacker.isolated`` lists every set of fewer than N respondents
that some combination of their observations pins down.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from assessment.answers import encode_answers
from assessment.extensions import db
from assessment.gate.family import ATTRIBUTES, DIMENSIONS, Filter
from assessment.models import Cycle, Response
from assessment.operations.cycles import close_cycle, open_cycle
from assessment.operations.organizations import create_organization, ensure_team
from assessment.operations.questionnaires import find_questionnaire


@dataclass(frozen=True)
class Person:
    team: str
    function: str = "sales"
    role_level: str = "individual"
    tenure_band: str = "1-3 years"
    region: str = "north"
    answer: int = 3          # the value given to every item
    comment: str = ""
    skips: tuple[str, ...] = ()   # item ids left unanswered

    def descriptor(self) -> tuple[str, ...]:
        return (self.function, self.team, self.role_level, self.tenure_band, self.region)


def build_cycle(slug: str, people: Sequence[Person], min_group_size: int = 5, close: bool = True) -> Cycle:
    """An organization whose one cycle holds exactly these responses, closed and scored."""
    org = create_organization(slug.title(), slug)
    stored = find_questionnaire("alignment-core", 1)
    assert stored is not None
    cycle = open_cycle(org, "2026-Q1", stored, min_group_size=min_group_size)
    item_ids = [item.id for item in stored.parsed().items]
    for person in people:
        team = ensure_team(org, person.team, person.function)
        answers = {i: (None if i in person.skips else person.answer) for i in item_ids}
        db.session.add(Response(
            cycle_id=cycle.id, team_id=team.id, function=person.function,
            attributes={a: getattr(person, a) for a in ATTRIBUTES}, submitted_on=dt.date(2026, 2, 1),
            answers=encode_answers(answers, stored.parsed()),
            comments={"one_thing": person.comment} if person.comment else {},
        ))
    db.session.flush()
    if close:
        close_cycle(cycle)
    return cycle


def member(people: Sequence[Person], group: Filter) -> np.ndarray:
    where = [(DIMENSIONS.index(k), v) for k, v in group]
    return np.array([all(p.descriptor()[i] == v for i, v in where) for p in people], dtype=bool)


class Attacker:
    """Collects (who, total) observations and looks for a small set they isolate."""

    def __init__(self, people: Sequence[Person]) -> None:
        self.people = list(people)
        self.rows: list[np.ndarray] = []
        self.totals: list[float] = []

    def observe(self, who: np.ndarray, total: float) -> None:
        self.rows.append(np.asarray(who, dtype=float))
        self.totals.append(total)

    def isolated(self, min_size: int, among: np.ndarray | None = None) -> list[tuple[int, ...]]:
        """Sets of fewer than ``min_size`` people (within ``among``) that a combination isolates.

        People every observation treats alike are one column with a weight:
        no combination can tell them apart, so they are isolated together or not at all.
        """
        if not self.rows:
            return []
        keep = np.ones(len(self.people), bool) if among is None else among
        matrix = np.array(self.rows)[:, keep]
        index = np.flatnonzero(keep)
        columns, _, weights = np.unique(matrix.T, axis=0, return_index=True, return_counts=True)
        members = [tuple(int(index[j]) for j in np.flatnonzero((matrix.T == c).all(axis=1))) for c in columns]
        full = np.linalg.matrix_rank(columns.T)
        found = []
        for size in range(1, len(columns) + 1):
            for chosen in combinations(range(len(columns)), size):
                if weights[list(chosen)].sum() >= min_size:
                    continue
                rest = np.delete(columns.T, chosen, axis=1)
                if full > (np.linalg.matrix_rank(rest) if rest.shape[1] else 0):
                    found.append(tuple(p for c in chosen for p in members[c]))
        return found

    def solve_for(self, person: int) -> float | None:
        """The person's answer, if the observations determine it exactly (least squares otherwise)."""
        if not self.rows:
            return None
        matrix = np.array(self.rows)
        target = np.zeros(len(self.people))
        target[person] = 1.0
        coefficients, *_ = np.linalg.lstsq(matrix.T, target, rcond=None)
        if not np.allclose(matrix.T @ coefficients, target, atol=1e-8):
            return None
        return float(coefficients @ np.array(self.totals))
