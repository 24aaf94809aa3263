"""Registering questionnaire files so that cycles can run them."""
from __future__ import annotations

from pathlib import Path

from assessment.extensions import db
from assessment.models import StoredQuestionnaire
from questionnaires.builtin import builtin_paths
from questionnaires.document import read_document
from questionnaires.loader import parse_questionnaire


class QuestionnaireConflict(ValueError):
    """The same key and version is registered already with different content."""


def register_questionnaire(path: Path) -> StoredQuestionnaire:
    """Validate the file, then store it; registering identical content again is a no-op."""
    document = read_document(path)
    questionnaire = parse_questionnaire(document, source=Path(path).name)
    existing = find_questionnaire(questionnaire.key, questionnaire.version)
    if existing is not None:
        if existing.document != document:
            raise QuestionnaireConflict(
                f"{questionnaire.ref} is registered already with different content; "
                "give the changed file a new version"
            )
        return existing
    stored = StoredQuestionnaire(
        key=questionnaire.key, version=questionnaire.version,
        title=questionnaire.title, document=document,
    )
    db.session.add(stored)
    db.session.flush()
    return stored


def register_builtin_questionnaires() -> list[StoredQuestionnaire]:
    return [register_questionnaire(path) for path in builtin_paths()]


def ensure_builtin_questionnaires() -> bool:
    """Register the shipped instruments that are not stored yet, so a fresh install can open a cycle.

    Without it nothing but the demo registers the built-in questionnaire, and a
    consultant on a new install would find the "Open a cycle" form empty. An
    instrument already stored under the same key and version is left as it is.
    Returns whether anything was registered (for the caller to commit).
    """
    missing = [path for path in builtin_paths() if find_questionnaire(*_key_and_version(path)) is None]
    for path in missing:
        register_questionnaire(path)
    return bool(missing)


def _key_and_version(path: Path) -> tuple[str, int]:
    """``alignment-core.v1.yaml`` holds alignment-core version 1 (see ``questionnaires.builtin``)."""
    key, _, version = path.name.removesuffix(".yaml").rpartition(".v")
    return key, int(version)


def find_questionnaire(key: str, version: int | None = None) -> StoredQuestionnaire | None:
    """``version=None`` means the newest registered version of ``key``."""
    query = db.select(StoredQuestionnaire).where(StoredQuestionnaire.key == key)
    if version is not None:
        query = query.where(StoredQuestionnaire.version == version)
    query = query.order_by(StoredQuestionnaire.version.desc()).limit(1)
    return db.session.execute(query).scalar_one_or_none()
