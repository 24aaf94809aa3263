"""A name stored before names were checked may hold control characters (an escape sequence pasted from a
terminal, a carriage return): the listings print them escaped, so the terminal shows them and is not driven by
them; ``--format json`` keeps the stored name exactly. A name typed today is refused (``org create``)."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from flask.testing import FlaskCliRunner

from assessment.extensions import db
from assessment.models import AuditEntry, Organization, Team

#: Clears the screen, rings the bell, returns to the start of the line and turns the rest right to left.
STORED = "Legacy\x1b[2J\x07 Corp\r\nEvil\u202eco"
SHOWN = r"Legacy\x1b[2J\x07 Corp\r\nEvil\u202eco"


@pytest.fixture()
def legacy() -> None:
    """Written straight into the tables, as an older version stored it, past today's checks."""
    db.session.execute(sa.insert(Organization).values(slug="legacy", name=STORED, name_key=STORED, synthetic=False,
                                                      prepared_by="Bright\x1b]0;pwned\x07line"))
    org_id = db.session.execute(sa.select(Organization.id).filter_by(slug="legacy")).scalar_one()
    db.session.execute(sa.insert(Team).values(organization_id=org_id, slug="field-sales", function="sales",
                                              name="Field\x1b[31m Sales"))
    db.session.execute(sa.insert(AuditEntry).values(actor="ops\x1b[8m", action="organization.create",
                                                    target=f"legacy ({STORED})"))
    db.session.commit()


def without_controls(output: str) -> bool:
    return not any(c in output for c in "\x1b\x07\r\u202e")


def test_org_list_prints_a_stored_names_control_characters_escaped(runner: FlaskCliRunner, legacy: None) -> None:
    result = runner.invoke(args=["org", "list"])
    assert result.exit_code == 0, result.output
    assert without_controls(result.output)
    lines = result.output.splitlines()
    assert f"legacy  {SHOWN}" in lines, "the name on one line, each control written out"
    assert any(line.endswith(r"people  Field\x1b[31m Sales") for line in lines)
    assert "northwind  Northwind Traders  (synthetic)" in lines, "other names print as they are"
    orgs = json.loads(runner.invoke(args=["org", "list", "--format", "json"]).output)
    assert next(o for o in orgs if o["slug"] == "legacy")["name"] == STORED


def test_the_other_listings_of_stored_names_escape_them_too(runner: FlaskCliRunner, legacy: None) -> None:
    shown = runner.invoke(args=["org", "brand", "legacy"]).output
    assert without_controls(shown) and f"legacy  {SHOWN}" in shown
    assert r"prepared by  Bright\x1b]0;pwned\x07line" in shown
    audit = runner.invoke(args=["audit", "list", "--limit", "1"]).output
    assert without_controls(audit) and audit.rstrip().endswith(f"organization.create  legacy ({SHOWN})")
    assert r"ops\x1b[8m" in audit


@pytest.mark.parametrize(("name", "called"), [
    ("Acme\tCorp", "U+0009, a tab"), ("Acme\nCorp", "U+000A, a line break"),
    ("Acme\rCorp", "U+000D, a carriage return"), ("Acme\x1b[2J Corp", "U+001B, an escape"),
    ("Acme\x7f Corp", "U+007F, a delete"), ("Acme\x9b2J Corp", "U+009B"), ("Acme\x01 Corp", "U+0001"),
])
def test_org_create_refuses_a_name_holding_a_control_character(runner: FlaskCliRunner, name: str, called: str) -> None:
    result = runner.invoke(args=["org", "create", name, "--slug", "acme"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: the name holds a control character ({called}), which no name can show; retype it"]
    assert db.session.execute(sa.select(Organization).filter_by(slug="acme")).first() is None


def test_a_name_with_spaces_around_it_or_beyond_latin_is_still_taken(runner: FlaskCliRunner) -> None:
    """Only controls are refused: the spaces and line break around a pasted name are trimmed, accents and the
    no-break space (U+00A0, just past the C1 controls) are letters and spaces of a name."""
    result = runner.invoke(args=["org", "create", "\tCafé\u00a0Éclair\n", "--slug", "cafe"])
    assert result.exit_code == 0, result.output
    assert db.session.execute(sa.select(Organization.name).filter_by(slug="cafe")).scalar_one() == "Café\u00a0Éclair"
