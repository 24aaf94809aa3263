"""No second path to raw answers: only the gate (and the code that writes them) reads them.

The source is scanned, not imported, so a new page, export, command or job
that reaches for ``Response.answers``, ``Response.comments`` or the stored
snapshot scores fails here and is sent through ``assessment.gate`` instead.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("assessment", "reports", "scoring", "questionnaires")
ALLOWED = (
    "assessment/gate/",                     # the gate itself
    "assessment/models/",                   # the column definitions
    "assessment/operations/snapshots.py",   # scores a closing cycle and writes the snapshots
    "assessment/operations/responses.py",   # a respondent submitting their own answers
    "assessment/migrations/",
)
PROTECTED = {("Response", "answers"), ("Response", "comments"), ("ScoreSnapshot", "scores")}
WHOLE_ROWS = {"Response", "ScoreSnapshot"}
DECODERS = {"decode_answers", "decode_dont_know"}
RAW_SQL = re.compile(r"\b(from|join)\s+\"?(response|score_snapshot)\"?\b", re.IGNORECASE)


def source_files() -> list[tuple[str, ast.Module]]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if not name.startswith(ALLOWED):
                found.append((name, ast.parse(path.read_text(), filename=name)))
    return found


def reads_of_raw_answers(tree: ast.Module) -> list[str]:
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if (node.value.id, node.attr) in PROTECTED:
                problems.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
        elif isinstance(node, ast.Call) and _is_select(node.func):
            for arg in node.args:
                if isinstance(arg, ast.Name) and arg.id in WHOLE_ROWS:
                    problems.append(f"line {node.lineno}: selects whole {arg.id} rows")
        elif isinstance(node, ast.ImportFrom) and node.module == "assessment.answers":
            problems += [f"line {node.lineno}: imports {a.name}" for a in node.names if a.name in DECODERS]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and RAW_SQL.search(node.value):
            problems.append(f"line {node.lineno}: raw SQL on the response or snapshot table")
    return problems


def _is_select(func: ast.expr) -> bool:
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return name in {"select", "get", "query", "get_or_404", "first_or_404"}


def test_only_the_gate_reads_answers_comments_or_snapshot_scores() -> None:
    problems = {name: found for name, tree in source_files() if (found := reads_of_raw_answers(tree))}
    assert problems == {}, "read these through assessment.gate instead: " + repr(problems)


def test_the_scan_notices_each_way_of_reading_answers() -> None:
    sneaky = ast.parse(
        "from assessment.answers import decode_answers\n"
        "rows = db.session.execute(db.select(Response.team_id, Response.answers)).all()\n"
        "people = db.session.execute(db.select(Response)).scalars()\n"
        "kept = db.session.get(ScoreSnapshot, 3)\n"
        "raw = db.session.execute(sa.text('SELECT comments FROM response'))\n"
    )
    assert len(reads_of_raw_answers(sneaky)) == 5


def test_templates_never_touch_response_objects() -> None:
    # Templates only see what views pass; no view passes a Response, but a
    # template that names the raw fields would be the first sign of one.
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        assert ".answers" not in text and "submitted_on" not in text, path
