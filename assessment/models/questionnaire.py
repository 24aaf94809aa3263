"""Registered questionnaire versions: the validated YAML document, kept verbatim."""
from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assessment.extensions import db
from questionnaires.loader import parse_questionnaire
from questionnaires.model import Questionnaire


class StoredQuestionnaire(db.Model):
    __tablename__ = "questionnaire"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    version: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    @property
    def ref(self) -> str:
        return f"{self.key}@{self.version}"

    def parsed(self) -> Questionnaire:
        """The document as a questionnaire, parsed once for each loaded copy of it.

        A stored version never changes (key@version is immutable), and a
        results page asks for it dozens of times. The parse is kept with the
        very document object it came from: a document loaded again (after a
        commit or refresh) or assigned anew is parsed again, never mistaken.
        """
        document = self.document
        kept = getattr(self, "_parsed", None)
        if kept is None or kept[0] is not document:
            kept = self._parsed = (document, parse_questionnaire(document, source=self.ref))
        return kept[1]
