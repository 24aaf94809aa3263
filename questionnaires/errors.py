"""The one error a broken questionnaire file raises.

Its text is a single line that names the file, the entry and the field, so
`alignment questionnaire validate` can print it as the reason for failing and
the author knows exactly which line of the YAML to fix.
"""
from __future__ import annotations


class QuestionnaireError(ValueError):
    """A questionnaire file or document that cannot be used.

    `item` is the id of the entry at fault (or `#n`, its position, when it has
    no usable id); `kind` says which list that entry is in: "item",
    "dimension" or "open question". Both are None-ish for top-level fields.
    """

    source: str
    reason: str
    field: str | None
    item: str | None
    kind: str
    line: int | None
    problems: tuple[QuestionnaireError, ...]  # every mistake found in the file, this one first

    def __init__(
        self,
        source: str,
        reason: str,
        *,
        field: str | None = None,
        item: str | None = None,
        kind: str = "item",
        line: int | None = None,
    ) -> None:
        self.source = source
        self.reason = reason
        self.field = field
        self.item = item
        self.kind = kind
        self.line = line
        self.problems = (self,)
        super().__init__(self._message())

    @classmethod
    def of_all(cls, problems: list[QuestionnaireError]) -> QuestionnaireError:
        """The first of ``problems``, carrying them all: its text says how many more there are.

        An author fixing a file of forty items wants every mistake from one run, not one run per mistake.
        """
        first = problems[0]
        if len(problems) == 1:
            return first
        error = cls(first.source, first.reason, field=first.field, item=first.item, kind=first.kind, line=first.line)
        error.problems = tuple(problems)
        more = len(problems) - 1
        error.args = (f"{first} (and {more} more {'mistake' if more == 1 else 'mistakes'} in the file)",)
        return error

    def _message(self) -> str:
        parts = [self.source]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.item is not None:
            label = self.item if self.item.startswith("#") else f'"{self.item}"'
            parts.append(f"{self.kind} {label}")
        if self.field is not None:
            parts.append(f'field "{self.field}"')
        parts.append(" ".join(self.reason.split()))  # always one line
        return ": ".join(parts)


def shown(value: object) -> str:
    """A value as the author typed it, for 'not ...' in a reason."""
    if value is None:
        return "empty"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
