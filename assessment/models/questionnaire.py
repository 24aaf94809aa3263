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
        return parse_questionnaire(self.document, source=self.ref)
