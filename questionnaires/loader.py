"""Checking a questionnaire document and turning it into frozen values.

A cycle's results are read with the questionnaire version it ran, for years,
so a mistake in an instrument file must be refused when the file is added,
not discovered in a report. Every check names the file, the entry and the
field (see `QuestionnaireError`), and every entry is checked on its own, so
one run reports the mistakes of every entry (`QuestionnaireError.problems`). `parse_questionnaire` takes the plain
document `yaml.safe_load` (or JSON from the database) gives; `load_questionnaire`
reads a file first.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from questionnaires.document import read_document
from questionnaires.errors import QuestionnaireError, shown
from questionnaires.model import Dimension, Item, OpenQuestion, Questionnaire, Scale

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
MAX_ID_LENGTH = 40
MIN_POINTS, MAX_POINTS = 4, 11
MIN_CORE_ITEMS = 2  # reliability (Cronbach's alpha) needs at least two items
# Item and open-question ids head columns of response files and respondent exports, beside these:
# an item called `team` would make every response file name `team` twice, so none could be imported.
ANSWER_COLUMNS = ("team", "function", "role_level", "tenure_band", "region", "period")
# `index` is the alignment index wherever dimensions are listed: scores, gaps, benchmark tables.
INDEX = "index"

TOP_FIELDS = ("key", "version", "title", "intro", "scale", "dimensions", "items", "open_questions")
SCALE_FIELDS = ("points", "labels", "minimum", "favorable_points", "dont_know")
MAX_DONT_KNOW = 40  # the choice sits beside the scale's labels on a phone
DIMENSION_FIELDS = ("id", "name", "description", "core")
ITEM_FIELDS = ("id", "dimension", "text", "text_sales", "text_marketing", "reverse", "outcome", "dont_know")
OPEN_QUESTION_FIELDS = ("id", "text")


@dataclass(frozen=True)
class _Place:
    """Where in the document a check is, so its error can say so."""

    source: str
    kind: str = "item"
    item: str | None = None
    prefix: str = ""  # "scale." for the fields of the scale mapping

    def error(self, field: str | None, reason: str) -> QuestionnaireError:
        name = None if field is None else self.prefix + field
        return QuestionnaireError(self.source, reason, field=name, item=self.item, kind=self.kind)


@dataclass
class _Problems:
    """The mistakes found so far in one document."""

    found: list[QuestionnaireError] = field(default_factory=list)

    @contextmanager
    def checking(self) -> Iterator[None]:
        """Check one entry (or top-level field): its first mistake is kept, and the checks go on with the next."""
        try:
            yield
        except QuestionnaireError as error:
            self.found.append(error)

    def raise_any(self) -> None:
        if self.found:
            raise QuestionnaireError.of_all(self.found)


def _fields(value: object, allowed: tuple[str, ...], place: _Place, field: str | None) -> Mapping[str, object]:
    """`value` as a mapping holding only known fields; a typo is named."""
    if not isinstance(value, Mapping):
        raise place.error(field, f"must be a mapping of fields, not {shown(value)}")
    for name in value:
        if name not in allowed:
            guess = difflib.get_close_matches(str(name), allowed, n=1)
            hint = f"did you mean {guess[0]!r}?" if guess else f"known fields: {', '.join(allowed)}"
            raise place.error(str(name), f"unknown field; {hint}")
    return value


def _text(fields: Mapping[str, object], name: str, place: _Place, *, required: bool = True) -> str | None:
    value = fields.get(name)
    if value is None:
        if required:
            raise place.error(name, "missing" if name not in fields else "must not be empty")
        return None
    if not isinstance(value, str):
        raise place.error(name, f"must be text, not {shown(value)}")
    if not value.strip():
        raise place.error(name, "must not be empty")
    return value.strip()


def _flag(fields: Mapping[str, object], name: str, place: _Place, default: bool) -> bool:
    """A boolean that is exactly true or false: 'yes', 1 or "true" are refused."""
    value = fields.get(name, default)
    if type(value) is not bool:
        raise place.error(name, f"must be true or false, not {shown(value)}")
    return value


#: The largest whole number a questionnaire file may give: far past any version or scale, well inside 32 bits.
MAX_WHOLE = 1_000_000


def _whole(fields: Mapping[str, object], name: str, place: _Place, default: int | None = None) -> int:
    if name not in fields and default is not None:
        return default
    value = fields.get(name)
    if value is None:
        raise place.error(name, "missing" if name not in fields else "must not be empty")
    if type(value) is not int:
        raise place.error(name, f"must be a whole number, not {shown(value)}")
    if abs(value) > MAX_WHOLE:  # a version or scale point past this would overflow a database integer
        raise place.error(name, f"must be a whole number from {-MAX_WHOLE:,} to {MAX_WHOLE:,}, not {value}")
    return value


def _ident(fields: Mapping[str, object], name: str, place: _Place, pattern: re.Pattern[str], example: str) -> str:
    value = _text(fields, name, place)
    assert value is not None
    if value != fields[name] or not pattern.match(value) or len(value) > MAX_ID_LENGTH:
        raise place.error(
            name, f"{value!r} is not a valid id; use lower-case words like {example!r}, at most {MAX_ID_LENGTH} characters"
        )
    return value


def _place(kind: str, entry: object, position: int, source: str) -> _Place:
    """An entry is named by its id when it has a usable one, else by position."""
    raw = entry.get("id") if isinstance(entry, Mapping) else None
    usable = isinstance(raw, str) and ID_PATTERN.match(raw) is not None
    return _Place(source, kind, raw if usable else f"#{position}")


def _entries(doc: Mapping[str, object], name: str, place: _Place, *, required: bool) -> list[object]:
    value = doc.get(name)
    if value is None:
        if required:
            raise place.error(name, "missing")
        return []
    if not isinstance(value, list):
        raise place.error(name, f"must be a list, not {shown(value)}")
    if required and not value:
        raise place.error(name, "must list at least one entry")
    return value


def _scale(value: object, top: _Place) -> Scale:
    if value is None:
        raise top.error("scale", "missing")
    if not isinstance(value, Mapping):
        raise top.error("scale", f"must be a mapping of fields, not {shown(value)}")
    at = _Place(top.source, top.kind, None, "scale.")
    fields = _fields(value, SCALE_FIELDS, at, None)
    points = _whole(fields, "points", at)
    if not MIN_POINTS <= points <= MAX_POINTS:
        raise at.error("points", f"must be between {MIN_POINTS} and {MAX_POINTS}, not {points}")
    minimum = _whole(fields, "minimum", at, default=1)
    labels = fields.get("labels")
    if labels is None:
        raise at.error("labels", "missing: give one label per point, lowest first")
    if not isinstance(labels, list):
        raise at.error("labels", f"must be a list, not {shown(labels)}")
    if len(labels) != points:
        raise at.error("labels", f"has {len(labels)} labels for {points} points; give one per point")
    clean: list[str] = []
    for number, label in enumerate(labels, 1):
        if type(label) is int:  # numbered scales: 0 .. 10
            label = str(label)
        if not isinstance(label, str) or not label.strip():
            raise at.error("labels", f"label {number} must be non-empty text, not {shown(label)}")
        if label.strip() in clean:
            raise at.error("labels", f"label {number} repeats {label.strip()!r}")
        clean.append(label.strip())
    favorable = _whole(fields, "favorable_points", at, default=2)
    if not 1 <= favorable <= points - 1:
        raise at.error("favorable_points", f"must be between 1 and {points - 1}, not {favorable}")
    dont_know = _dont_know(fields, clean, at)
    return Scale(points=points, labels=tuple(clean), minimum=minimum, favorable_points=favorable, dont_know=dont_know)


def _dont_know(fields: Mapping[str, object], labels: list[str], at: _Place) -> str | None:
    """The label of the "don't know" choice, if the scale offers one: short, and unlike every point's label."""
    label = _text(fields, "dont_know", at, required=False)
    if label is None:
        return None
    if len(label) > MAX_DONT_KNOW:
        raise at.error("dont_know", f"must be at most {MAX_DONT_KNOW} characters, not {len(label)}")
    if label in labels:
        raise at.error("dont_know", f"repeats the label of point {labels.index(label) + 1}, {label!r}")
    return label


def _dimensions(entries: list[object], source: str, problems: _Problems) -> tuple[Dimension, ...]:
    dimensions: list[Dimension] = []
    for position, entry in enumerate(entries, 1):
        with problems.checking():
            dimensions.append(_dimension(entry, position, source, dimensions))
    return tuple(dimensions)


def _dimension(entry: object, position: int, source: str, earlier: list[Dimension]) -> Dimension:
    place = _place("dimension", entry, position, source)
    fields = _fields(entry, DIMENSION_FIELDS, place, None)
    dimension_id = _ident(fields, "id", place, ID_PATTERN, "shared_goals")
    if dimension_id == INDEX:
        raise place.error("id", "'index' is the alignment index in scores and benchmark tables; "
                                "choose another id")
    if any(d.id == dimension_id for d in earlier):
        raise place.error("id", f"duplicate: another dimension already has the id {dimension_id!r}")
    name = _text(fields, "name", place)
    assert name is not None
    description = _text(fields, "description", place, required=False) or ""
    core = _flag(fields, "core", place, default=True)
    return Dimension(dimension_id, name, description, core)


def _item(entry: object, position: int, source: str, dimension_ids: list[str], scale: Scale | None) -> Item:
    """One item; ``scale`` is None when the scale itself is at fault, and then no item is checked against it."""
    place = _place("item", entry, position, source)
    fields = _fields(entry, ITEM_FIELDS, place, None)
    item_id = _answer_column(_ident(fields, "id", place, ID_PATTERN, "sg_goals"), place)
    text = _text(fields, "text", place)
    assert text is not None
    text_sales = _text(fields, "text_sales", place, required=False)
    text_marketing = _text(fields, "text_marketing", place, required=False)
    if (text_sales is None) != (text_marketing is None):
        given, absent = ("text_sales", "text_marketing") if text_sales else ("text_marketing", "text_sales")
        raise place.error(absent, f"missing: a mirrored item needs both text_sales and text_marketing, not only {given}")
    reverse = _flag(fields, "reverse", place, default=False)
    outcome = _flag(fields, "outcome", place, default=False)
    dont_know = _flag(fields, "dont_know", place, default=True)
    if fields.get("dont_know") is True and scale is not None and scale.dont_know is None:  # false says what the scale says already
        raise place.error("dont_know", "the scale offers no \"Don't know\" to offer here; give scale.dont_know")
    dimension = fields.get("dimension")
    if outcome:
        if dimension is not None:
            raise place.error("dimension", "the outcome item belongs to no dimension; set it to null")
        if reverse:
            raise place.error("reverse", "the outcome item cannot be reverse-keyed")
        if text_sales is not None:
            raise place.error("text_sales", "the outcome item must read the same for everyone, so it cannot be mirrored")
    elif dimension is None:
        raise place.error("dimension", "missing: only the outcome item has no dimension")
    elif dimension not in dimension_ids:
        raise place.error("dimension", f"unknown dimension {shown(dimension)}; known: {', '.join(dimension_ids)}")
    dimension_id = None if outcome else str(dimension)
    return Item(item_id, dimension_id, text, reverse, outcome, text_sales, text_marketing, dont_know)


def _answer_column(identifier: str, place: _Place) -> str:
    """An item's or open question's id, which heads its column in response files and exports."""
    if identifier in ANSWER_COLUMNS:
        raise place.error("id", f"{identifier!r} is a column of response files and exports already "
                                f"({', '.join(ANSWER_COLUMNS)}); choose another id")
    return identifier


def _items(
    entries: list[object], source: str, dimension_ids: list[str], scale: Scale | None, problems: _Problems
) -> tuple[Item, ...]:
    """The items, each checked against the dimensions the file names (``dimension_ids``, faulty ones included,
    lest an item of a dimension with a mistake be reported as well)."""
    items: list[Item] = []
    for position, entry in enumerate(entries, 1):
        with problems.checking():
            items.append(_unique_item(_item(entry, position, source, dimension_ids, scale), items, source))
    return tuple(items)


def _unique_item(item: Item, earlier: list[Item], source: str) -> Item:
    place = _Place(source, "item", item.id)
    if any(other.id == item.id for other in earlier):
        raise place.error("id", f"duplicate: another item already has the id {item.id!r}")
    first_outcome = next((other for other in earlier if other.outcome), None)
    if item.outcome and first_outcome is not None:
        raise place.error("outcome", f"only one outcome item is allowed; {first_outcome.id!r} is one already")
    return item


def _require_items_per_dimension(
    dimensions: tuple[Dimension, ...], items: tuple[Item, ...], source: str, problems: _Problems
) -> None:
    for dimension in dimensions:
        count = sum(1 for item in items if item.dimension == dimension.id)
        place = _Place(source, "dimension", dimension.id)
        with problems.checking():
            if dimension.core and count < MIN_CORE_ITEMS:
                raise place.error("core", f"a core dimension needs at least {MIN_CORE_ITEMS} items; it has {count}")
            if count == 0:
                raise place.error("id", "no item belongs to this dimension")


def _open_questions(
    entries: list[object], source: str, item_ids: set[str], problems: _Problems
) -> tuple[OpenQuestion, ...]:
    questions: list[OpenQuestion] = []
    for position, entry in enumerate(entries, 1):
        with problems.checking():
            questions.append(_open_question(entry, position, source, item_ids, questions))
    return tuple(questions)


def _open_question(
    entry: object, position: int, source: str, item_ids: set[str], earlier: list[OpenQuestion]
) -> OpenQuestion:
    place = _place("open question", entry, position, source)
    fields = _fields(entry, OPEN_QUESTION_FIELDS, place, None)
    question_id = _answer_column(_ident(fields, "id", place, ID_PATTERN, "one_thing"), place)
    if any(q.id == question_id for q in earlier):
        raise place.error("id", f"duplicate: another open question already has the id {question_id!r}")
    if question_id in item_ids:
        raise place.error("id", f"{question_id!r} is already an item's id; answers and comments share one form")
    text = _text(fields, "text", place)
    assert text is not None
    return OpenQuestion(question_id, text)


def _named(entries: list[object]) -> list[str]:
    """The usable ids the entries give, whether or not the rest of each entry is right."""
    return [raw for raw in (e.get("id") if isinstance(e, Mapping) else None for e in entries)
            if isinstance(raw, str) and ID_PATTERN.match(raw)]


def parse_questionnaire(data: object, source: str) -> Questionnaire:
    """The questionnaire in a parsed document; `source` names it in errors."""
    if data is None:
        raise QuestionnaireError(source, "is empty")
    top = _Place(source, "item", None)
    doc = _fields(data, TOP_FIELDS, top, None)  # a misspelt section would only hide what follows
    problems = _Problems()
    heading = _heading(doc, top, problems)
    scale = None
    with problems.checking():
        scale = _scale(doc.get("scale"), top)
    dimension_entries = _listed(doc, "dimensions", top, problems, required=True)
    item_entries = _listed(doc, "items", top, problems, required=True)
    open_entries = _listed(doc, "open_questions", top, problems, required=False)
    before = len(problems.found)
    dimensions = _dimensions(dimension_entries, source, problems)
    if len(problems.found) == before:  # else the core dimension may be the one with a mistake
        with problems.checking():
            if not any(d.core for d in dimensions):
                raise top.error("dimensions", "at least one dimension must be core: the alignment index is built "
                                              "from them")
    before = len(problems.found)
    items = _items(item_entries, source, _named(dimension_entries), scale, problems)
    if len(problems.found) == before:  # an item with a mistake counts for no dimension
        _require_items_per_dimension(dimensions, items, source, problems)
    open_questions = _open_questions(open_entries, source, set(_named(item_entries)), problems)
    problems.raise_any()
    key, version, title, intro = heading
    assert scale is not None
    return Questionnaire(key, version, title, scale, dimensions, items, open_questions, intro)


def _heading(doc: Mapping[str, object], top: _Place, problems: _Problems) -> tuple[str, int, str, str]:
    """Key, version, title and introduction; each mistake among them is kept in ``problems``."""
    key, version, title = "", 0, ""
    with problems.checking():
        key = _ident(doc, "key", top, KEY_PATTERN, "alignment-core")
    with problems.checking():
        version = _whole(doc, "version", top)
        if version < 1:
            raise top.error("version", f"must be a positive whole number, not {version}")
    with problems.checking():
        title = _text(doc, "title", top) or ""
    intro = ""
    with problems.checking():
        intro = _text(doc, "intro", top, required=False) or ""
    return key, version, title, intro


def _listed(doc: Mapping[str, object], name: str, top: _Place, problems: _Problems, *, required: bool) -> list[object]:
    """A list section's entries; none when the section itself is at fault (kept in ``problems``)."""
    with problems.checking():
        return _entries(doc, name, top, required=required)
    return []


def load_questionnaire(path: str | Path) -> Questionnaire:
    """The questionnaire in the YAML file at `path`, checked."""
    return parse_questionnaire(read_document(path), Path(path).name)
