"""The gate's decisions for a cycle, computed once at close and kept beside the scores.

Deciding which groups and figures may be shown is an exact search that takes
a second or more per cycle; pages must not pay it on their first view. The
close stores the decisions as a score snapshot of its own kind, together
with everything they were decided from: the atoms and their sizes, the
threshold, and for each figure that not everyone contributes to, how many of
each atom's people do. A reader uses them only when all of that still holds
(a response erased, a team renamed or the threshold raised since changes it)
and otherwise decides afresh, so a stored decision can never be out of date.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from assessment.extensions import db
from assessment.gate.family import Atoms, Filter, candidates, released_figure, released_scores
from assessment.gate.figures import contributors
from assessment.gate.reading import CycleRespondents
from assessment.models import Cycle, ScoreSnapshot
from scoring.instrument import Instrument

KIND, KEY = "gate", "decisions"


@dataclass(frozen=True)
class Decisions:
    shown: frozenset[Filter]                    # groups whose scores and counts may be shown
    allowed: dict[str, frozenset[Filter]]       # per thin figure, the shown groups that may show it
    figures: dict[str, tuple[int, ...]]         # per thin figure, its contributors per atom


def decide(respondents: CycleRespondents, instrument: Instrument, min_size: int,
           stored: dict[str, Any] | None = None, *, shown: frozenset[Filter] | None = None) -> Decisions:
    """The cycle's decisions: taken from ``stored`` where its inputs match, computed otherwise.

    ``shown`` is ``shown_groups`` of the same inputs when the caller has it already.
    """
    atoms = respondents.atoms
    known = stored if stored and _same_population(stored, atoms, min_size) else {}
    if shown is None:
        shown = shown_groups(atoms, min_size, known)
    atom_of = respondents.atom_of
    order = tuple(g for g in candidates(atoms) if g in shown)
    allowed, figures = {}, {}
    for figure, who in contributors(respondents.matrix, instrument).items():
        # Everyone's figure is the group's own; nobody's (an item left blank
        # by all) adds zero to every sum and so exposes no one either.
        if who.all() or not who.any():
            continue
        per_atom = tuple(np.bincount(atom_of[who], minlength=len(atoms.keys)).tolist())
        remembered = known.get("figures", {}).get(figure)
        if remembered is not None and tuple(remembered["contributors"]) == per_atom:
            allowed[figure] = _filters(remembered["shown"])
        else:
            allowed[figure] = released_figure(atoms, per_atom, order, min_size)
        figures[figure] = per_atom
    return Decisions(shown, allowed, figures)


def shown_groups(atoms: Atoms, min_size: int, stored: dict[str, Any] | None) -> frozenset[Filter]:
    """The groups whose scores and counts may be shown, from ``stored`` if it holds for these atoms."""
    if stored and _same_population(stored, atoms, min_size):
        return _filters(stored["shown"])
    return released_scores(atoms, min_size)


def as_snapshot(decisions: Decisions, atoms: Atoms, min_size: int) -> dict[str, Any]:
    """The row a close stores: the decisions with the inputs they hold for."""
    return {
        "atoms": [list(key) for key in atoms.keys],
        "sizes": list(atoms.sizes),
        "min_size": min_size,
        "shown": _plain(decisions.shown),
        "figures": {
            figure: {"contributors": list(decisions.figures[figure]), "shown": _plain(groups)}
            for figure, groups in decisions.allowed.items()
        },
    }


def stored_decisions(cycle: Cycle) -> dict[str, Any] | None:
    return db.session.execute(
        db.select(ScoreSnapshot.scores).filter_by(cycle_id=cycle.id, kind=KIND, key=KEY)
    ).scalar_one_or_none()


def stored_holds(stored: dict[str, Any] | None, atoms: Atoms, min_size: int) -> bool:
    """Whether decisions stored at the close still hold for these respondents."""
    return bool(stored) and _same_population(stored, atoms, min_size)  # type: ignore[arg-type]


def _same_population(stored: dict[str, Any], atoms: Atoms, min_size: int) -> bool:
    return (
        stored.get("min_size") == min_size
        and [tuple(key) for key in stored.get("atoms", [])] == list(atoms.keys)
        and tuple(stored.get("sizes", [])) == atoms.sizes
    )


def _plain(groups: frozenset[Filter]) -> list[list[list[str]]]:
    return sorted(sorted([k, v] for k, v in group) for group in groups)


def _filters(groups: list[list[list[str]]]) -> frozenset[Filter]:
    return frozenset(frozenset((k, v) for k, v in group) for group in groups)
