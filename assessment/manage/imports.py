"""What the console's CSV imports (roster, funnel) share: a preview's fingerprint, a refusal's problem list,
the file as its confirmation brings it back, and the write of a confirmed preview."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError

from assessment.extensions import db
from assessment.operations.imports import MAX_ERRORS


#: The request around a file: multipart boundaries and the other fields.
REQUEST_ALLOWANCE = 64_000


def confirmation_limit(max_bytes: int) -> int:
    """The largest confirmation of a file of ``max_bytes``: its text comes back with a carriage return added
    to every line (``as_in_the_file``), so a file of one-character lines may come back twice its size."""
    return 2 * max_bytes + REQUEST_ALLOWANCE


def as_in_the_file(text: str | None) -> str | None:
    """A preview's text as the file held it. Browsers send a text area's lines ended by CR LF whatever the file
    had (the HTML form rules), so a file just under the size limit came back over it and could never be
    imported ("the confirmation lost the file")."""
    return text.replace("\r\n", "\n") if text else text


def fingerprint(summary: Mapping[str, Any]) -> str:
    """Names the changes a preview showed, so a confirmation applies exactly those."""
    return hashlib.sha256(json.dumps(summary, sort_keys=True).encode()).hexdigest()


def listed_problems(problems: list[str] | None) -> dict[str, Any]:
    """The first problems of a refused file for the page, and how many more it has."""
    problems = problems or []
    return {"problems": problems[:MAX_ERRORS], "more_problems": max(0, len(problems) - MAX_ERRORS)}


def committed(write: Callable[[], object]) -> bool:
    """Write a confirmed import and commit it; False, with nothing of it kept, when another import wrote first.

    The usual cause is a second click on Import while the first request still
    writes a large file: PostgreSQL makes the second wait, then refuses its
    duplicate rows; SQLite gives up waiting ("database is locked"). Either way
    the caller checks the file again against what is stored now and shows
    that, instead of a server error over an import that in fact went through.
    """
    try:
        write()
        db.session.commit()
    except (IntegrityError, OperationalError):
        db.session.rollback()
        return False
    return True
