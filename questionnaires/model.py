"""A questionnaire as frozen values: what the loader returns and everybody reads."""
from __future__ import annotations

from dataclasses import dataclass

FUNCTIONS = ("sales", "marketing", "joint")


@dataclass(frozen=True)
class Scale:
    points: int                  # 4 to 11
    labels: tuple[str, ...]      # one per point, lowest first
    minimum: int = 1
    favorable_points: int = 2    # the top N points count as favorable
    # The label of a choice offered beside the points for a statement the person cannot judge ("Don't know").
    # Chosen, it counts as not answered in every score: a forced guess would pull scores toward the middle.
    dont_know: str | None = None

    @property
    def maximum(self) -> int:
        return self.minimum + self.points - 1

    @property
    def values(self) -> range:
        return range(self.minimum, self.maximum + 1)

    @property
    def favorable_labels(self) -> tuple[str, ...]:
        """The points counted as favorable: the top ``favorable_points``, lowest first ("Agree", "Strongly agree")."""
        return self.labels[len(self.labels) - self.favorable_points:]

    @property
    def reversed_favorable_labels(self) -> tuple[str, ...]:
        """The points counted as favorable for a statement worded the other way, whose answers are reversed:
        the bottom ``favorable_points``, nearest the middle first ("Disagree", "Strongly disagree")."""
        return tuple(reversed(self.labels[:self.favorable_points]))


@dataclass(frozen=True)
class Dimension:
    id: str
    name: str
    description: str
    core: bool = True            # core dimensions make up the alignment index


@dataclass(frozen=True)
class Item:
    id: str
    dimension: str | None        # None only for the outcome item
    text: str                    # the wording everybody sees, unless mirrored
    reverse: bool = False
    outcome: bool = False
    text_sales: str | None = None      # mirrored items: the sales wording
    text_marketing: str | None = None  # ... and the marketing wording
    # False where the scale's "Don't know" makes no sense: a statement about the person's own work or
    # knowledge ("I know what marketing is aiming for"), where "Don't know" would be a disguised "disagree".
    dont_know: bool = True

    @property
    def mirrored(self) -> bool:
        return self.text_sales is not None

    def text_for(self, function: str) -> str:
        """The wording a respondent of this function reads."""
        if function == "sales" and self.text_sales:
            return self.text_sales
        if function == "marketing" and self.text_marketing:
            return self.text_marketing
        return self.text


@dataclass(frozen=True)
class OpenQuestion:
    id: str
    text: str


@dataclass(frozen=True)
class Questionnaire:
    key: str
    version: int
    title: str
    scale: Scale
    dimensions: tuple[Dimension, ...]
    items: tuple[Item, ...]
    open_questions: tuple[OpenQuestion, ...] = ()
    intro: str = ""

    @property
    def ref(self) -> str:
        return f"{self.key}@{self.version}"

    @property
    def outcome_item(self) -> Item | None:
        return next((item for item in self.items if item.outcome), None)

    @property
    def has_reversed_items(self) -> bool:
        """Whether a scored statement is worded the other way, so that disagreeing with it counts as favorable."""
        return any(item.reverse and item.dimension for item in self.items)

    def dont_know_for(self, item: Item) -> str | None:
        """The "Don't know" label offered beside this statement, or None where it is not offered."""
        return self.scale.dont_know if item.dont_know else None

    def dimension(self, dimension_id: str) -> Dimension:
        return next(d for d in self.dimensions if d.id == dimension_id)

    def items_of(self, dimension_id: str) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.dimension == dimension_id)
