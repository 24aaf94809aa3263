"""A team's CRM funnel for a period, and an organization's as the sum of its teams.

Plain data shared by the results pages, the API and the diagnostic PDF, so a
conversion rate reads the same everywhere. Counts add up across teams;
a median speed to lead and an SLA attainment do not (the median of medians is
no median), so an organization's total leaves them out and the teams' own
figures are shown as reported.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields

#: The stages, first to last.
STAGES = ("inquiries", "mql", "sal", "sql", "won")
#: Every figure in the order pages and reports list them, with the words they use.
FIGURE_LABELS = (
    ("inquiries", "Inquiries"), ("mql", "MQL"), ("sal", "SAL"), ("sql", "SQL"), ("won", "Won"),
    ("mql_to_sql", "MQL → SQL"), ("sql_to_won", "SQL → won"),
    ("speed_to_lead_hours", "Median speed to lead"), ("sla_attainment", "SLA attainment"),
)
#: What an organization's total cannot hold: a median of medians is no median.
AS_REPORTED = ("speed_to_lead_hours", "sla_attainment")
#: The column headers of a table with a line per team or per period and the figures side by side.
COLUMN_LABELS = {**dict(FIGURE_LABELS), "speed_to_lead_hours": "Speed to lead", "sla_attainment": "SLA"}
#: The CRM's shorthand in words, said wherever the figures are shown (pages and PDFs): outside revenue
#: operations, "SAL" and "SLA" mean nothing.
SHORTHAND = ("MQL: marketing-qualified leads. SAL: sales-accepted leads. "
             "SQL: sales-qualified leads (opportunities).")
#: The diagnostic's line per team: every figure but MQL → SQL, for the width of a page.
TEAM_COLUMNS = ("inquiries", "mql", "sal", "sql", "won", "sql_to_won", "speed_to_lead_hours", "sla_attainment")


@dataclass(frozen=True)
class Funnel:
    """One period's figures; ``None`` is "not reported", never zero."""

    period: str
    inquiries: int | None = None
    mql: int | None = None
    sal: int | None = None
    sql: int | None = None
    won: int | None = None
    speed_to_lead_hours: float | None = None
    sla_attainment: float | None = None

    @classmethod
    def of(cls, period: str, figures: Mapping[str, float | int | None]) -> Funnel:
        names = {f.name for f in fields(cls)} - {"period"}
        return cls(period, **{k: v for k, v in figures.items() if k in names})  # type: ignore[arg-type]

    @property
    def mql_to_sql(self) -> float | None:
        """Share of MQLs that became SQLs, in percent."""
        return _percent(self.sql, self.mql)

    @property
    def sql_to_won(self) -> float | None:
        """Share of SQLs that were won, in percent."""
        return _percent(self.won, self.sql)

    @property
    def reported(self) -> bool:
        return any(getattr(self, f.name) is not None for f in fields(self) if f.name != "period")

    def as_dict(self) -> dict[str, float | int | None]:
        counts = {name: getattr(self, name) for name in STAGES}
        return {**counts, "speed_to_lead_hours": self.speed_to_lead_hours, "sla_attainment": self.sla_attainment,
                "mql_to_sql": self.mql_to_sql, "sql_to_won": self.sql_to_won}


@dataclass(frozen=True)
class FunnelTable:
    """A funnel beside the survey's index, for a report; built from gated scores only.

    The diagnostic's is the organization's: the teams' counts added up, and each
    team's figures in the cycle's period. A team plan's is the team's own
    (``added_up=False``), speed to lead and SLA attainment included, and no other team's.
    """

    periods: tuple[str, ...]                 # oldest first: the previous period (if any) and the cycle's
    index: tuple[float | None, ...]          # the subject's alignment index per period; None where withheld
    funnels: tuple[Funnel | None, ...]       # per period: the teams' counts added up, or the one team's own
    teams: tuple[tuple[str, float | None, Funnel], ...] = ()  # (team name, its index, its funnel) in the cycle's period
    added_up: bool = True                    # the funnels are sums over teams: no speed to lead, no SLA

    def rows(self) -> list[tuple[str, str, tuple[float | int | None, ...]]]:
        """A row per figure, a column per period: the organization's totals."""
        return figure_rows(self.funnels, total=self.added_up)

    def by_period(self) -> tuple[tuple[str, float | None, Funnel], ...]:
        """A line per period, like ``teams`` (a team's own figures, on a few lines of a plan)."""
        return tuple((period, index, funnel or Funnel(period))
                     for period, index, funnel in zip(self.periods, self.index, self.funnels))

    def columns(self) -> tuple[tuple[str, str], ...]:
        """(name, header) of the figures on a line: every team's (the diagnostic's), or those the team reported."""
        names = TEAM_COLUMNS if self.added_up else tuple(name for name, _, _ in self.rows())
        return tuple((name, COLUMN_LABELS[name]) for name in names)

    def unreported(self) -> list[str]:
        return unreported(self.funnels)

    @property
    def has_dash(self) -> bool:
        """Some figure of the whole's table is missing (no survey, not reported): the reader is told why."""
        return None in self.index or any(None in values for _, _, values in self.rows())

    @property
    def index_shown(self) -> bool:
        return any(value is not None for value in self.index)


def organization_total(period: str, teams: Iterable[Funnel]) -> Funnel:
    """The teams' counts added up, a stage no team reported staying ``None``; no speed to lead, no SLA.

    Summing is right when each lead is counted in one team at each stage: the
    MQLs of a marketing team and the SQLs of the sales team that worked them
    make one funnel. The import's documentation asks for exactly that.
    """
    reported = [t for t in teams if t.reported]
    counts: dict[str, int | None] = {}
    for name in STAGES:
        values = [getattr(t, name) for t in reported if getattr(t, name) is not None]
        counts[name] = sum(values) if values else None
    return Funnel(period, **counts)


def _percent(part: int | None, whole: int | None) -> float | None:
    if part is None or not whole:
        return None
    return 100.0 * part / whole


def figure_rows(funnels: tuple[Funnel | None, ...], *, total: bool = False) -> list[tuple[str, str, tuple[float | int | None, ...]]]:
    """(name, label, one value per funnel) for every figure that at least one of the funnels reports.

    An organization's ``total`` has no speed to lead or SLA attainment rows.
    """
    rows = []
    for name, label in FIGURE_LABELS:
        if total and name in AS_REPORTED:
            continue
        values = tuple(f.as_dict()[name] if f is not None else None for f in funnels)
        if any(v is not None for v in values):
            rows.append((name, label, values))
    return rows


def unreported(funnels: tuple[Funnel | None, ...]) -> list[str]:
    """The labels of the stages that none of the funnels reports."""
    return [label for name, label in FIGURE_LABELS[:len(STAGES)]
            if all(f is None or getattr(f, name) is None for f in funnels)]


def format_figure(value: float | int | None, name: str) -> str:
    """A figure as reports print it: a dash for "not reported", counts with thousands separators."""
    if value is None:
        return "–"
    if name in ("mql_to_sql", "sql_to_won", "sla_attainment"):
        return f"{value:.1f}%"
    if name == "speed_to_lead_hours":
        return f"{value:.1f} h"
    return f"{int(value):,}"
