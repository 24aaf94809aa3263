"""Answers from a latent-factor model, so the demo behaves like real survey data.

Each respondent has a general alignment level (organization + team + the
team's trend over quarters + personal noise). Each dimension loads on that
general factor, so dimensions correlate; each item loads on its dimension, so
reliability is realistic; sales and marketing are shifted on some dimensions,
so perception gaps appear; the outcome item follows the core dimensions, so
drivers can be found.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from questionnaires.model import Questionnaire

GENERAL_LOADING = 0.75
ITEM_LOADING = 0.8

# How each function sees a dimension, in latent SD units: sales doubts the
# leads and material it gets, marketing doubts that its work is followed up
# and valued.
PERCEPTION = {
    "sales": {"lead_handoff": -0.45, "content_campaigns": -0.35, "information_sharing": -0.2, "culture": 0.1},
    "marketing": {"metrics_accountability": -0.3, "culture": -0.35, "lead_handoff": 0.15},
    "joint": {"metrics_accountability": 0.1},
}


# Who may be unable to judge a statement, and how often they say "Don't know" (where the questionnaire offers it):
# a salesperson rarely sees how marketing's part in revenue is measured; a marketer rarely sees a lead to the end
# of the pipeline.
DONT_KNOW_CHANCE = {
    "sales": {"ma_contribution": 0.3},
    "marketing": {"ma_leads_tracked": 0.2},
}


def draw_dont_know(rng: np.random.Generator, questionnaire: Questionnaire, functions: Sequence[str]) -> np.ndarray:
    """Respondents x items, True where the person says "Don't know"; all False for a questionnaire without it.

    Drawn from its own generator, so the answers on the scale stay those of the same seed without it.
    """
    chance = np.array([[DONT_KNOW_CHANCE.get(f, {}).get(item.id, 0.0) if item.dont_know else 0.0
                        for item in questionnaire.items]
                       for f in functions]).reshape(len(functions), len(questionnaire.items))
    if questionnaire.scale.dont_know is None:
        return np.zeros(chance.shape, dtype=bool)
    return rng.random(chance.shape) < chance


def draw_answers(
    rng: np.random.Generator, questionnaire: Questionnaire, levels: np.ndarray, functions: Sequence[str]
) -> np.ndarray:
    """A respondents x items matrix of integer answers on the questionnaire's scale."""
    n = len(levels)
    general = levels + rng.normal(0.0, 0.8, n)
    unique = np.sqrt(1 - GENERAL_LOADING**2)
    factors = {
        d.id: GENERAL_LOADING * general + unique * rng.normal(0.0, 1.0, n) + _shift(d.id, functions)
        for d in questionnaire.dimensions
    }
    core = [factors[d.id] for d in questionnaire.dimensions if d.core]
    columns = []
    for item in questionnaire.items:
        factor = np.mean(core, axis=0) * 1.1 if item.outcome else factors[item.dimension or ""]
        latent = ITEM_LOADING * factor + np.sqrt(1 - ITEM_LOADING**2) * rng.normal(0.0, 1.0, n)
        latent += rng.normal(0.0, 0.15)  # items differ a little in how easy they are to agree with
        columns.append(-latent if item.reverse else latent)
    return _to_scale(np.column_stack(columns), questionnaire.scale.minimum, questionnaire.scale.points)


def _shift(dimension: str, functions: Sequence[str]) -> np.ndarray:
    return np.array([PERCEPTION.get(f, {}).get(dimension, 0.0) for f in functions])


def _to_scale(latent: np.ndarray, minimum: int, points: int) -> np.ndarray:
    """Cut the latent values into scale points; the thresholds lean a little positive, as surveys do."""
    thresholds = np.linspace(-2.0, 0.9, points - 1)
    return minimum + np.searchsorted(thresholds, latent).astype(np.int64)
