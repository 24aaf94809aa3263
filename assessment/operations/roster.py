"""Importing an organization's roster: the consultant's first step, and repeated whenever people change.

``plan_roster`` checks a whole file against the organization and says what
would change without writing anything; ``apply_roster`` writes that plan. A
file with any problem is refused whole, naming every line and column at fault
(like the responses import), so nothing is ever half-imported.

People missing from the file are kept and reported: a roster exported from
one department must not wipe out the others. They are removed only when asked,
through the participant erasure, which leaves every anonymous response in
place and an audit entry per person.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from assessment.extensions import db
from assessment.models import AuditEntry, Organization, Participant, Team
from assessment.models.organization import same_name
from assessment.operations.bands import held_bands
from assessment.operations.imports import ImportRefused
from assessment.operations.organizations import ensure_team
from assessment.operations.privacy import erase_participant, record
from assessment.operations.csv_files import by_line, decode
from assessment.operations.roster_csv import RosterRow, read_roster


@dataclass(frozen=True)
class Move:
    email: str
    before: str
    after: str


@dataclass(frozen=True)
class NewTeam:
    slug: str
    name: str
    function: str
    parent: str


@dataclass(frozen=True)
class RosterPlan:
    """What importing a file would do, computed without writing."""

    organization: str
    rows: tuple[RosterRow, ...]
    attribute_columns: tuple[str, ...]
    added: tuple[str, ...]
    moved: tuple[Move, ...]
    unchanged: int
    missing: tuple[str, ...]
    remove_missing: bool
    new_teams: tuple[NewTeam, ...]
    #: Existing teams whose display name or parent the file changes: slug -> (name, parent slug).
    team_changes: tuple[tuple[str, str, str], ...]

    def summary(self) -> dict[str, Any]:
        return {
            "organization": self.organization,
            "added": list(self.added),
            "moved": [{"email": m.email, "before": m.before, "after": m.after} for m in self.moved],
            "unchanged": self.unchanged,
            "missing": list(self.missing),
            "removed": list(self.missing) if self.remove_missing else [],
            "teams_created": [t.slug for t in self.new_teams],
            "teams_changed": [slug for slug, _, _ in self.team_changes],
        }


def plan_roster(org: Organization, data: bytes | str, *, remove_missing: bool = False) -> RosterPlan:
    """Check the file against ``org``; raise ImportRefused listing every problem, or return the plan."""
    try:
        text = decode(data) if isinstance(data, bytes) else data
    except UnicodeError as error:
        raise ImportRefused([str(error)]) from None
    found = read_roster(text)
    teams = {t.slug: t for t in org.teams}
    problems = list(found.problems) + _team_problems(org, teams, found.rows)
    if not problems:   # names are compared once each team has one, and a team has one name only in a valid file
        problems = _name_problems(teams, found.rows)
    if problems:
        raise ImportRefused(by_line(problems))
    people = {p.email.lower(): p for p in _participants(org)}
    rows = _in_held_spellings(found.rows, people.values())
    added, moved, unchanged = [], [], 0
    for row in rows:
        person = people.get(row.email)
        if person is None:
            added.append(row.email)
            continue
        before = _describe(person.team.slug, person.function, person.attributes or {})
        after = _describe(row.team, row.function, _attributes(person, row, found.attribute_columns))
        if before == after:
            unchanged += 1
        else:
            moved.append(Move(row.email, before, after))
    listed = {row.email for row in rows}
    missing = sorted(p.email for key, p in people.items() if key not in listed)
    return RosterPlan(
        org.slug, rows, found.attribute_columns, tuple(added), tuple(moved), unchanged, tuple(missing),
        remove_missing, tuple(_new_teams(teams, found.rows)), tuple(_team_changes(teams, found.rows)),
    )


def apply_roster(org: Organization, plan: RosterPlan, *, actor: str) -> AuditEntry:
    """Write a plan made just now for ``org``; flush, never commit. The audit entry holds counts only."""
    for new in plan.new_teams:
        ensure_team(org, new.slug, new.function, new.name)
    teams = {t.slug: t for t in org.teams}
    regrouped = [_team_change(teams, slug, name, parent) for slug, name, parent in plan.team_changes]
    for slug, name, parent in plan.team_changes:
        teams[slug].name = name
        teams[slug].parent_id = teams[parent].id if parent else None
    for new in plan.new_teams:
        teams[new.slug].parent_id = teams[new.parent].id if new.parent else None
    people = {p.email.lower(): p for p in _participants(org)}
    for row in plan.rows:
        person = people.get(row.email)
        if person is None:
            db.session.add(Participant(organization_id=org.id, team_id=teams[row.team].id, email=row.email,
                                       function=row.function, attributes=dict(row.attributes)))
        else:
            attributes = _attributes(person, row, plan.attribute_columns)
            person.email, person.team_id, person.function = row.email, teams[row.team].id, row.function
            if attributes != (person.attributes or {}):
                person.attributes = attributes
    if plan.remove_missing:
        for email in plan.missing:
            erase_participant(people[email.lower()], actor=actor)
    db.session.flush()
    counts = (f"{len(plan.added)} added, {len(plan.moved)} moved, {plan.unchanged} unchanged, "
              f"{len(plan.missing)} {'removed' if plan.remove_missing else 'missing and kept'}, "
              f"{len(plan.new_teams)} teams created")
    if regrouped:   # every report of every cycle, past ones too, names a team as it is called now
        teams_said = f"{len(regrouped)} team{'' if len(regrouped) == 1 else 's'}"
        counts += f"; {teams_said} renamed or moved: {', '.join(regrouped)}"
    return record(actor, "roster.import", f"roster of {org.slug}: {counts}")


def _team_change(teams: dict[str, Team], slug: str, name: str, parent: str) -> str:
    """How the audit entry says what a team change does: "emea-sales 'EMEA Sales' -> 'Europe Sales', under europe"."""
    team = teams[slug]
    by_id = {t.id: t.slug for t in teams.values()}
    said = slug if name == team.name else f"{slug} {team.name!r} -> {name!r}"
    before = by_id.get(team.parent_id, "") if team.parent_id else ""
    return said if parent == before else f"{said}, under {parent or 'no team'}"


def _participants(org: Organization) -> list[Participant]:
    return list(db.session.execute(
        db.select(Participant).where(Participant.organization_id == org.id).order_by(Participant.id)
    ).scalars())


def _in_held_spellings(rows: tuple[RosterRow, ...], people: Iterable[Participant]) -> tuple[RosterRow, ...]:
    """The file's attribute values spelled as the organization's people already hold them.

    A re-import that writes "North" where everyone holds "north" must neither
    start a second group beside the first nor report every person as changed.
    """
    bands = held_bands(p.attributes or {} for p in people)
    return tuple(replace(row, attributes=bands.settle(row.attributes)) for row in rows)


def _attributes(person: Participant, row: RosterRow, columns: tuple[str, ...]) -> dict[str, str]:
    """The file's attributes for the columns it has; the person's own for the columns it lacks."""
    kept = {k: v for k, v in (person.attributes or {}).items() if k not in columns}
    return {**kept, **row.attributes}


def _describe(team: str, function: str, attributes: dict[str, Any]) -> str:
    return ", ".join([f"{team} ({function})", *(f"{k}={v}" for k, v in sorted(attributes.items()))])


def _team_problems(org: Organization, teams: dict[str, Team], rows: tuple[RosterRow, ...]) -> list[str]:
    """Functions that contradict the organization's teams, and parents that would make a loop."""
    problems, reported = [], set()
    for row in rows:
        team = teams.get(row.team)
        if team is not None and team.function != row.function and row.team not in reported:
            reported.add(row.team)
            problems.append(f"line {row.line}, column function: {org.slug} has {row.team} as a {team.function} "
                            f"team, not {row.function}; a team keeps its function: put these people in a team of "
                            "their own (a new slug), or correct the cell if it is a slip")
    by_id = {t.id: t.slug for t in teams.values()}
    parents = {slug: by_id.get(team.parent_id) if team.parent_id else None for slug, team in teams.items()}
    declared: dict[str, int] = {}
    for row in rows:
        if row.parent:
            parents[row.team] = row.parent
            declared.setdefault(row.team, row.line)
    for team, line in declared.items():
        seen, current = {team}, parents.get(team)
        while current is not None:
            if current in seen:
                problems.append(f"line {line}, column parent: {team} under {parents[team]} makes a loop of teams")
                break
            seen.add(current)
            current = parents.get(current)
    return problems


def _name_problems(teams: dict[str, Team], rows: tuple[RosterRow, ...]) -> list[str]:
    """Teams the file would leave with one name (compared as ``same_name``): a team the file names or creates
    beside another of that name.

    Results, trends, plans and the console name a team by its name only, so two of one name read as one team
    twice, each with its own figures. It happens when people are put in a team of a new slug to change their team's
    function, the new team given the old one's name: the old team stays, with its past cycles, under that name too.
    """
    names = {slug: team.name for slug, team in teams.items()}
    said: dict[str, tuple[int, str]] = {}   # the teams the file renames or creates: slug -> (line, column)
    for row in rows:
        held = teams.get(row.team)
        if row.team_name and row.team not in said and (held is None or row.team_name != held.name):
            # A name as it is, as an exported roster writes it, is no change: two teams named alike before this
            # check existed are left to a rename, not made to refuse the file that changes nothing.
            names[row.team] = row.team_name
            said[row.team] = (row.line, "team_name")
    for row in rows:
        for slug, column in ((row.team, "team"), (row.parent, "parent")):
            if slug and slug not in names:   # a new team the file gives no team_name: called by its slug
                names[slug] = _name(slug, rows)
                said[slug] = (row.line, column)
    holders: dict[str, list[str]] = {}
    for slug, name in names.items():
        holders.setdefault(same_name(name), []).append(slug)
    problems = []
    for slug, (line, column) in said.items():
        others = [other for other in holders[same_name(names[slug])] if other != slug]
        if others:
            named = "" if column == "team_name" else " (its slug, capitalized: the file gives it no team_name)"
            problems.append(f"line {line}, column {column}: {slug} would be called {names[slug]!r}{named}, as "
                            f"{'team ' + others[0] if len(others) == 1 else 'teams ' + ', '.join(others)} "
                            f"{'is' if len(others) == 1 else 'are'}; results, trends and plans name a team by its "
                            "name, and two of one name would read as one: give it a team_name of its own")
    return problems


def _new_teams(teams: dict[str, Team], rows: tuple[RosterRow, ...]) -> list[NewTeam]:
    """Teams of the file that the organization lacks, then parents that exist nowhere (grouping teams).

    A grouping team (a region, a business unit) holds only other teams; it takes
    its children's function when they share one and is ``joint`` otherwise.
    """
    new: dict[str, NewTeam] = {}
    for row in rows:
        if row.team not in teams and row.team not in new:
            new[row.team] = NewTeam(row.team, _name(row.team, rows), row.function, _parent(row.team, rows))
    children: dict[str, set[str]] = {}
    for row in rows:
        if row.parent and row.parent not in teams and row.parent not in new:
            children.setdefault(row.parent, set()).add(row.function)
    for slug, functions in sorted(children.items()):
        function = functions.pop() if len(functions) == 1 else "joint"
        new[slug] = NewTeam(slug, _name(slug, rows), function, "")
    return list(new.values())


def _team_changes(teams: dict[str, Team], rows: tuple[RosterRow, ...]) -> list[tuple[str, str, str]]:
    by_id = {t.id: t.slug for t in teams.values()}
    changes = []
    for slug, team in teams.items():
        named = [r for r in rows if r.team == slug]
        if not named:
            continue
        name = next((r.team_name for r in named if r.team_name), team.name)
        current_parent = by_id.get(team.parent_id, "") if team.parent_id else ""
        parent = _parent(slug, rows) or current_parent
        if (name, parent) != (team.name, current_parent):
            changes.append((slug, name, parent))
    return changes


def _name(slug: str, rows: tuple[RosterRow, ...]) -> str:
    return next((r.team_name for r in rows if r.team == slug and r.team_name), slug.replace("-", " ").title())


def _parent(slug: str, rows: tuple[RosterRow, ...]) -> str:
    return next((r.parent for r in rows if r.team == slug and r.parent), "")
