"""A team moved to another function: its people go to a team of a new slug (a team keeps its function), and the
new team must not take the old one's name.

The old team stays, with the answers of past cycles (and of the open one) under its name; a new team of the same
name made the results, trends and plans show two "Revenue Operations", one of them joint and one sales, and the
next quarter's trend start afresh under a name that already had one.
"""
from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskCliRunner

from assessment.extensions import db
from assessment.models import Organization, Participant, Team


def revenue_operations(tmp_path: Path, *, slug: str, name: str) -> Path:
    """Everyone of Northwind's joint Revenue Operations, put in a sales team ``slug`` called ``name``."""
    org = db.session.execute(db.select(Organization).filter_by(slug="northwind")).scalar_one()
    team = org.team("revenue-operations")
    assert team is not None and team.function == "joint"
    emails = db.session.execute(
        db.select(Participant.email).where(Participant.team_id == team.id).order_by(Participant.email)
    ).scalars().all()
    roster = tmp_path / "roster.csv"
    roster.write_text("email,team,function,team_name\n"
                      + "".join(f"{e},{slug},sales,{name if i == 0 else ''}\n" for i, e in enumerate(emails)))
    return roster


def northwind_teams() -> dict[str, str]:
    org = db.session.execute(db.select(Organization).filter_by(slug="northwind")).scalar_one()
    return dict(db.session.execute(db.select(Team.slug, Team.name).where(Team.organization_id == org.id)).all())


def test_a_new_team_given_the_name_of_another_is_refused_naming_both(runner: FlaskCliRunner, tmp_path: Path) -> None:
    before = northwind_teams()
    roster = revenue_operations(tmp_path, slug="revenue-operations-sales", name="Revenue  operations")

    result = runner.invoke(args=["roster", "import", "northwind", str(roster)])

    assert result.exit_code == 1, result.output
    assert ("line 2, column team_name: revenue-operations-sales would be called 'Revenue operations', as team "
            "revenue-operations is; results, trends and plans name a team by its name, and two of one name would "
            "read as one: give it a team_name of its own") in result.output
    assert northwind_teams() == before


def test_a_name_of_its_own_is_taken_and_an_unchanged_export_still_imports(
        runner: FlaskCliRunner, tmp_path: Path) -> None:
    roster = revenue_operations(tmp_path, slug="revenue-operations-sales", name="Revenue Operations (sales)")
    result = runner.invoke(args=["roster", "import", "northwind", str(roster)])
    assert result.exit_code == 0, result.output
    assert northwind_teams()["revenue-operations-sales"] == "Revenue Operations (sales)"

    exported = tmp_path / "export.csv"
    assert runner.invoke(args=["roster", "export", "northwind", "-o", str(exported)]).exit_code == 0
    again = runner.invoke(args=["roster", "import", "northwind", str(exported), "--dry-run"])
    assert again.exit_code == 0 and "0 moved" in again.output, again.output
