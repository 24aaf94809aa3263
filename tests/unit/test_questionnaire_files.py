"""Reading questionnaire files: strict YAML, line numbers, other scales, stored documents."""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from questionnaires import (
    QuestionnaireError,
    builtin_path,
    load_builtin,
    load_questionnaire,
    parse_questionnaire,
    parse_yaml,
    read_document,
)

SMALL = """\
key: pulse
version: 2
title: Pulse
scale:
  points: {points}
  minimum: {minimum}
  labels: {labels}
  favorable_points: {favorable}
dimensions:
  - id: goals
    name: Goals
items:
  - id: goals_same
    dimension: goals
    text: Sales and marketing share goals.
  - id: goals_apart
    dimension: goals
    text: Sales and marketing pull apart.
    reverse: {reverse}
"""


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """A factory: write a small questionnaire file with some parts swapped."""

    def make(name: str = "pulse.v2.yaml", text: str | None = None, **parts: object) -> Path:
        values: dict[str, object] = {
            "points": 5, "minimum": 1, "favorable": 2, "reverse": "true",
            "labels": "[Strongly disagree, Disagree, Neutral, Agree, Strongly agree]",
        }
        values.update(parts)
        path = tmp_path / name
        path.write_text(text if text is not None else SMALL.format(**values), encoding="utf-8")
        return path

    return make


def test_four_point_scale_loads(write: Callable[..., Path]) -> None:
    path = write(points=4, labels="[Strongly disagree, Disagree, Agree, Strongly agree]")
    scale = load_questionnaire(path).scale
    assert (scale.points, scale.minimum, scale.maximum, scale.favorable_points) == (4, 1, 4, 2)


def test_eleven_point_scale_from_zero_with_numbered_labels_loads(write: Callable[..., Path]) -> None:
    path = write(points=11, minimum=0, favorable=3, labels="[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]")
    questionnaire = load_questionnaire(path)
    assert questionnaire.scale.values == range(0, 11)
    assert questionnaire.scale.labels[-1] == "10"
    assert questionnaire.ref == "pulse@2"


def test_yaml_yes_is_text_not_a_boolean_and_is_refused(write: Callable[..., Path]) -> None:
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(write(reverse="yes"))
    assert str(caught.value) == (
        'pulse.v2.yaml: item "goals_apart": field "reverse": must be true or false, not \'yes\''
    )


def test_labels_no_and_yes_stay_text(write: Callable[..., Path]) -> None:
    path = write(points=4, labels="[No, Rather no, Rather yes, Yes]")
    assert load_questionnaire(path).scale.labels == ("No", "Rather no", "Rather yes", "Yes")


def test_a_repeated_key_is_refused_with_its_line(write: Callable[..., Path]) -> None:
    text = SMALL.format(points=5, minimum=1, favorable=2, reverse="true", labels="[a, b, c, d, e]")
    text = text.replace("    reverse: true\n", "    reverse: true\n    reverse: false\n")
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(write(text=text))
    second = text.splitlines().index("    reverse: false") + 1
    assert caught.value.line == second
    assert str(caught.value) == f"pulse.v2.yaml: line {second}: invalid YAML: duplicate key 'reverse'"


def test_a_yaml_syntax_error_names_its_line(write: Callable[..., Path]) -> None:
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(write(text="key: pulse\nversion: 1\ntitle: [unclosed\nscale: 5\n"))
    assert caught.value.line is not None and caught.value.line >= 3
    assert str(caught.value).startswith(f"pulse.v2.yaml: line {caught.value.line}: invalid YAML: ")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("content", "reason"),
    [("", "is empty"), ("# nothing yet\n", "is empty"), ("- a\n- b\n", "must be a mapping of fields, not a list")],
)
def test_empty_or_non_mapping_files_are_refused(write: Callable[..., Path], content: str, reason: str) -> None:
    with pytest.raises(QuestionnaireError, match=f"^pulse.v2.yaml: {reason}$"):
        load_questionnaire(write(text=content))


def test_missing_and_binary_files_are_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(QuestionnaireError, match=r"^absent.yaml: cannot be read: No such file"):
        load_questionnaire(tmp_path / "absent.yaml")
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00key")
    with pytest.raises(QuestionnaireError, match=r"^binary.yaml: is not UTF-8 text$"):
        load_questionnaire(binary)


def test_parse_yaml_names_the_given_source() -> None:
    with pytest.raises(QuestionnaireError, match=r"^upload: line 1: invalid YAML"):
        parse_yaml("key: [", "upload")


def test_the_stored_document_survives_json_and_reparses_to_the_same_questionnaire() -> None:
    """The app stores the document as JSON and reads a cycle with the version it ran."""
    builtin = load_builtin()
    stored = json.loads(json.dumps(read_document(builtin_path())))
    assert parse_questionnaire(stored, source=builtin.ref) == builtin


def test_safe_load_gives_the_same_document_for_the_builtin() -> None:
    """Code that reads the built-in with plain yaml.safe_load sees the same values."""
    path = builtin_path()
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == read_document(path)
