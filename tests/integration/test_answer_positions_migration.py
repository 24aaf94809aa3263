"""Migration 0009 (answer positions): responses stored as values read the same as positions, up and down."""
from __future__ import annotations

import json
import uuid

import numpy as np
import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from assessment.answers import decode_answers
from assessment.extensions import db
from questionnaires.model import Dimension, Item, Questionnaire, Scale

BEFORE = "0008_response_files"


def three_items_on(points: int, minimum: int) -> Questionnaire:
    return Questionnaire(key="q", version=1, title="Q",
                         scale=Scale(points=points, labels=tuple(map(str, range(points))), minimum=minimum),
                         dimensions=(Dimension("d", "D", "d"),),
                         items=tuple(Item(f"i{n}", "d", f"Item {n}.") for n in range(3)))


def stored_answers() -> dict[str, bytes]:
    with db.engine.connect() as connection:
        return {str(cycle): bytes(answers) for cycle, answers in connection.execute(
            sa.text("SELECT cycle_id, answers FROM response ORDER BY cycle_id"))}


def test_answers_of_a_scale_not_starting_at_one_are_rewritten_and_others_left_alone(empty_app: Flask) -> None:
    upgrade(revision=BEFORE)
    # Stored the old way, as values: 5, blank, 10 on a 0-10 scale (cycle 1); 2, 5, blank on the 1-5 core (cycle 2).
    old = {"1": np.array([5, 0, 10], dtype=np.int8).tobytes(), "2": np.array([2, 5, 0], dtype=np.int8).tobytes()}
    documents = {1: {"scale": {"points": 11, "minimum": 0}}, 2: {"scale": {"points": 5}}}
    with db.engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO organization (id, slug, name, synthetic) VALUES (1, 'acme', 'Acme', false)"))
        for n in (1, 2):
            connection.execute(sa.text("INSERT INTO questionnaire (id, key, version, title, document) "
                                       "VALUES (:id, :key, 1, 'Q', :document)"),
                               {"id": n, "key": f"q{n}", "document": json.dumps(documents[n])})
            connection.execute(sa.text(
                "INSERT INTO cycle (id, organization_id, questionnaire_id, period, status, min_group_size, "
                "min_comment_group_size) VALUES (:id, 1, :id, :period, 'closed', 5, 5)"), {"id": n, "period": f"2026-Q{n}"})
            connection.execute(sa.text(
                "INSERT INTO response (id, cycle_id, function, attributes, submitted_on, answers, comments) "
                "VALUES (:id, :cycle, 'sales', '{}', '2026-11-01', :answers, '{}')"),
                {"id": uuid.uuid4().hex if connection.dialect.name == "sqlite" else uuid.uuid4(), "cycle": n,
                 "answers": old[str(n)]})
    upgrade()
    now = stored_answers()
    np.testing.assert_array_equal(decode_answers([now["1"]], three_items_on(11, 0)), [[5, np.nan, 10]])
    assert now["2"] == old["2"], "1-based answers are already positions"
    np.testing.assert_array_equal(decode_answers([now["2"]], three_items_on(5, 1)), [[2, 5, np.nan]])
    downgrade(revision=BEFORE)
    assert stored_answers() == old
    upgrade()

