"""Reading a funnel CSV into checked rows: the file alone, before its teams are looked up.

A row is one team's CRM figures for one period. Every figure is optional (a
blank cell is "not reported", never zero), but what is given must be possible:
counts are whole and not negative, hours not negative, an SLA attainment a
percentage, and no stage holds more leads than the reported stage before it.
Every problem is named by line and column, and the caller refuses the file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from assessment.models.cycle import PERIOD_PATTERN
from assessment.models.funnel import FIGURES, RATES, STAGES
from assessment.operations.csv_files import (
    FileKind, Table, cells_by_column, column_name, csv_text, decimal, read_columns,
)
from assessment.operations.organizations import SLUG

REQUIRED = ("team", "period")
COLUMNS = (*REQUIRED, *FIGURES)
KIND = FileKind("funnel figures", FIGURES, f"it has none of the columns {', '.join(FIGURES)}",
                f"Funnel figures' columns are {', '.join(REQUIRED)}, then any of those")
#: Spellings a CRM export or a person is likely to use for our columns.
ALIASES = {
    "inquiry": "inquiries", "leads": "inquiries", "mqls": "mql", "sals": "sal", "sqls": "sql", "opportunities": "sql",
    "wins": "won", "won_deals": "won", "closed_won": "won", "deals_won": "won",
    "speed_to_lead": "speed_to_lead_hours", "speed_to_lead_(hours)": "speed_to_lead_hours",
    "speed_to_lead_(h)": "speed_to_lead_hours", "speed_to_lead_(hrs)": "speed_to_lead_hours",
    "speed_to_lead_hrs": "speed_to_lead_hours",
    "sla": "sla_attainment", "sla_%": "sla_attainment", "sla_(%)": "sla_attainment",
    "sla_attainment_%": "sla_attainment", "sla_attainment_(%)": "sla_attainment",
}
PERIOD = re.compile(PERIOD_PATTERN)
QUARTER = re.compile(r"^(\d{4})-(q)([1-4])$", re.IGNORECASE)
HALF = re.compile(r"^(\d{4})-(h)([12])$", re.IGNORECASE)
LOOKS_QUARTERLY = re.compile(r"q\d", re.IGNORECASE)
#: ``1.200`` or ``12.000.000``: a count grouped by dots, as European Excel writes thousands.
GROUPED_BY_DOTS = re.compile(r"^\d{1,3}(\.\d{3})+$")
#: The largest count the database stores (a 32-bit integer); anything above is a wrong column, not a funnel.
MAX_COUNT = 2_147_483_647
NOUNS = {"inquiries": "inquiries", "mql": "MQLs", "sal": "SALs", "sql": "SQLs", "won": "deals won"}

TEMPLATE_ROWS = (
    ("demand-gen", "2026-Q3", 4200, 610, "", "", "", 6.5, 82),
    ("emea-sales", "2026-Q3", "", "", 240, 150, 41, 3.2, 91.5),
)

Figures = dict[str, int | float | None]


@dataclass(frozen=True)
class FunnelRow:
    line: int
    team: str
    period: str
    #: Every figure column of the file, ``None`` where the cell is blank; columns the file lacks are absent.
    figures: Figures


@dataclass(frozen=True)
class FunnelFile:
    rows: tuple[FunnelRow, ...]
    problems: tuple[str, ...]
    #: (line, slug) of every row that names a team, good or not: an unknown team is reported with the rest.
    teams: tuple[tuple[int, str], ...] = ()


def template_csv() -> str:
    """An example with every column: a marketing team's top of the funnel and a sales team's bottom."""
    return csv_text(COLUMNS, TEMPLATE_ROWS)


def read_funnel(text: str) -> FunnelFile:
    """Every row, and every problem the file has on its own (the organization's teams are not asked)."""
    table, problems = read_columns(text, _column_name, COLUMNS, REQUIRED,
                                   f"not a funnel column; use {', '.join(COLUMNS)}", KIND)
    if table is None:
        return FunnelFile((), tuple(problems))
    teams: list[tuple[int, str]] = []
    rows = _rows(table, problems, teams)
    if not rows and not problems:
        problems.append(f"line {table.header_at + 1}: the file has a header but no figures")
    return FunnelFile(tuple(rows), tuple(problems), tuple(teams))


def normal_period(period: str) -> str:
    """``2026-q3`` -> ``2026-Q3``, ``2026-h1`` -> ``2026-H1``: spelled as cycles spell them; other labels are kept."""
    match = QUARTER.match(period) or HALF.match(period)
    return f"{match.group(1)}-{match.group(2).upper()}{match.group(3)}" if match else period


def _column_name(name: str) -> str:
    name = column_name(name)
    return ALIASES.get(name, name)


def _rows(table: Table, problems: list[str], teams: list[tuple[int, str]]) -> list[FunnelRow]:
    known = [name if name in COLUMNS else "" for name in table.header]
    columns = [name for name in FIGURES if name in table.header]
    seen: dict[tuple[str, str], int] = {}
    rows = []
    for line, cells in table.body:
        before = len(problems)
        record = cells_by_column(line, known, cells, problems)
        team = _team(line, record.get("team", ""), problems)
        if SLUG.match(team):
            teams.append((line, team))
        period = _period(line, record.get("period", ""), problems)
        cells = [record.get(name, "") for name in columns]
        figures = {name: _figure(line, name, cell, problems) for name, cell in zip(columns, cells, strict=True)}
        if not any(cells):
            problems.append(f"line {line}: no figures; leave the row out, or give at least one figure")
        problems.extend(_impossible_stages(line, figures))
        if team and period and (first := seen.setdefault((team, period), line)) != line:
            problems.append(f"line {line}, column period: {team} {period} is on line {first} already")
        if len(problems) == before:
            rows.append(FunnelRow(line, team, period, figures))
    return rows


def _team(line: int, written: str, problems: list[str]) -> str:
    """The team's slug, compared in lowercase; a problem quotes the cell as the file has it."""
    team = written.lower()
    if not team:
        problems.append(f"line {line}, column team: empty; every row names a team by its slug")
    elif not SLUG.match(team):
        problems.append(f"line {line}, column team: {written!r} is not a team slug (lowercase letters, digits and "
                        "dashes, as on the roster)")
    return team


def _period(line: int, period: str, problems: list[str]) -> str:
    period = normal_period(period)
    if not period:
        problems.append(f"line {line}, column period: empty; name the period as the cycles do, such as 2026-Q3")
    elif not PERIOD.match(period) or (LOOKS_QUARTERLY.search(period) and not QUARTER.match(period)):
        problems.append(f"line {line}, column period: {period!r} is not a period; name it as the cycles do, "
                        "such as 2026-Q3")
    return period


def _figure(line: int, column: str, cell: str, problems: list[str]) -> int | float | None:
    """A count, hours or a percentage; ``None`` for a blank cell. A bad cell is a problem and ``None``."""
    if not cell:
        return None
    text = cell.rstrip("%").strip() if column == "sla_attainment" else cell
    value = decimal(text)
    problem = _figure_problem(column, cell, value)
    if problem:
        problems.append(f"line {line}, column {column}: {problem}")
        return None
    assert value is not None
    return value if column in RATES else int(value)


def _figure_problem(column: str, cell: str, value: float | None) -> str | None:
    # 1,200 or 1.200: a thousands separator is not guessed at. ``1.000`` would read as one lead, not a thousand.
    if column in STAGES and ("," in cell or GROUPED_BY_DOTS.match(cell)):
        return f"{cell!r}: write a count without a thousands separator, such as 1200"
    if value is None:
        return f"{cell!r} is not a number"
    if column in STAGES and value != int(value):
        return f"{cell!r} is not a whole number; a count of {NOUNS[column]} is"
    if column in STAGES and value > MAX_COUNT:
        return f"{cell} is more than a count can hold ({MAX_COUNT:,}); check the column is a count of {NOUNS[column]}"
    if column == "sla_attainment" and not 0 <= value <= 100:
        return f"{cell} is not a percentage from 0 to 100"
    if column == "sla_attainment" and 0 < value < 1 and not cell.endswith("%"):
        # A CRM exporting a share as a fraction: 0.85 is 85 percent far more often than 0.85 percent.
        return (f"{cell} looks like a fraction; write the percentage, such as {_percent_text(value * 100)} "
                f"(or {cell}% if less than one percent is meant)")
    if value < 0:
        return f"{cell} is negative; {'hours' if column == 'speed_to_lead_hours' else 'a count'} cannot be"
    return None


def _percent_text(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _impossible_stages(line: int, figures: Figures) -> list[str]:
    """A stage holding more than the reported stage before it: the CRM's cohort cannot grow down the funnel.

    Stages not reported are skipped, so a CRM without SAL still has its SQLs
    checked against its MQLs.
    """
    problems = []
    earlier: tuple[str, int | float] | None = None
    for stage in STAGES:
        value = figures.get(stage)
        if value is None:
            continue
        if earlier is not None and value > earlier[1]:
            problems.append(f"line {line}, column {stage}: {value} {NOUNS[stage]} but only {earlier[1]} "
                            f"{NOUNS[earlier[0]]} (column {earlier[0]}); a stage cannot hold more leads than the "
                            "one before it")
        earlier = (stage, value)
    return problems
