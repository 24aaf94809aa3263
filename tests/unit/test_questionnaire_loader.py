"""Every way a questionnaire document can be broken is refused, naming file, entry and field.

Each case takes the built-in document, breaks one thing, and checks the
one-line message a questionnaire author would read.
"""
from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from questionnaires import QuestionnaireError, builtin_path, load_builtin, parse_questionnaire, read_document
from questionnaires.document import parse_yaml

SOURCE = "alignment-core.v1.yaml"
Doc = dict[str, Any]


def builtin_document() -> Doc:
    doc = read_document(builtin_path())
    assert isinstance(doc, dict)
    return copy.deepcopy(doc)


def item(doc: Doc, item_id: str) -> dict[str, Any]:
    return next(entry for entry in doc["items"] if entry["id"] == item_id)


def dimension(doc: Doc, dimension_id: str) -> dict[str, Any]:
    return next(entry for entry in doc["dimensions"] if entry["id"] == dimension_id)


def set_field(path: str, value: object) -> Callable[[Doc], None]:
    """Break a top-level or scale field: 'version', 'scale.points'."""

    def apply(doc: Doc) -> None:
        *parents, last = path.split(".")
        target = doc
        for parent in parents:
            target = target[parent]
        target[last] = value

    return apply


def drop_field(path: str) -> Callable[[Doc], None]:
    def apply(doc: Doc) -> None:
        *parents, last = path.split(".")
        target = doc
        for parent in parents:
            target = target[parent]
        del target[last]

    return apply


def set_item(item_id: str, **fields: object) -> Callable[[Doc], None]:
    return lambda doc: item(doc, item_id).update(fields)


def drop_item_field(item_id: str, field: str) -> Callable[[Doc], None]:
    return lambda doc: item(doc, item_id).pop(field)


def set_dimension(dimension_id: str, **fields: object) -> Callable[[Doc], None]:
    return lambda doc: dimension(doc, dimension_id).update(fields)


def set_open(position: int, **fields: object) -> Callable[[Doc], None]:
    return lambda doc: doc["open_questions"][position].update(fields)


def keep_only_items_of(dimension_id: str, keep: int) -> Callable[[Doc], None]:
    def apply(doc: Doc) -> None:
        of_dimension = [e for e in doc["items"] if e.get("dimension") == dimension_id]
        for entry in of_dimension[keep:]:
            doc["items"].remove(entry)

    return apply


def add_outcome(doc: Doc) -> None:
    doc["items"].append({"id": "outcome_two", "outcome": True, "text": "We win together."})


def only_first_mirror_text(field: str) -> Callable[[Doc], None]:
    return drop_item_field("lh_leads_worth", field)


# (break, kind, entry id or None, field or None, words of the reason)
CASES: list[tuple[str, Callable[[Doc], None], str, str | None, str | None, str]] = [
    ("key missing", drop_field("key"), "item", None, "key", "missing"),
    ("key empty", set_field("key", ""), "item", None, "key", "must not be empty"),
    ("key format", set_field("key", "Alignment Core"), "item", None, "key", "not a valid id"),
    ("key not text", set_field("key", 7), "item", None, "key", "must be text, not 7"),
    ("version missing", drop_field("version"), "item", None, "version", "missing"),
    ("version null", set_field("version", None), "item", None, "version", "must not be empty"),
    ("version zero", set_field("version", 0), "item", None, "version", "positive whole number, not 0"),
    ("version text", set_field("version", "1"), "item", None, "version", "whole number, not '1'"),
    ("version float", set_field("version", 1.5), "item", None, "version", "whole number, not 1.5"),
    ("version bool", set_field("version", True), "item", None, "version", "whole number, not True"),
    # Past a database integer: `questionnaire add` failed with a traceback (OverflowError) after `validate` passed.
    ("version huge", set_field("version", 10**23), "item", None, "version",
     "must be a whole number from -1,000,000 to 1,000,000, not 100000000000000000000000"),
    ("scale minimum huge", set_field("scale.minimum", 10**23), "item", None, "scale.minimum",
     "must be a whole number from -1,000,000 to 1,000,000"),
    ("title missing", drop_field("title"), "item", None, "title", "missing"),
    ("title blank", set_field("title", "   "), "item", None, "title", "must not be empty"),
    ("top typo", set_field("titel", "x"), "item", None, "titel", "unknown field; did you mean 'title'?"),
    ("top unknown", set_field("colour", "x"), "item", None, "colour", "unknown field; known fields: key"),
    ("scale missing", drop_field("scale"), "item", None, "scale", "missing"),
    ("scale list", set_field("scale", [5]), "item", None, "scale", "must be a mapping of fields, not a list"),
    ("points low", set_field("scale.points", 3), "item", None, "scale.points", "between 4 and 11, not 3"),
    ("points high", set_field("scale.points", 12), "item", None, "scale.points", "between 4 and 11, not 12"),
    ("points text", set_field("scale.points", "5"), "item", None, "scale.points", "whole number, not '5'"),
    ("points float", set_field("scale.points", 5.0), "item", None, "scale.points", "whole number, not 5.0"),
    ("labels missing", drop_field("scale.labels"), "item", None, "scale.labels", "missing"),
    ("labels text", set_field("scale.labels", "agree"), "item", None, "scale.labels", "must be a list"),
    ("labels count", set_field("scale.labels", ["a", "b", "c", "d"]), "item", None, "scale.labels",
     "has 4 labels for 5 points"),
    ("label empty", set_field("scale.labels", ["a", "b", "", "d", "e"]), "item", None, "scale.labels",
     "label 3 must be non-empty text, not ''"),
    ("label repeated", set_field("scale.labels", ["a", "b", "c", "b", "e"]), "item", None, "scale.labels",
     "label 4 repeats 'b'"),
    ("favorable zero", set_field("scale.favorable_points", 0), "item", None, "scale.favorable_points",
     "between 1 and 4, not 0"),
    ("favorable all", set_field("scale.favorable_points", 5), "item", None, "scale.favorable_points",
     "between 1 and 4, not 5"),
    ("scale typo", set_field("scale.favourable_points", 2), "item", None, "scale.favourable_points",
     "did you mean 'favorable_points'?"),
    ("dont_know empty", set_field("scale.dont_know", " "), "item", None, "scale.dont_know", "must not be empty"),
    ("dont_know not text", set_field("scale.dont_know", True), "item", None, "scale.dont_know",
     "must be text, not True"),
    ("dont_know long", set_field("scale.dont_know", "I have no way of knowing this, sorry, really"), "item", None,
     "scale.dont_know", "at most 40 characters, not 44"),
    ("dont_know a point", set_field("scale.dont_know", "Agree"), "item", None, "scale.dont_know",
     "repeats the label of point 4, 'Agree'"),
    ("dimensions missing", drop_field("dimensions"), "item", None, "dimensions", "missing"),
    ("dimensions empty", set_field("dimensions", []), "item", None, "dimensions", "at least one entry"),
    ("dimension id missing", lambda d: d["dimensions"][1].pop("id"), "dimension", "#2", "id", "missing"),
    ("dimension id duplicate", set_dimension("culture", id="shared_goals"), "dimension", "shared_goals", "id",
     "duplicate"),
    ("dimension named index", set_dimension("culture", id="index"), "dimension", "index", "id",
     "'index' is the alignment index in scores and benchmark tables"),
    ("dimension name empty", set_dimension("culture", name=""), "dimension", "culture", "name", "must not be empty"),
    ("dimension core yes", set_dimension("culture", core="yes"), "dimension", "culture", "core",
     "must be true or false, not 'yes'"),
    ("dimension typo", set_dimension("culture", descripton="x"), "dimension", "culture", "descripton",
     "did you mean 'description'?"),
    ("no core dimension", lambda d: [e.update(core=False) for e in d["dimensions"]], "item", None, "dimensions",
     "at least one dimension must be core"),
    ("core dimension thin", keep_only_items_of("culture", 1), "dimension", "culture", "core",
     "needs at least 2 items; it has 1"),
    ("dimension without items", keep_only_items_of("content_campaigns", 0), "dimension", "content_campaigns", "id",
     "no item belongs"),
    ("items missing", drop_field("items"), "item", None, "items", "missing"),
    ("items mapping", set_field("items", {"a": 1}), "item", None, "items", "must be a list, not a mapping"),
    ("item not mapping", lambda d: d["items"].insert(2, "Sales is great"), "item", "#3", None,
     "must be a mapping of fields, not 'Sales is great'"),
    ("item id missing", drop_item_field("sg_plan_together", "id"), "item", "#3", "id", "missing"),
    ("item id format", set_item("sg_plan_together", id="SG 3"), "item", "#3", "id", "'SG 3' is not a valid id"),
    ("item id duplicate", set_item("sg_plan_together", id="sg_same_targets"), "item", "sg_same_targets", "id",
     "duplicate"),
    # A response file with an item `team` names `team` twice: no file of the cycle could be imported.
    ("item id team", set_item("sg_plan_together", id="team"), "item", "team", "id",
     "'team' is a column of response files and exports already"),
    ("item id region", set_item("sg_plan_together", id="region"), "item", "region", "id",
     "'region' is a column of response files and exports already"),
    ("item dimension unknown", set_item("sg_plan_together", dimension="shared_goal"), "item", "sg_plan_together",
     "dimension", "unknown dimension 'shared_goal'"),
    ("item dimension missing", drop_item_field("sg_plan_together", "dimension"), "item", "sg_plan_together",
     "dimension", "missing: only the outcome item"),
    ("item text missing", drop_item_field("sg_plan_together", "text"), "item", "sg_plan_together", "text",
     "missing"),
    ("item text empty", set_item("sg_plan_together", text=" "), "item", "sg_plan_together", "text",
     "must not be empty"),
    ("item text number", set_item("sg_plan_together", text=3), "item", "sg_plan_together", "text",
     "must be text, not 3"),
    ("reverse yes", set_item("sg_pull_apart", reverse="yes"), "item", "sg_pull_apart", "reverse",
     "must be true or false, not 'yes'"),
    ("reverse string true", set_item("sg_pull_apart", reverse="true"), "item", "sg_pull_apart", "reverse",
     "must be true or false, not 'true'"),
    ("reverse one", set_item("sg_pull_apart", reverse=1), "item", "sg_pull_apart", "reverse",
     "must be true or false, not 1"),
    ("reverse null", set_item("sg_pull_apart", reverse=None), "item", "sg_pull_apart", "reverse",
     "must be true or false, not empty"),
    ("item typo", set_item("sg_pull_apart", revers=True), "item", "sg_pull_apart", "revers",
     "unknown field; did you mean 'reverse'?"),
    ("mirror sales only", only_first_mirror_text("text_marketing"), "item", "lh_leads_worth", "text_marketing",
     "needs both text_sales and text_marketing, not only text_sales"),
    ("mirror marketing only", only_first_mirror_text("text_sales"), "item", "lh_leads_worth", "text_sales",
     "not only text_marketing"),
    ("mirror text empty", set_item("lh_leads_worth", text_sales=""), "item", "lh_leads_worth", "text_sales",
     "must not be empty"),
    ("item dont_know yes", set_item("ma_own_targets", dont_know="no"), "item", "ma_own_targets", "dont_know",
     "must be true or false, not 'no'"),
    # Offering a "Don't know" the scale has no label for would show an empty choice.
    ("item dont_know without the scale's", lambda d: (d["scale"].pop("dont_know"), item(d, "cu_blame").update(
        dont_know=True)), "item", "cu_blame", "dont_know", "the scale offers no \"Don't know\" to offer here"),
    ("two outcomes", add_outcome, "item", "outcome_two", "outcome", "only one outcome item is allowed; 'outcome'"),
    ("outcome yes", set_item("outcome", outcome="yes"), "item", "outcome", "outcome",
     "must be true or false, not 'yes'"),
    ("outcome with dimension", set_item("outcome", dimension="culture"), "item", "outcome", "dimension",
     "belongs to no dimension"),
    ("outcome reversed", set_item("outcome", reverse=True), "item", "outcome", "reverse", "cannot be reverse-keyed"),
    ("outcome mirrored", set_item("outcome", text_sales="a", text_marketing="b"), "item", "outcome", "text_sales",
     "cannot be mirrored"),
    ("open questions mapping", set_field("open_questions", {"id": "x"}), "item", None, "open_questions",
     "must be a list"),
    ("open id missing", lambda d: d["open_questions"][1].pop("id"), "open question", "#2", "id", "missing"),
    ("open id duplicate", set_open(1, id="one_thing"), "open question", "one_thing", "id", "duplicate"),
    ("open id clashes with item", set_open(1, id="cu_blame"), "open question", "cu_blame", "id",
     "already an item's id"),
    ("open id function", set_open(1, id="function"), "open question", "function", "id",
     "'function' is a column of response files and exports already"),
    ("open text missing", lambda d: d["open_questions"][1].pop("text"), "open question", "keep_doing", "text",
     "missing"),
    ("open typo", set_open(0, question="x"), "open question", "one_thing", "question", "unknown field"),
]


@pytest.mark.parametrize(
    ("breaker", "kind", "entry", "field", "reason"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_broken_document_is_refused_naming_file_entry_and_field(
    breaker: Callable[[Doc], None], kind: str, entry: str | None, field: str | None, reason: str
) -> None:
    doc = builtin_document()
    breaker(doc)
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(doc, SOURCE)
    error = caught.value
    message = str(error)
    assert "\n" not in message
    assert message.startswith(f"{SOURCE}: ")
    assert (error.source, error.item, error.field) == (SOURCE, entry, field)
    assert reason in error.reason
    if entry is not None:
        assert error.kind == kind
        label = entry if entry.startswith("#") else f'"{entry}"'
        assert f"{kind} {label}: " in message
    if field is not None:
        assert f'field "{field}": ' in message
    assert isinstance(error, ValueError)


def test_lists_nested_past_the_parsers_depth_are_refused_in_one_line() -> None:
    with pytest.raises(QuestionnaireError, match="nested too deeply"):
        parse_yaml("key: " + "[" * 50_000 + "]" * 50_000, SOURCE)


def test_message_format_matches_the_documented_example() -> None:
    doc = builtin_document()
    item(doc, "sg_pull_apart")["reverse"] = "yes"
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(doc, SOURCE)
    assert str(caught.value) == (
        'alignment-core.v1.yaml: item "sg_pull_apart": field "reverse": must be true or false, not \'yes\''
    )


@pytest.mark.parametrize("document", [None, [], "key: alignment-core", 5])
def test_a_document_that_is_not_a_mapping_is_refused(document: object) -> None:
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(document, "x@1")
    assert caught.value.field is None and caught.value.item is None
    assert str(caught.value).startswith("x@1: ")


def test_an_instrument_without_an_outcome_item_is_allowed() -> None:
    doc = builtin_document()
    doc["items"].remove(item(doc, "outcome"))
    questionnaire = parse_questionnaire(doc, SOURCE)
    assert questionnaire.outcome_item is None


def test_optional_parts_take_their_defaults() -> None:
    doc = builtin_document()
    for key in ("intro", "open_questions"):
        del doc[key]
    del doc["scale"]["favorable_points"]
    doc["scale"].pop("dont_know", None)
    for entry in doc["items"]:
        entry.pop("dont_know", None)
    for entry in doc["dimensions"]:
        entry.pop("description")
    questionnaire = parse_questionnaire(doc, SOURCE)
    assert questionnaire.intro == "" and questionnaire.open_questions == ()
    assert questionnaire.scale.favorable_points == 2 and questionnaire.scale.minimum == 1
    assert questionnaire.scale.dont_know is None  # an instrument offers "don't know" only when it says so
    assert all(item.dont_know and questionnaire.dont_know_for(item) is None for item in questionnaire.items)
    assert all(d.description == "" for d in questionnaire.dimensions)


def test_the_document_is_not_changed_by_parsing() -> None:
    doc = builtin_document()
    before = copy.deepcopy(doc)
    assert parse_questionnaire(doc, SOURCE) == load_builtin()
    assert doc == before


def test_every_entry_with_a_mistake_is_reported_in_one_run() -> None:
    """An author fixing a file of forty items reads all its mistakes at once, each naming its entry and field."""
    doc = builtin_document()
    doc["version"] = 0
    dimension(doc, "culture")["core"] = "yes"
    item(doc, "sg_pull_apart")["reverse"] = "yes"
    item(doc, "is_shared_data")["dimension"] = "information_shared"
    doc["open_questions"][0]["text"] = ""
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(doc, SOURCE)
    found = [(p.kind if p.item else None, p.item, p.field) for p in caught.value.problems]
    assert found == [
        (None, None, "version"),
        ("dimension", "culture", "core"),
        ("item", "sg_pull_apart", "reverse"),
        ("item", "is_shared_data", "dimension"),
        ("open question", doc["open_questions"][0]["id"], "text"),
    ]
    assert all(str(p).startswith(f"{SOURCE}: ") and "\n" not in str(p) for p in caught.value.problems)
    message = str(caught.value)
    assert message == f"{caught.value.problems[0]} (and 4 more mistakes in the file)"
    assert (caught.value.field, caught.value.reason) == ("version", caught.value.problems[0].reason)


def test_a_mistake_is_not_reported_again_as_what_follows_from_it() -> None:
    """An item of a dimension with a mistake is not 'of an unknown dimension', and a dimension whose item has
    a mistake is not 'short of items': each would send the author after a mistake that is not there."""
    doc = builtin_document()
    dimension(doc, "culture")["name"] = ""
    culture = [entry for entry in doc["items"] if entry.get("dimension") == "culture"]
    for entry in culture[1:]:
        entry["reverse"] = "no"
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(doc, SOURCE)
    found = [(p.item, p.field) for p in caught.value.problems]
    assert found == [("culture", "name"), *((entry["id"], "reverse") for entry in culture[1:])]


def test_one_mistake_reads_as_before() -> None:
    doc = builtin_document()
    item(doc, "sg_pull_apart")["reverse"] = "yes"
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(doc, SOURCE)
    assert caught.value.problems == (caught.value,)
    assert "more mistake" not in str(caught.value)
