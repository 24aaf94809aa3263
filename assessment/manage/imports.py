"""What the console's CSV imports (roster, funnel) share: a preview's fingerprint and a refusal's problem list."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from assessment.operations.imports import MAX_ERRORS


def fingerprint(summary: Mapping[str, Any]) -> str:
    """Names the changes a preview showed, so a confirmation applies exactly those."""
    return hashlib.sha256(json.dumps(summary, sort_keys=True).encode()).hexdigest()


def listed_problems(problems: list[str] | None) -> dict[str, Any]:
    """The first problems of a refused file for the page, and how many more it has."""
    problems = problems or []
    return {"problems": problems[:MAX_ERRORS], "more_problems": max(0, len(problems) - MAX_ERRORS)}
