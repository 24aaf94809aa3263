"""The playbook: practices an action plan can recommend, loaded from YAML.

The practices live in a data file so consultants can edit wording without
touching code; the loader refuses a bad file with a message naming the file,
the practice and the field, the same way questionnaire files are refused.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

CORE_DIMENSIONS = ("shared_goals", "information_sharing", "metrics_accountability", "culture")
OPTIONAL_DIMENSIONS = ("lead_handoff", "content_campaigns")
KNOWN_DIMENSIONS = CORE_DIMENSIONS + OPTIONAL_DIMENSIONS
EFFORTS = ("low", "medium", "high")
_TEXT_FIELDS = ("id", "title", "summary", "why_it_works", "source", "cadence", "owner_role", "success")


class PlaybookError(ValueError):
    """A playbook file that cannot be used, with where and why."""


@dataclass(frozen=True)
class Practice:
    """One thing a team can do; ``dimensions[0]`` is the one it serves most."""

    id: str
    title: str
    summary: str
    dimensions: tuple[str, ...]
    why_it_works: str
    source: str
    effort: str
    cadence: str
    owner_role: str
    first_steps: tuple[str, ...]
    success: str                       # what the team will see within weeks if it works: the plan's "how you will know"

    def serves(self, dimension: str) -> bool:
        return dimension in self.dimensions

    @property
    def effort_rank(self) -> int:
        return EFFORTS.index(self.effort)


@dataclass(frozen=True)
class Playbook:
    practices: tuple[Practice, ...]
    # dimension -> the practice a consultant starts with when that dimension is weakest: the one the
    # others build on (one shared plan before help on single deals), whatever its effort.
    foundations: tuple[tuple[str, str], ...] = ()

    def get(self, practice_id: str) -> Practice:
        for practice in self.practices:
            if practice.id == practice_id:
                return practice
        raise KeyError(practice_id)

    def serving(self, dimension: str, *, easiest_first: bool = False) -> tuple[Practice, ...]:
        """Practices for a dimension: its foundation, then those serving it most, then the others;
        the easiest first within each.

        ``easiest_first`` puts effort before the foundation, which then only wins a tie: for a team
        told where it could start on its own, without scores to say what it needs most.
        """
        foundation = dict(self.foundations).get(dimension)

        def order(p: Practice) -> tuple[int, int, int]:
            secondary, not_foundation = p.dimensions.index(dimension) > 0, p.id != foundation
            if easiest_first:
                return (secondary, p.effort_rank, not_foundation)
            return (not_foundation, secondary, p.effort_rank)

        return tuple(sorted((p for p in self.practices if p.serves(dimension)), key=order))


def load_playbook(source: Traversable | Path | None = None) -> Playbook:
    """Read and validate a playbook file (default: the bundled ``playbook.yaml``)."""
    path = source if source is not None else files("reports") / "playbook.yaml"
    name = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PlaybookError(f"{name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("practices"), list):
        raise PlaybookError(f"{name}: expected a top-level 'practices' list")
    practices = tuple(_practice(name, index, raw) for index, raw in enumerate(data["practices"]))
    seen: set[str] = set()
    for practice in practices:
        if practice.id in seen:
            raise PlaybookError(f"{name}: practice {practice.id!r}: field 'id': duplicate id")
        seen.add(practice.id)
    return Playbook(practices=practices, foundations=_foundations(name, data.get("foundations", {}), practices))


def _foundations(name: str, raw: Any, practices: tuple[Practice, ...]) -> tuple[tuple[str, str], ...]:
    """Each dimension's foundation must be a practice that serves that dimension most."""
    if not isinstance(raw, dict):
        raise PlaybookError(f"{name}: field 'foundations': expected a mapping of dimension to practice id")
    serving_most = {p.id: p.dimensions[0] for p in practices}
    for dimension, practice_id in raw.items():
        if dimension not in KNOWN_DIMENSIONS:
            raise PlaybookError(f"{name}: field 'foundations': unknown dimension {dimension!r}")
        if serving_most.get(practice_id) != dimension:
            raise PlaybookError(f"{name}: field 'foundations': dimension {dimension!r}: {practice_id!r} is no "
                                f"practice that serves it most (listed first in its dimensions)")
    return tuple(raw.items())


@lru_cache(maxsize=1)
def default_playbook() -> Playbook:
    """The bundled playbook, read once per process."""
    return load_playbook()


def _practice(name: str, index: int, raw: Any) -> Practice:
    where = f"{name}: practice #{index + 1}"
    if not isinstance(raw, dict):
        raise PlaybookError(f"{where}: expected a mapping")
    if isinstance(raw.get("id"), str):
        where = f"{name}: practice {raw['id']!r}"

    def fail(field: str, why: str) -> PlaybookError:
        return PlaybookError(f"{where}: field {field!r}: {why}")

    unknown = set(raw) - set(_TEXT_FIELDS) - {"dimensions", "effort", "first_steps"}
    if unknown:
        raise fail(sorted(unknown)[0], "unknown field")
    for field in _TEXT_FIELDS:
        value = raw.get(field)
        if not isinstance(value, str) or not value.strip():
            raise fail(field, "required text is missing or empty")
    dimensions = raw.get("dimensions")
    if not isinstance(dimensions, list) or not dimensions:
        raise fail("dimensions", "expected a non-empty list of dimension ids")
    for dimension in dimensions:
        if dimension not in KNOWN_DIMENSIONS:
            raise fail("dimensions", f"unknown dimension {dimension!r}")
    if raw.get("effort") not in EFFORTS:
        raise fail("effort", f"expected one of {', '.join(EFFORTS)}")
    steps = raw.get("first_steps")
    if not isinstance(steps, list) or not 2 <= len(steps) <= 3:
        raise fail("first_steps", "expected a list of 2 or 3 steps")
    if not all(isinstance(step, str) and step.strip() for step in steps):
        raise fail("first_steps", "every step must be non-empty text")
    return Practice(
        id=raw["id"], title=raw["title"].strip(), summary=raw["summary"].strip(),
        dimensions=tuple(dimensions), why_it_works=raw["why_it_works"].strip(),
        source=raw["source"].strip(), effort=raw["effort"], cadence=raw["cadence"].strip(),
        owner_role=raw["owner_role"].strip(), first_steps=tuple(s.strip() for s in steps),
        success=raw["success"].strip(),
    )
