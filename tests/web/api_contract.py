"""Every API answer a test receives is checked against the OpenAPI document's schema for it.

The operation is found from the request's path and method, the schema from
the status code; ``$ref``s resolve inside the document itself (an OpenAPI 3.1
schema is JSON Schema 2020-12), so a field the document does not describe, or
a value of the wrong type, fails the test that met it.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from werkzeug.test import TestResponse

import assessment.api

DOCUMENT = Path(assessment.api.__file__).with_name("openapi.yaml")
BASE = "/api/v1"
URI = "urn:alignment-health:openapi"


@cache
def openapi() -> dict[str, Any]:
    return yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))


@cache
def _registry() -> Registry:
    return Registry().with_resource(URI, Resource.from_contents(openapi(), default_specification=DRAFT202012))


def _template_for(path: str) -> str:
    for template in openapi()["paths"]:
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path):
            return template
    raise AssertionError(f"{path} is not in the OpenAPI document")


def _pointer(*parts: str) -> str:
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def checked(response: TestResponse) -> Any:
    """The response's JSON, after checking it is JSON, uncached and as the document describes."""
    request = response.request
    assert request.path.startswith(BASE), request.path
    assert response.mimetype == "application/json", response.get_data(as_text=True)[:200]
    assert response.headers.get("Cache-Control") == "no-store"
    template = _template_for(request.path[len(BASE):])
    operation = openapi()["paths"][template][request.method.lower()]
    status = str(response.status_code)
    assert status in operation["responses"], f"{request.method} {template} is not documented to answer {status}"
    schema = {"$ref": f"{URI}#/" + _pointer("paths", template, request.method.lower(), "responses", status)
              + "/content/application~1json/schema"}
    response_object = operation["responses"][status]
    if "$ref" in response_object:
        schema = {"$ref": f"{URI}{response_object['$ref']}/content/application~1json/schema"}
    body = response.get_json()
    Draft202012Validator(schema, registry=_registry(), format_checker=FormatChecker()).validate(body)
    return body
