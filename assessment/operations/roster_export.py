"""An organization's roster as the file the import reads: downloaded, edited and imported again.

Without it a consultant rebuilt the file from memory or an old export, and a
partial file imported with "Erase people the file does not list" erases
everyone it leaves out. The file has the template's columns in its order and
one row per person, so that importing it unchanged changes nobody: a team's
name and parent are written on its first row only, as in the template (a blank
cell leaves an existing team as it is, so rows may be sorted or deleted), and
every attribute column is there, blank where the person holds no value.
"""
from __future__ import annotations

from dataclasses import dataclass

from assessment.extensions import db
from assessment.gate.family import ATTRIBUTES
from assessment.models import Organization, Participant, Team
from assessment.operations.csv_files import spreadsheet_csv
from assessment.operations.roster_csv import COLUMNS

#: Excel reads a CSV file as UTF-8 only with it (accents in team names), as the scores download has it;
#: the import takes it off.
BYTE_ORDER_MARK = "\ufeff"


@dataclass(frozen=True)
class RosterExport:
    data: bytes
    people: int


def roster_export(org: Organization) -> RosterExport:
    """The roster as a CSV file, the same bytes for the console's download and ``alignment roster export``."""
    people = db.session.execute(
        db.select(Participant).join(Team, Team.id == Participant.team_id)
        .where(Participant.organization_id == org.id).order_by(Team.slug, Participant.email)
    ).scalars().all()
    slugs = {team.id: team.slug for team in org.teams}
    written: set[int] = set()
    rows = []
    for person in people:
        team, first = person.team, person.team_id not in written
        written.add(person.team_id)
        cells = {
            "email": person.email, "team": team.slug, "function": person.function,
            "team_name": team.name if first else "",
            "parent": slugs.get(team.parent_id, "") if first and team.parent_id else "",
            **{name: _band(person, name) for name in ATTRIBUTES},
        }
        rows.append([cells[column] for column in COLUMNS])
    return RosterExport((BYTE_ORDER_MARK + spreadsheet_csv(COLUMNS, rows)).encode("utf-8"), len(rows))


def _band(person: Participant, attribute: str) -> str:
    value = (person.attributes or {}).get(attribute)
    return "" if value is None else str(value)
