"""answer positions: answers are stored as their position on the scale, not their value

Until now each answer's byte held its value, 0 meaning not answered, so a 0
on a 0-10 scale was lost as "not answered" and a scale above 127 did not fit.
Now the byte holds the answer's position (1 for the scale's lowest point).
On the usual 1-based scale the two are equal and nothing is rewritten; the
responses of questionnaires whose scale starts elsewhere are re-encoded.
(Zeros already lost on a 0-based scale cannot be told from blanks.)

Revision ID: 0009_answer_positions
Revises: 0008_response_files
Create Date: 2026-11-26 05:30:00

"""
import json

import numpy as np
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0009_answer_positions'
down_revision = '0008_response_files'
branch_labels = None
depends_on = None


def upgrade():
    _shift(lambda minimum: 1 - minimum)    # value -> position


def downgrade():
    _shift(lambda minimum: minimum - 1)    # position -> value; a 0 on a 0-based scale becomes a blank again


def _shift(offset_for):
    """Add ``offset_for(minimum)`` to every answered byte of the responses of each scale not starting at 1."""
    connection = op.get_bind()
    for questionnaire_id, document in connection.execute(sa.text("SELECT id, document FROM questionnaire")):
        document = json.loads(document) if isinstance(document, str) else document
        minimum = int(((document or {}).get("scale") or {}).get("minimum", 1))
        if minimum == 1:
            continue
        rows = connection.execute(sa.text(
            "SELECT response.id, response.answers FROM response JOIN cycle ON response.cycle_id = cycle.id "
            "WHERE cycle.questionnaire_id = :questionnaire"), {"questionnaire": questionnaire_id}).all()
        for response_id, answers in rows:
            values = np.frombuffer(bytes(answers), dtype=np.int8).astype(np.int16)
            shifted = np.where(values == 0, 0, values + offset_for(minimum))
            shifted[(shifted < -128) | (shifted > 127)] = 0   # unreadable before as after: keep it a blank
            connection.execute(sa.text("UPDATE response SET answers = :answers WHERE id = :id"),
                               {"answers": shifted.astype(np.int8).tobytes(), "id": response_id})
