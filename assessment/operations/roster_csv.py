"""Reading a roster CSV into checked rows: the file alone, before anything is compared with the database.

Files come from HR systems and Excel, so the reader takes what they produce: a
byte-order mark, semicolons instead of commas (European Excel), headers in any
case ("Role Level" is ``role_level``), blank trailing rows and columns. What it
does not take is anything it would have to guess at; every problem is named by
line and column, and the caller refuses the whole file. A cell's spaces, tabs and
line breaks are collapsed to one space (``cells_by_column``); a control character
left after that (an escape, a delete, a C1 control) is refused, as a name typed in
the console is (``organizations.unshowable``).

Attribute columns are limited to the coarse attributes the anonymity gate
knows. A participant's attributes are copied onto their anonymous response, so
a name, an employee number or an exact start date in a roster column would
join answers to people; such columns are refused, not silently dropped, so the
consultant knows they were never stored.

A roster downloaded from the console (``roster_export``) is written for a
spreadsheet: a cell that would start like a formula starts with an apostrophe
(``spreadsheet_safe``), which this reader takes off again, so that the file
imports unchanged.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from assessment.gate.family import ATTRIBUTES
from assessment.operations.accounts import unmailable
from assessment.operations.bands import Bands
from assessment.operations.csv_files import (
    FORMULA_STARTS, FileKind, cells_by_column, column_name, csv_text, read_columns,
)
from assessment.operations.organizations import SLUG, function_refused, slug_from, unshowable

REQUIRED = ("email", "team", "function")
TEAM_COLUMNS = ("team_name", "parent")
COLUMNS = (*REQUIRED, *TEAM_COLUMNS, *ATTRIBUTES)
#: Coarse means a band, not a value: short, and few distinct values per column.
NAMES = ("team_name", *ATTRIBUTES)   # the cells written in words: slugs and addresses have checks of their own
MAX_ATTRIBUTE_LENGTH = 40
MAX_ATTRIBUTE_VALUES = 12
MAX_TEAM_NAME = 200
#: No colon either: "mailto:ana@x.example", a link copied from a web page or CRM, is no address a mail server takes.
EMAIL = re.compile(r"^[^@\s,;:<>\"()\[\]]+@[^@\s,;:<>\"()\[\]]+\.[^@\s,;:<>\"()\[\]]+$")
MAX_EMAIL = 320
NAMED_ADDRESS = re.compile(r"<([^<>\s]+)>\s*$")
#: What a legacy encoding leaves of letters it has no code for: Excel's "CSV (Comma delimited)" writes each as "?".
LOST_LETTERS = re.compile(r"\?{2,}|^\?$")
LOST_LETTERS_SAID = ("reads as letters lost when the file was saved (a spreadsheet's plain \"CSV\" writes each letter "
                     "it cannot encode as ?): save it as \"CSV UTF-8\" and import that file")
EMAIL_ALIASES = {"e_mail": "email", "email_address": "email", "e_mail_address": "email"}
KIND = FileKind("a roster", ("email",), "it has no email column",
                f"A roster's columns are {', '.join(REQUIRED)}, and optionally {', '.join(COLUMNS[len(REQUIRED):])}")

TEMPLATE_ROWS = (
    ("ana.lopez@client.example", "emea-sales", "sales", "EMEA Sales", "emea", "manager", "over 3 years", "south"),
    ("ben.okafor@client.example", "emea-sales", "sales", "", "", "individual", "1-3 years", "north"),
    ("chloe.martin@client.example", "demand-gen", "marketing", "Demand Generation", "", "individual",
     "under 1 year", "west"),
    ("dev.patel@client.example", "revops", "joint", "Revenue Operations", "", "manager", "1-3 years", "east"),
)


@dataclass(frozen=True)
class RosterRow:
    line: int
    email: str
    team: str
    function: str
    team_name: str
    parent: str
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RosterFile:
    #: The rows that read cleanly; the file is usable only when ``problems`` is empty.
    rows: tuple[RosterRow, ...]
    #: The attribute columns the file has: only those are set (a blank cell clears it), the others are left alone.
    attribute_columns: tuple[str, ...]
    problems: tuple[str, ...]


def template_csv() -> str:
    """An example roster with every column, for consultants to fill in."""
    return csv_text(COLUMNS, TEMPLATE_ROWS)


def as_typed(cell: str) -> str:
    """``spreadsheet_safe`` undone: the apostrophe before a formula's first character is no part of the value.

    Left on, ``'-ops@client.example`` would be a new person, and the one it was written for missing.
    """
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def read_roster(text: str) -> RosterFile:
    """Every row of the file, and every problem of the file on its own (the database is not asked)."""
    unknown = (f"not a roster column: delete it, or rename it to one of {', '.join(COLUMNS)} "
               "(attributes travel onto anonymous responses, so nothing personal is kept)")
    table, problems = read_columns(text, _column_name, COLUMNS, REQUIRED, unknown, KIND)
    if table is None:
        return RosterFile((), (), tuple(problems))
    known = [name if name in COLUMNS else "" for name in table.header]
    rows, reading = [], _Reading(problems)
    for line, cells in table.body:
        row = reading.row(line, known, cells)
        if row is not None:
            rows.append(row)
    blamed = reading.disagreements()
    rows = [row for row in rows if row.line not in blamed]  # as a row with any other problem: not checked further
    if not rows and not problems:
        problems.append(f"line {table.header_at + 1}: the file has a header but no people")
    attributes = tuple(name for name in table.header if name in ATTRIBUTES)
    return RosterFile(tuple(rows), attributes, tuple(problems))


def _column_name(name: str) -> str:
    """``Role Level`` -> ``role_level``; the usual spellings of the email column are that column."""
    name = column_name(name)
    return EMAIL_ALIASES.get(name, name)


class _Reading:
    """What earlier rows said, so later rows can be checked against them."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        #: The current row's cells as the file has them, for messages: checks compare in lowercase.
        self.written: dict[str, str] = {}
        self.emails: dict[str, int] = {}
        #: (column, team) -> every (line, value) the file gives a team's function, team_name or parent.
        self.said: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
        #: Each attribute's bands as first spelled in the file: "North" and "north " are one band, one value.
        self.bands = Bands()

    def row(self, line: int, header: list[str], cells: list[str]) -> RosterRow | None:
        before = len(self.problems)
        record = {name: as_typed(cell) for name, cell in cells_by_column(line, header, cells, self.problems).items()}
        self.written = {name: cell for name, cell in zip(header, cells, strict=False) if name}
        # An address's own check says more of an invisible character pasted with it ("type it again").
        unshown = [f"line {line}, column {name}: {why}" for name, cell in record.items()
                   if (why := unshowable(cell)) is not None and not (name == "email" and unmailable(cell))]
        unshown += [f"line {line}, column {name}: {self.written.get(name, cell).strip()!r} {LOST_LETTERS_SAID}"
                    for name, cell in record.items() if name in NAMES and LOST_LETTERS.search(cell)]
        if unshown:  # told alone: every other check of such a cell would only repeat that it is no slug, no address
            self.problems += unshown
            return None
        email = self._email(line, record.get("email", "").lower())
        team = self._team(line, record.get("team", "").lower())
        function = self._function(line, team, record.get("function", "").lower())
        team_name = self._agreed(line, "team_name", team, record.get("team_name", ""))
        parent = self._parent(line, team, record.get("parent", "").lower())
        attributes = {name: self._attribute(line, name, record.get(name, "")) for name in ATTRIBUTES
                      if name in record}
        if len(self.problems) > before:
            return None
        return RosterRow(line, email, team, function, team_name, parent,
                         {k: v for k, v in attributes.items() if v})

    def _as_written(self, column: str, value: str) -> str:
        """The cell as the file has it ("Channel Sales", not the "channel sales" it was checked as)."""
        return self.written.get(column, value).strip()

    def _email(self, line: int, email: str) -> str:
        if not email:
            self.problems.append(f"line {line}, column email: empty")
        elif len(email) > MAX_EMAIL or not EMAIL.match(email):
            written = self._as_written("email", email)
            # "Ana Lopez <ana@x.example>", as Outlook and many HR exports write a person: the address is in it.
            named = NAMED_ADDRESS.search(written)
            alone = f": write the address alone, {named.group(1)}" if named and EMAIL.match(named.group(1)) else ""
            self.problems.append(f"line {line}, column email: {written!r} is not an email address{alone}")
        elif (why := unmailable(email)) is not None:
            self.problems.append(f"line {line}, column email: {self._as_written('email', email)!r} {why}")
        elif email in self.emails:
            self.problems.append(f"line {line}, column email: {self._as_written('email', email)} is on line "
                                 f"{self.emails[email]} already")
        else:
            self.emails[email] = line
        return email

    def _team(self, line: int, team: str) -> str:
        if not team:
            self.problems.append(f"line {line}, column team: empty; everyone needs a team")
        elif not SLUG.match(team):
            written = self._as_written("team", team)
            self.problems.append(f"line {line}, column team: {written!r} is not a team slug (lowercase letters, "
                                 f"digits and dashes{self._slug_to_write(written)}")
        return team

    def _slug_to_write(self, written: str) -> str:
        """The end of the message: the slug the team's name suggests, as a client is given its link name.

        HR exports and Excel sheets name teams ('Field Sales'): the consultant is told what to type instead.
        """
        slug = slug_from(written)
        if not SLUG.match(slug):
            return "; a display name goes in team_name)"
        named = "" if self.written.get("team_name", "").strip() else f", and {written} in team_name"
        return f"): write {slug}{named}"

    def _function(self, line: int, team: str, function: str) -> str:
        if (why := function_refused(self._as_written("function", function))) is not None:
            self.problems.append(f"line {line}, column function: {why}")
        elif team:
            self.said[("function", team)].append((line, function))
        return function

    def _agreed(self, line: int, column: str, team: str, value: str) -> str:
        if value and team:
            self.said[(column, team)].append((line, value))
        if column == "team_name" and len(value) > MAX_TEAM_NAME:
            self.problems.append(f"line {line}, column team_name: longer than {MAX_TEAM_NAME} characters")
        return value

    def _parent(self, line: int, team: str, parent: str) -> str:
        if not parent:
            return parent
        if not SLUG.match(parent):
            self.problems.append(f"line {line}, column parent: {self._as_written('parent', parent)!r} "
                                 "is not a team slug")
        elif parent == team:
            self.problems.append(f"line {line}, column parent: a team cannot be its own parent")
        else:
            self._agreed(line, "parent", team, parent)
        return parent

    def disagreements(self) -> set[int]:
        """A team given two functions, names or parents: the rows that differ from the most of its rows are
        the ones named (on a tie, from its first row), each with where the team is said otherwise.

        Blaming every row after the first instead sent the reader to the many rows that agree, when the one
        odd row out (often the first) is the one to fix.
        """
        blamed: set[int] = set()
        for (column, team), said in self.said.items():
            lines: dict[str, list[int]] = defaultdict(list)
            for line, value in said:
                lines[value].append(line)
            if len(lines) < 2:
                continue
            usual = max(lines, key=lambda value: (len(lines[value]), -lines[value][0]))
            first, others = lines[usual][0], len(lines[usual]) - 1
            where = f"on line {first}" + (f" and {others} other line{'s' if others > 1 else ''}" if others else "")
            said_so = (f"is {usual} {where}; a team has one function (mixed teams are joint)" if column == "function"
                       else f"has {column} {usual!r} {where}")
            odd = [line for value, at in lines.items() if value != usual for line in at]
            self.problems += [f"line {line}, column {column}: team {team} {said_so}" for line in odd]
            blamed.update(odd)
        return blamed

    def _attribute(self, line: int, column: str, value: str) -> str:
        if not value:
            return value
        if len(value) > MAX_ATTRIBUTE_LENGTH:
            self.problems.append(f"line {line}, column {column}: longer than {MAX_ATTRIBUTE_LENGTH} characters; "
                                 "attributes are coarse bands")
        elif "@" in value:
            self.problems.append(f"line {line}, column {column}: looks like an email address; "
                                 "attributes are coarse bands")
        else:
            return self._band(line, column, value)
        return value

    def _band(self, line: int, column: str, value: str) -> str:
        """The file's first spelling of the value's band; the first band past the limit is a problem."""
        if not self.bands.knows(column, value) and self.bands.count(column) == MAX_ATTRIBUTE_VALUES:
            self.problems.append(f"line {line}, column {column}: more than {MAX_ATTRIBUTE_VALUES} different "
                                 "values; attributes are coarse bands that many people share")
        return self.bands.spell(column, value)
