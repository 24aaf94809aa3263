"""Two clients cannot share a name, even created at the same moment: the database holds the name as compared.

Migration 0019 adds the key; clients that already shared a name keep their names.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy.exc import IntegrityError

from assessment.extensions import db
from assessment.models import Organization
from assessment.operations.organizations import OrganizationTaken, create_organization

BEFORE = "0018_erased_invitations"


def rows(statement: str) -> list[tuple[object, ...]]:
    with db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(statement))]


def insert(connection: sa.Connection, name: str, slug: str, key: str | None = None) -> None:
    values = {"name": name, "slug": slug, "synthetic": False} | ({"name_key": key} if key is not None else {})
    connection.execute(sa.insert(Organization.__table__).values(**values))


def test_clients_that_shared_a_name_keep_it_and_the_oldest_keeps_the_plain_key(empty_app: Flask) -> None:
    upgrade(revision=BEFORE)
    with db.engine.begin() as connection:
        for id_, name, slug in ((1, "Acme", "acme"), (2, " ACME  ", "acme-2"), (3, "Blue Yonder", "blue")):
            connection.execute(sa.text("INSERT INTO organization (id, slug, name, synthetic) "
                                       "VALUES (:id, :slug, :name, false)"), {"id": id_, "slug": slug, "name": name})
    upgrade()
    assert rows("SELECT id, name, name_key FROM organization ORDER BY id") == [
        (1, "Acme", "acme"), (2, " ACME  ", "acme #2"), (3, "Blue Yonder", "blue yonder")]
    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        insert(connection, "acme", "acme-3", key="acme")
    downgrade(revision=BEFORE)
    assert rows("SELECT id, name FROM organization ORDER BY id") == [(1, "Acme"), (2, " ACME  "), (3, "Blue Yonder")]
    upgrade()


@pytest.fixture()
def current(empty_app: Flask) -> Iterator[Flask]:
    upgrade()
    yield empty_app


def test_a_name_differing_only_in_case_and_spaces_is_refused_by_the_database_itself(current: Flask) -> None:
    db.session.add(Organization(name="Blue Yonder", slug="blue-yonder"))
    db.session.commit()
    db.session.add(Organization(name="blue  YONDER", slug="by"))   # past the check in code, as a race would be
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    renamed = Organization(name="Contoso", slug="contoso")
    db.session.add(renamed)
    db.session.commit()
    renamed.name = "BLUE YONDER"
    with pytest.raises(IntegrityError):
        db.session.commit()


def test_the_second_of_two_clients_created_at_once_is_refused_by_name(current: Flask) -> None:
    """Another consultant's request writes the same client between this one's check and its insert.

    On PostgreSQL the insert meets the unique key and is refused as the check refuses. SQLite lets one writer
    at a time, and a request that read before another wrote cannot write at all ("database is locked"), so the
    race cannot reach the key there; the outcome, one client, is the same.
    """
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite refuses the late writer before the key can: see the docstring")
    raced: list[str] = []

    def other_request(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        if statement.startswith("INSERT INTO organization") and not raced:
            raced.append(statement)
            with db.engine.begin() as other:
                insert(other, "Blue Yonder", "blue-yonder-airlines", key="blue yonder")

    sa.event.listen(db.engine, "before_cursor_execute", other_request)
    try:
        with pytest.raises(OrganizationTaken) as refused:
            create_organization("blue  yonder", "blue-yonder")
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", other_request)
    assert raced and refused.value.same_name and refused.value.holder.slug == "blue-yonder-airlines"
    db.session.commit()   # the request goes on: its session is usable after the refusal
    assert rows("SELECT slug FROM organization") == [("blue-yonder-airlines",)]
