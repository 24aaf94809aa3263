"""Responses collected elsewhere (other survey tools, paper): validated whole, then stored.

A file with any bad cell is refused whole, naming its line, column and
reason, so a consultant fixes the file and imports it again without
duplicates or half-imported cycles.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from assessment.answers import encode_answers
from assessment.extensions import db
from assessment.models import Cycle, Response
from assessment.models.organization import FUNCTIONS
from assessment.operations.organizations import SLUG, ensure_team
from questionnaires.model import Questionnaire

MAX_ERRORS = 20


class ImportRefused(ValueError):
    """The file was not imported; ``problems`` lists each bad cell."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - MAX_ERRORS} more)" if len(problems) > MAX_ERRORS else ""
        super().__init__("nothing imported: " + "; ".join(problems[:MAX_ERRORS]) + more)


@dataclass(frozen=True)
class ImportedRow:
    team: str
    function: str
    answers: dict[str, int | None]
    comments: dict[str, str]


def read_responses(text: str, questionnaire: Questionnaire) -> list[ImportedRow]:
    """Parse and check every row; raise ImportRefused listing every problem found."""
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    item_ids = [item.id for item in questionnaire.items]
    comment_ids = [q.id for q in questionnaire.open_questions]
    problems = _header_problems(header, item_ids, comment_ids)
    if problems:
        raise ImportRefused(problems)
    rows, allowed = [], {str(v): v for v in questionnaire.scale.values}
    for line, record in enumerate(reader, start=2):
        team = (record.get("team") or "").strip()
        function = (record.get("function") or "").strip().lower()
        if not SLUG.match(team):
            problems.append(f"line {line}, column team: {team!r} is not a team slug")
        if function not in FUNCTIONS:
            problems.append(f"line {line}, column function: must be one of {', '.join(FUNCTIONS)}, not {function!r}")
        answers: dict[str, int | None] = {}
        for item in item_ids:
            cell = (record.get(item) or "").strip()
            if cell and cell not in allowed:
                problems.append(f"line {line}, column {item}: {cell!r} is not on the scale "
                                f"{questionnaire.scale.minimum}-{questionnaire.scale.maximum}")
            answers[item] = allowed.get(cell)
        if not any(v is not None for v in answers.values()):
            problems.append(f"line {line}: no item is answered")
        comments = {c: (record.get(c) or "").strip() for c in comment_ids if (record.get(c) or "").strip()}
        rows.append(ImportedRow(team, function, answers, comments))
    if not rows and not problems:
        problems.append("the file holds no responses")
    if problems:
        raise ImportRefused(problems)
    return rows


def _header_problems(header: list[str], item_ids: list[str], comment_ids: list[str]) -> list[str]:
    known = {"team", "function", *item_ids, *comment_ids}
    problems = [f"line 1, column {name}: not an item of this questionnaire" for name in header if name not in known]
    missing = [name for name in ("team", "function", *item_ids) if name not in header]
    if missing:
        problems.append(f"line 1: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    return problems


def import_responses(cycle: Cycle, rows: list[ImportedRow], on: dt.date) -> int:
    """Store checked rows in an open cycle; teams named in the file are created when missing.

    A closed cycle takes no more answers: comparing its figures before and
    after a late import would single out the late respondents.
    """
    if not cycle.accepts_responses:
        raise ImportRefused([f"{cycle.name} is {cycle.status.value}; responses are imported while a cycle is open"])
    org = cycle.organization
    questionnaire = cycle.questionnaire.parsed()
    for row in rows:
        team = org.team(row.team) or ensure_team(org, row.team, row.function)
        db.session.add(Response(
            cycle_id=cycle.id, team_id=team.id, function=row.function, attributes={}, submitted_on=on,
            answers=encode_answers(row.answers, questionnaire), comments=row.comments,
        ))
    db.session.flush()
    return len(rows)
