"""The instruments shipped inside this package.

Built-in files are named `<key>.v<version>.yaml` and live next to this module,
so they travel with an installed (non-editable) copy as package data. A
published version is never edited: a changed instrument is a new file.
"""
from __future__ import annotations

import functools
from pathlib import Path

from questionnaires.errors import QuestionnaireError
from questionnaires.loader import load_questionnaire
from questionnaires.model import Questionnaire

BUILTIN_DIR = Path(__file__).resolve().parent
DEFAULT_KEY = "alignment-core"
DEFAULT_VERSION = 3  # the newest: one question per statement, mirrored pairs asking alike (see its file)


def builtin_paths() -> list[Path]:
    """Every built-in instrument file, in name order."""
    return sorted(BUILTIN_DIR.glob("*.yaml"))


def builtin_path(key: str = DEFAULT_KEY, version: int = DEFAULT_VERSION) -> Path:
    """The file of one built-in instrument, e.g. to store its document."""
    path = BUILTIN_DIR / f"{key}.v{version}.yaml"
    if not path.is_file():
        known = ", ".join(p.name for p in builtin_paths()) or "none"
        raise LookupError(f"no built-in questionnaire {key}@{version}; built-in files: {known}")
    return path


@functools.cache
def load_builtin(key: str = DEFAULT_KEY, version: int = DEFAULT_VERSION) -> Questionnaire:
    """A built-in instrument, checked; cached, as it is frozen and never changes."""
    path = builtin_path(key, version)
    questionnaire = load_questionnaire(path)
    for field, found, wanted in (("key", questionnaire.key, key), ("version", questionnaire.version, version)):
        if found != wanted:
            raise QuestionnaireError(path.name, f"is {found!r} but the file name says {wanted!r}", field=field)
    return questionnaire
