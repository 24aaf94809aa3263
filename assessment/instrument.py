"""The bridge from a questionnaire to the plain shape that scoring works on."""
from __future__ import annotations

from questionnaires.model import Questionnaire
from scoring.instrument import Instrument


def instrument_for(questionnaire: Questionnaire) -> Instrument:
    items = questionnaire.items
    return Instrument(
        item_ids=tuple(i.id for i in items),
        item_dimensions=tuple(None if i.outcome else i.dimension for i in items),
        reverse=tuple(i.reverse for i in items),
        scale_min=questionnaire.scale.minimum,
        scale_max=questionnaire.scale.maximum,
        dimensions=tuple(d.id for d in questionnaire.dimensions),
        core_dimensions=tuple(d.id for d in questionnaire.dimensions if d.core),
        outcome_item=questionnaire.outcome_item.id if questionnaire.outcome_item else None,
        favorable_points=questionnaire.scale.favorable_points,
    )
