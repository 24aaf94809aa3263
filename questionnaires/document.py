"""Reading questionnaire YAML strictly, into the plain document the app stores.

PyYAML's safe loader follows YAML 1.1, where `yes`, `no`, `on` and `off` are
booleans (a scale label `No` would silently become False) and a repeated key
silently replaces the first. Both hide authoring mistakes, so this loader only
knows `true`/`false` as booleans and refuses duplicate keys. The document it
returns is plain dicts, lists, strings and numbers: the app can store it as
JSON and re-parse it later with `parse_questionnaire`.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from questionnaires.errors import QuestionnaireError

_BOOL_TAG = "tag:yaml.org,2002:bool"
_MERGE_TAG = "tag:yaml.org,2002:merge"


class _StrictLoader(yaml.SafeLoader):
    """Safe loader with YAML 1.2 booleans and no duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[object, object]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG or not isinstance(key_node, yaml.ScalarNode):
                continue
            if key_node.value in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key_node.value!r}", key_node.start_mark
                )
            seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def parse_yaml(text: str, source: str) -> object:
    """The document in `text`; a YAML syntax error names its line."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "cannot be read"
        raise QuestionnaireError(source, f"invalid YAML: {problem}", line=line) from exc
    except yaml.YAMLError as exc:
        raise QuestionnaireError(source, f"invalid YAML: {exc}") from exc
    except RecursionError:
        raise QuestionnaireError(source, "invalid YAML: lists or mappings nested too deeply") from None


def read_document(path: str | Path) -> object:
    """The document in the file at `path`, named by its file name in errors."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise QuestionnaireError(path.name, "is not UTF-8 text") from exc
    except OSError as exc:
        raise QuestionnaireError(path.name, f"cannot be read: {exc.strerror or exc}") from exc
    return parse_yaml(text, path.name)
