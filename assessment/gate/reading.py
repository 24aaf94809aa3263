"""The gate's one read of a cycle's responses: descriptors, answers and (on request) comments.

This module and the snapshot writer are the only code that reads answers;
a test scans the source to keep it so.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import sqlalchemy as sa

from assessment.answers import decode_answers, decode_dont_know
from assessment.collector import no_cycle_collection
from assessment.extensions import db
from assessment.gate.family import ATTRIBUTES, Atoms, Filter
from assessment.models import Cycle, Response, Team


@dataclass(frozen=True)
class CycleRespondents:
    """One row per response; ``descriptors`` follow ``family.DIMENSIONS``, "" where unknown."""

    descriptors: tuple[tuple[str, ...], ...]
    matrix: np.ndarray                           # respondents x items, NaN = not answered
    comment_texts: tuple[str | None, ...] = ()   # as stored (JSON), when asked for
    dont_know: np.ndarray | None = None          # respondents x items, True: "Don't know"; None: not offered

    @cached_property
    def comments(self) -> tuple[dict[str, str], ...]:
        """Each row's comments, empty unless read with them; decoded when first asked, as few pages show them."""
        if not self.comment_texts:
            return tuple({} for _ in self.descriptors)
        return tuple(dict(json.loads(text) or {}) if text else {} for text in self.comment_texts)

    @cached_property
    def atoms(self) -> Atoms:
        return Atoms.of(self.descriptors)

    @cached_property
    def atom_of(self) -> np.ndarray:
        """Each row's position in ``atoms.keys``."""
        position = {key: i for i, key in enumerate(self.atoms.keys)}
        return np.array([position[d] for d in self.descriptors], dtype=np.int64)

    def rows(self, group: Filter) -> np.ndarray:
        """Which respondents a filter selects: decided per atom, then spread over the rows."""
        return self.atoms.member(group)[self.atom_of]


def read_respondents(cycle: Cycle, *, with_comments: bool = False) -> CycleRespondents:
    """All of a cycle's responses in one query, in no meaningful order."""
    with no_cycle_collection():
        return _read(cycle, with_comments)


def _read(cycle: Cycle, with_comments: bool) -> CycleRespondents:
    teams = dict(db.session.execute(
        db.select(Team.id, Team.slug).where(Team.organization_id == cycle.organization_id)
    ).all())
    # Attributes come as their JSON text: thousands of respondents share a few
    # combinations, so each distinct text is decoded once, not once per row.
    attributes = sa.cast(Response.attributes, sa.Text).label("attributes")
    columns = [Response.team_id, Response.function, attributes, Response.answers]
    if with_comments:
        columns.append(sa.cast(Response.comments, sa.Text))
    # A Core read on the session's connection: the ORM's row handling cost more than the query.
    rows = db.session.connection().execute(db.select(*columns).where(Response.cycle_id == cycle.id)).all()
    questionnaire = cycle.questionnaire.parsed()
    if not rows:
        return CycleRespondents((), decode_answers((), questionnaire), (), decode_dont_know((), questionnaire))
    team_ids, functions, texts, answers, *extra = zip(*rows)

    def descriptor(function: str, team_id: int | None, text: str | None) -> tuple[str, ...]:
        values = json.loads(text) if text else None
        return (function, teams.get(team_id, "") if team_id is not None else "",
                *(str((values or {}).get(a) or "") for a in ATTRIBUTES))

    keys = list(zip(functions, team_ids, texts))
    described = {key: descriptor(*key) for key in set(keys)}
    descriptors = tuple(map(described.__getitem__, keys))
    matrix = decode_answers(answers, questionnaire)
    return CycleRespondents(descriptors, matrix, tuple(extra[0]) if with_comments else (),
                            decode_dont_know(answers, questionnaire))
