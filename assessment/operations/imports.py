"""Responses collected elsewhere (other survey tools, paper): validated whole, then stored.

A file with any bad cell is refused whole, naming its line, column and
reason, so a consultant fixes the file and imports it again without
duplicates or half-imported cycles. A file whose responses a cycle holds
already is refused too, naming the day it was imported: importing it again
would count every one of its respondents twice. The file is read as the
roster is (``csv_files``): UTF-8, commas or semicolons, lines as the file
numbers them.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from assessment.answers import DONT_KNOW, Answer, encode_answers
from assessment.extensions import db
from assessment.models import Cycle, Organization, Response, ResponseFile
from assessment.operations.csv_files import FileKind, column_name, decode, read_columns, wrong_width
from assessment.operations.organizations import SLUG, ensure_team, function_refused
from assessment.operations.responses import MAX_COMMENT, kept_comments
from questionnaires.model import Item, Questionnaire

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
    answers: dict[str, Answer]
    comments: dict[str, str]


UNKNOWN_ITEM = "not an item of this questionnaire"


def _version_hint(questionnaire: Questionnaire, problems: list[str]) -> list[str]:
    """Items missing or unknown most often mean a file made for another version (last quarter's template): say
    which this cycle asks, and where its columns are, once after the list."""
    items = [item.id for item in questionnaire.items]
    if not any(UNKNOWN_ITEM in problem or ("missing column" in problem and any(i in problem for i in items))
               for problem in problems):
        return []
    return [f"this cycle asks {questionnaire.key} version {questionnaire.version}: `alignment responses template "
            "ORG/PERIOD` writes the columns a file for it needs"]


def read_responses(data: bytes | str, questionnaire: Questionnaire,
                   slugs_by_name: Mapping[str, str] | None = None) -> list[ImportedRow]:
    """Parse and check every row; raise ImportRefused listing every problem found.

    ``slugs_by_name`` (team names in lowercase, to their slugs) lets a team written by its name, as a
    paper survey's transcriber may, be answered with the slug to write instead.
    """
    try:
        text = decode(data) if isinstance(data, bytes) else data
    except UnicodeError as error:
        raise ImportRefused([str(error)]) from None
    item_ids = [item.id for item in questionnaire.items]
    comment_ids = [q.id for q in questionnaire.open_questions]
    required = ("team", "function", *item_ids)
    table, problems = read_columns(text, column_name, (*required, *comment_ids), required,
                                   UNKNOWN_ITEM, _responses_kind(questionnaire))
    if table is None or problems:
        raise ImportRefused(problems + _version_hint(questionnaire, problems))
    rows, allowed = [], {item.id: _cell_answers(questionnaire, item) for item in questionnaire.items}
    scale = questionnaire.scale
    on_scale = {item.id: f"on the scale {scale.minimum}-{scale.maximum}{_or_dont_know(questionnaire, item)}"
                for item in questionnaire.items}
    for line, cells in table.body:
        if len(cells) != len(table.header):  # strict: a shifted row would put answers under other items
            problems.append(wrong_width(line, len(cells), len(table.header)))
            continue
        # Quoted as the file has it; compared as the roster compares (slugs and functions in lowercase).
        record = {name: cell.strip() for name, cell in zip(table.header, cells, strict=True) if name}
        team, function = record["team"].lower(), record["function"].lower()
        if not SLUG.match(team):
            slug = (slugs_by_name or {}).get(record["team"].casefold())
            named = f"; the team named so has the slug {slug!r}" if slug else ""
            problems.append(f"line {line}, column team: {record['team']!r} is not a team slug "
                            f"(lowercase letters, digits and dashes){named}")
        if (why := function_refused(record["function"])) is not None:
            problems.append(f"line {line}, column function: {why}")
        answers: dict[str, Answer] = {}
        for item in item_ids:
            cell = record[item]
            if cell and _cell_key(cell) not in allowed[item]:
                problems.append(f"line {line}, column {item}: {cell!r} is not {on_scale[item]}")
            answers[item] = allowed[item].get(_cell_key(cell))
        if not any(v is not None for v in answers.values()):
            problems.append(f"line {line}: no item is answered")
        comments = kept_comments({c: record.get(c) for c in comment_ids})
        problems += [f"line {line}, column {c}: a comment of {len(text):,} characters; the survey takes "
                     f"{MAX_COMMENT:,} at most, and so does an import" for c, text in comments.items()
                     if len(text) > MAX_COMMENT]
        rows.append(ImportedRow(team, function, answers, comments))
    if not rows and not problems:
        problems.append(f"line {table.header_at + 1}: the file has a header but no responses")
    if problems:
        raise ImportRefused(problems)
    return rows


def _cell_answers(questionnaire: Questionnaire, item: Item) -> dict[str, Answer]:
    """What an item's cell may hold, by ``_cell_key``: a point of the scale, or the "don't know" label it offers."""
    allowed: dict[str, Answer] = {str(v): v for v in questionnaire.scale.values}
    dont_know = questionnaire.dont_know_for(item)
    if dont_know:
        allowed[_cell_key(dont_know)] = DONT_KNOW
    return allowed


def _cell_key(cell: str) -> str:
    """A label as any program may have written it: in any case, with a straight or a curly apostrophe."""
    return cell.replace("\u2019", "'").casefold()


def _or_dont_know(questionnaire: Questionnaire, item: Item) -> str:
    label = questionnaire.dont_know_for(item)
    if label:
        return f" or {label!r}"
    withheld = questionnaire.scale.dont_know  # offered beside other statements, not this one
    return f" ({withheld!r} is not offered for this statement)" if withheld else ""


def _responses_kind(questionnaire: Questionnaire) -> FileKind:
    items = [item.id for item in questionnaire.items]
    listed = ", ".join(items[:3]) + (f" ... {items[-1]} ({len(items)} in all)" if len(items) > 3 else "")
    return FileKind(f"responses to {questionnaire.ref}", tuple(items), "it has none of its item columns",
                    f"A responses file's columns are team, function, then one per item: {listed}")


def fingerprint(rows: Sequence[ImportedRow]) -> str:
    """SHA-256 of the responses a file holds, in any order, however it was saved (commas or semicolons,
    a byte-order mark, line endings): the same responses are the same file."""
    canonical = sorted(json.dumps([row.team, row.function, row.answers, row.comments], sort_keys=True)
                       for row in rows)
    return hashlib.sha256("\n".join(canonical).encode()).hexdigest()


def require_taking_responses(cycle: Cycle) -> None:
    """Refuse, in one line, a cycle that takes no more answers: asked before a file is read, so a file of another
    version's columns is not answered with a page of problems that fixing would not help."""
    if not cycle.accepts_responses:
        raise ImportRefused([f"{cycle.title} is {cycle.status.value}; responses are imported while a cycle is open"])


def import_responses(cycle: Cycle, rows: list[ImportedRow], on: dt.date, *, today: dt.date) -> int:
    """Store checked rows in an open cycle; teams named in the file are created when missing.

    A closed cycle takes no more answers: comparing its figures before and
    after a late import would single out the late respondents. The file is
    remembered by its fingerprint, the day and the count only: nothing joins
    a response to the file it came in.
    """
    require_taking_responses(cycle)
    _remember_file(cycle, fingerprint(rows), len(rows), today)
    org = cycle.organization
    questionnaire = cycle.questionnaire.parsed()
    functions = _functions_by_team(rows)
    for row in rows:
        team = org.team(row.team) or ensure_team(org, row.team, functions[row.team])
        db.session.add(Response(
            cycle_id=cycle.id, team_id=team.id, function=row.function, attributes={}, submitted_on=on,
            answers=encode_answers(row.answers, questionnaire), comments=row.comments,
        ))
    db.session.flush()
    return len(rows)


def _remember_file(cycle: Cycle, digest: str, count: int, today: dt.date) -> None:
    """Record the file, or refuse it if the cycle holds its responses already.

    The unique constraint decides, so two imports of one file at the same
    moment are told apart as surely as two a week apart.
    """
    try:
        with db.session.begin_nested():
            db.session.add(ResponseFile(cycle_id=cycle.id, fingerprint=digest, imported_on=today, responses=count))
    except IntegrityError:
        earlier = db.session.execute(
            db.select(ResponseFile).filter_by(cycle_id=cycle.id, fingerprint=digest)).scalar_one()
        held = f"{earlier.responses} responses were" if earlier.responses != 1 else "1 response was"
        raise ImportRefused([f"the same {held} imported into {cycle.title} on {earlier.imported_on.isoformat()}; "
                             "importing the file again would count its respondents twice"]) from None


def teams_to_create(org: Organization, rows: list[ImportedRow]) -> dict[str, str]:
    """The teams the file names that ``org`` does not have, with the function each will get, by slug."""
    return {team: function for team, function in sorted(_functions_by_team(rows).items()) if org.team(team) is None}


def _functions_by_team(rows: list[ImportedRow]) -> dict[str, str]:
    """The function a team new to the roster gets: its rows' one function, or joint where they mix."""
    seen: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        seen[row.team].add(row.function)
    return {team: functions.pop() if len(functions) == 1 else "joint" for team, functions in seen.items()}
