"""Importing CRM funnel figures: a bad file is refused whole, by line and column; a good one adds or replaces."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from assessment.extensions import db
from assessment.models import AuditEntry, FunnelMetrics, Organization
from assessment.operations.funnel import apply_funnel, plan_funnel
from assessment.operations.funnel_csv import template_csv
from assessment.operations.imports import ImportRefused
from assessment.operations.organizations import create_organization, ensure_team

HEADER = "team,period,inquiries,mql,sal,sql,won,speed_to_lead_hours,sla_attainment"
GOOD = (HEADER, "demand-gen,2026-Q3,4200,610,,,,6.5,82", "emea-sales,2026-Q3,,,240,150,41,3.2,91.5")


def csv_bytes(*rows: str) -> bytes:
    return ("\n".join(rows) + "\n").encode()


@pytest.fixture()
def acme(app) -> Organization:  # type: ignore[no-untyped-def]
    org = create_organization("Acme", "acme")
    ensure_team(org, "demand-gen", "marketing")
    ensure_team(org, "emea-sales", "sales")
    return org


def stored(org: Organization) -> dict[tuple[str, str], dict[str, float | int | None]]:
    rows = db.session.execute(select(FunnelMetrics).where(FunnelMetrics.organization_id == org.id)).scalars()
    return {(row.team.slug, row.period): row.figures() for row in rows}


def imported(org: Organization, *rows: str) -> None:
    apply_funnel(org, plan_funnel(org, csv_bytes(*rows)), actor="consultant@demo.example")
    db.session.commit()


def refusal(org: Organization, *rows: str) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        plan_funnel(org, csv_bytes(*rows))
    return refused.value.problems


def test_a_good_file_is_stored_with_blanks_as_not_reported(acme: Organization) -> None:
    imported(acme, *GOOD)
    figures = stored(acme)
    assert figures[("demand-gen", "2026-Q3")] == {"inquiries": 4200, "mql": 610, "sal": None, "sql": None,
                                                  "won": None, "speed_to_lead_hours": 6.5, "sla_attainment": 82.0}
    assert figures[("emea-sales", "2026-Q3")]["won"] == 41


def test_every_problem_is_named_by_line_and_column_in_the_order_of_the_file(acme: Organization) -> None:
    problems = refusal(
        acme, HEADER.replace("won", "won,owner"),
        "demand-gen,2026-Q3,100,120,,,,,,",            # more MQLs than inquiries
        "emea-sales,2026-Q3,,,240,150,41,,-2,,",       # negative hours
        "emea-sales,2026-Q3,,,10,,,,,,",               # the same team and period twice
        "nowhere,Q3 2026,,,,,,,,,",                    # an unknown team, a bad period, no figures
        "emea-sales,2026-Q2,,500,600,1.5,,,,101%,",    # SAL over MQL, a fraction of a lead, SLA over 100
    )
    assert problems[0] == ("line 1, column owner: not a funnel column; use team, period, inquiries, mql, sal, sql, "
                           "won, speed_to_lead_hours, sla_attainment")
    assert len(problems) == 10  # and each row's, as below
    problems = refusal(
        acme, HEADER,
        "demand-gen,2026-Q3,100,120,,,,,",
        "emea-sales,2026-Q3,,,240,150,41,-2,",
        "emea-sales,2026-Q3,,,10,,,,",
        "nowhere,Q3 2026,,,,,,,",
        "emea-sales,2026-q2,,500,600,1.5,,,101%",
        "emea-sales,2026-Q5,,,,,7,,",
        "emea-sales,２０２６-Q3,,,,,7,,",   # fullwidth digits: a second name for 2026-Q3
    )
    assert problems == [
        "line 2, column mql: 120 MQLs but only 100 inquiries (column inquiries); "
        "a stage cannot hold more leads than the one before it",
        "line 3, column speed_to_lead_hours: -2 is negative; hours cannot be",
        "line 4, column period: emea-sales 2026-Q3 is on line 3 already",
        "line 5, column period: 'Q3 2026' is not a period; name it as the cycles do, such as 2026-Q3",
        "line 5: no figures; leave the row out, or give at least one figure",
        "line 5, column team: acme has no team 'nowhere'; its teams are demand-gen, emea-sales "
        "(the roster import creates teams)",
        "line 6, column sql: '1.5' is not a whole number; a count of SQLs is",
        "line 6, column sla_attainment: 101% is not a percentage from 0 to 100",
        "line 6, column sal: 600 SALs but only 500 MQLs (column mql); "
        "a stage cannot hold more leads than the one before it",
        "line 7, column period: '2026-Q5' is not a period; name it as the cycles do, such as 2026-Q3",
        "line 8, column period: '２０２６-Q3' is not a period; name it as the cycles do, such as 2026-Q3",
    ]


def test_an_unknown_team_is_named_with_the_teams_there_are(acme: Organization) -> None:
    assert refusal(acme, HEADER, "apac-sales,2026-Q3,,,,,3,,") == [
        "line 2, column team: acme has no team 'apac-sales'; its teams are demand-gen, emea-sales "
        "(the roster import creates teams)"]


def test_stages_not_reported_are_skipped_when_the_funnel_is_checked(acme: Organization) -> None:
    # No SAL: the SQLs are checked against the MQLs, the deals won against the SQLs.
    assert refusal(acme, "team,period,mql,sql,won", "emea-sales,2026-Q3,100,120,") == [
        "line 2, column sql: 120 SQLs but only 100 MQLs (column mql); "
        "a stage cannot hold more leads than the one before it"]
    plan = plan_funnel(acme, csv_bytes("team,period,mql,sql,won", "emea-sales,2026-Q3,100,40,12"))
    assert len(plan.added) == 1


def test_a_refused_file_leaves_the_stored_figures_and_the_audit_trail_as_they_were(acme: Organization) -> None:
    imported(acme, *GOOD)
    before, entries = stored(acme), db.session.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
    refusal(acme, HEADER, "emea-sales,2026-Q3,,,240,150,41,3.2,91.5", "demand-gen,2026-Q3,1,2,,,,,")
    assert stored(acme) == before
    assert db.session.execute(select(func.count()).select_from(AuditEntry)).scalar_one() == entries


def test_reimporting_a_team_and_period_replaces_its_figures_and_leaves_the_others(acme: Organization) -> None:
    imported(acme, *GOOD, "emea-sales,2026-Q2,,,200,120,30,4,88")
    plan = plan_funnel(acme, csv_bytes("team,period,sql,won", "emea-sales,2026-Q3,160,44"))
    assert [(c.team, c.period) for c in plan.replaced] == [("emea-sales", "2026-Q3")]
    assert plan.replaced[0].before["sal"] == 240 and plan.replaced[0].after["sal"] is None
    apply_funnel(acme, plan, actor="consultant@demo.example")
    db.session.commit()
    figures = stored(acme)
    # Replaced whole: the columns the file lacks are no longer reported for that team and period.
    assert figures[("emea-sales", "2026-Q3")] == {"inquiries": None, "mql": None, "sal": None, "sql": 160, "won": 44,
                                                  "speed_to_lead_hours": None, "sla_attainment": None}
    assert figures[("emea-sales", "2026-Q2")]["won"] == 30
    assert figures[("demand-gen", "2026-Q3")]["mql"] == 610
    entry = db.session.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).scalar_one()
    assert entry.action == "funnel.import"
    assert entry.target == "funnel figures of acme for 2026-Q3: 0 added, 1 replaced, 0 unchanged"


def test_the_same_file_twice_changes_nothing_the_second_time(acme: Organization) -> None:
    imported(acme, *GOOD)
    plan = plan_funnel(acme, csv_bytes(*GOOD))
    assert (len(plan.added), len(plan.replaced), len(plan.unchanged)) == (0, 0, 2)


def test_a_thousands_separator_in_a_count_is_refused_rather_than_guessed(acme: Organization) -> None:
    assert refusal(acme, "team;period;mql;speed_to_lead_hours", "emea-sales;2026-Q3;1,200;1,5") == [
        "line 2, column mql: '1,200': write a count without a thousands separator, such as 1200"]


def test_excel_spellings_are_read(acme: Organization) -> None:
    text = "\ufeffTeam;Period;MQLs;SQLs;Speed to lead;SLA attainment %\nemea-sales;2026-q3;120;80;2,5;87,5%\n"
    plan = plan_funnel(acme, text.encode())
    assert plan.added[0].period == "2026-Q3"
    assert plan.added[0].after == {"inquiries": None, "mql": 120, "sal": None, "sql": 80, "won": None,
                                        "speed_to_lead_hours": 2.5, "sla_attainment": 87.5}


def test_a_half_year_in_lower_case_is_read_as_cycles_spell_it(acme: Organization) -> None:
    text = "team,period,mql\nemea-sales,2026-h1,120\n"
    plan = plan_funnel(acme, text.encode())
    assert plan.added[0].period == "2026-H1"


def test_the_template_imports_once_its_teams_exist(acme: Organization) -> None:
    plan = plan_funnel(acme, template_csv().encode())
    assert len(plan.added) == 2 and plan.periods_without_cycle == ("2026-Q3",)


def test_one_organizations_file_cannot_reach_another_organizations_team(app, acme: Organization) -> None:  # type: ignore[no-untyped-def]
    northwind = db.session.execute(select(Organization).filter_by(slug="northwind")).scalar_one()
    slug = northwind.teams[0].slug
    assert refusal(acme, HEADER, f"{slug},2026-Q3,,,,,3,,")[0].startswith(f"line 2, column team: acme has no team {slug!r}")


def test_a_count_with_a_dot_as_thousands_separator_is_refused_not_read_as_one(acme: Organization) -> None:
    # European Excel writes a thousand inquiries as 1.000: importing that as 1 would be a thousand times too few.
    assert refusal(acme, "team;period;inquiries;mql;speed_to_lead_hours",
                   "demand-gen;2026-Q3;12.000;1.000;1.250") == [
        "line 2, column inquiries: '12.000': write a count without a thousands separator, such as 1200",
        "line 2, column mql: '1.000': write a count without a thousands separator, such as 1200"]
    # Hours are not counts: 1.250 is an hour and a quarter; a count Excel wrote as 4000.0 is still 4000.
    plan = plan_funnel(acme, csv_bytes("team;period;inquiries;speed_to_lead_hours", "demand-gen;2026-Q3;4000.0;1.250"))
    assert plan.added[0].after["inquiries"] == 4000 and plan.added[0].after["speed_to_lead_hours"] == 1.25


def test_an_sla_attainment_written_as_a_fraction_is_refused_not_read_as_under_one_percent(acme: Organization) -> None:
    assert refusal(acme, "team;period;sla_attainment", "emea-sales;2026-Q3;0.85", "demand-gen;2026-Q3;0,875") == [
        "line 2, column sla_attainment: 0.85 looks like a fraction; write the percentage, such as 85 "
        "(or 0.85% if less than one percent is meant)",
        "line 3, column sla_attainment: 0,875 looks like a fraction; write the percentage, such as 87.5 "
        "(or 0,875% if less than one percent is meant)"]
    plan = plan_funnel(acme, csv_bytes("team,period,sla_attainment", "emea-sales,2026-Q3,0.85%",
                                       "demand-gen,2026-Q3,85%"))
    assert [c.after["sla_attainment"] for c in plan.added] == [0.85, 85.0]
    plan = plan_funnel(acme, csv_bytes("team,period,sla_attainment", "emea-sales,2026-Q3,0", "demand-gen,2026-Q3,1"))
    assert [c.after["sla_attainment"] for c in plan.added] == [0.0, 1.0]


def test_a_count_too_large_to_store_is_refused_by_line_and_column_and_nothing_is_written(acme: Organization) -> None:
    imported(acme, *GOOD)
    before = stored(acme)
    assert refusal(acme, "team,period,inquiries,mql", "demand-gen,2026-Q3,99999999999999999999,600",
                   "emea-sales,2026-Q3,3000000000,") == [
        "line 2, column inquiries: 99999999999999999999 is more than a count can hold (2,147,483,647); "
        "check the column is a count of inquiries",
        "line 3, column inquiries: 3000000000 is more than a count can hold (2,147,483,647); "
        "check the column is a count of inquiries"]
    assert stored(acme) == before
    imported(acme, "team,period,inquiries", "demand-gen,2026-Q3,2147483647")
    assert stored(acme)[("demand-gen", "2026-Q3")]["inquiries"] == 2_147_483_647


def test_a_crm_export_with_its_own_column_headings_is_read(acme: Organization) -> None:
    text = ("Team,Period,Leads,MQLs,SALs,Opportunities,Closed Won,Speed to lead (hrs),SLA %\n"
            "emea-sales,2026-Q3,900,300,200,120,30,4.5,88%\n")
    plan = plan_funnel(acme, text.encode())
    assert plan.added[0].after == {"inquiries": 900, "mql": 300, "sal": 200, "sql": 120, "won": 30,
                                   "speed_to_lead_hours": 4.5, "sla_attainment": 88.0}
