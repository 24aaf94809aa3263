"""Who is in the demo: organizations, teams and people, drawn from a seed."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ORGANIZATIONS = [
    ("Northwind Traders", "northwind"), ("Contoso Analytics", "contoso"), ("Fabrikam Robotics", "fabrikam"),
    ("Tailspin Travel", "tailspin"), ("Wide World Importers", "wideworld"), ("Litware Health", "litware"),
    ("Adventure Works Cycles", "adventureworks"), ("Proseware Software", "proseware"),
    ("Lucerne Publishing", "lucerne"), ("Woodgrove Financial", "woodgrove"),
]
REGIONS = ("north", "south", "east", "west")
SALES_TEAMS = ["Enterprise Sales", "Mid-Market Sales", "Inside Sales", "Channel Sales", "Key Accounts"]
MARKETING_TEAMS = ["Demand Generation", "Product Marketing", "Brand and Content", "Field Marketing"]
JOINT_TEAMS = ["Revenue Operations", "Sales Enablement"]
FIRST = ["alex", "sam", "jo", "kim", "lee", "max", "noa", "pat", "ria", "tom", "uma", "val", "zoe", "ian", "eva"]
LAST = ["berg", "chen", "diaz", "evans", "fox", "gupta", "holm", "ito", "jones", "kaur", "lund", "meyer", "novak"]


@dataclass(frozen=True)
class DemoTeam:
    slug: str
    name: str
    function: str
    size: int
    base: float      # the team's latent alignment level
    trend: float     # change per quarter: some teams improve, others decline


@dataclass(frozen=True)
class DemoPerson:
    email: str
    team: str
    function: str
    attributes: dict[str, str]


@dataclass(frozen=True)
class DemoOrganization:
    name: str
    slug: str
    level: float
    teams: tuple[DemoTeam, ...]
    people: tuple[DemoPerson, ...]


def draw_organizations(rng: np.random.Generator, count: int) -> list[DemoOrganization]:
    return [_organization(rng, name, slug) for name, slug in ORGANIZATIONS[:count]]


def _organization(rng: np.random.Generator, name: str, slug: str) -> DemoOrganization:
    level = float(rng.normal(0.0, 0.35))
    teams = (
        [_team(rng, n, "sales") for n in _pick(rng, SALES_TEAMS, 2, 4)]
        + [_team(rng, n, "marketing") for n in _pick(rng, MARKETING_TEAMS, 1, 3)]
        + [_team(rng, n, "joint") for n in _pick(rng, JOINT_TEAMS, 1, 2)]
    )
    people = [person for team in teams for person in _people(rng, slug, team)]
    return DemoOrganization(name, slug, level, tuple(teams), tuple(_unique_emails(people)))


def _pick(rng: np.random.Generator, names: list[str], low: int, high: int) -> list[str]:
    count = int(rng.integers(low, high + 1))
    return [names[i] for i in sorted(rng.choice(len(names), size=count, replace=False))]


def _team(rng: np.random.Generator, name: str, function: str) -> DemoTeam:
    # About one team in six is small enough to be suppressed: that is what it looks like in practice.
    small = rng.random() < 0.17
    size = int(rng.integers(2, 5)) if small else int(rng.integers(7, 26 if function == "sales" else 16))
    slug = name.lower().replace(" and ", "-").replace(" ", "-")
    return DemoTeam(slug, name, function, size, float(rng.normal(0, 0.3)), float(rng.normal(0, 0.12)))


def _people(rng: np.random.Generator, org_slug: str, team: DemoTeam) -> list[DemoPerson]:
    people = []
    for _ in range(team.size):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        attributes = {
            "role_level": "manager" if rng.random() < 0.2 else "individual",
            "tenure_band": str(rng.choice(["under 1 year", "1-3 years", "over 3 years"], p=[0.25, 0.4, 0.35])),
            "region": str(rng.choice(REGIONS)),
        }
        people.append(DemoPerson(f"{first}.{last}@{org_slug}.example", team.slug, team.function, attributes))
    return people


def _unique_emails(people: list[DemoPerson]) -> list[DemoPerson]:
    seen: dict[str, int] = {}
    unique = []
    for person in people:
        count = seen.get(person.email, 0)
        seen[person.email] = count + 1
        if count:
            local, domain = person.email.split("@")
            person = DemoPerson(f"{local}{count + 1}@{domain}", person.team, person.function, person.attributes)
        unique.append(person)
    return unique
