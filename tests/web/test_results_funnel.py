"""The funnel beside the survey on the results pages: shown to whom may see the team, to nobody else."""
from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import select

from assessment.extensions import db
from assessment.models import FunnelMetrics, Organization, Team
from assessment.operations.accounts import find_user

PERIOD, PREVIOUS = "2026-Q3", "2026-Q2"


def org(slug: str) -> Organization:
    return db.session.execute(select(Organization).filter_by(slug=slug)).scalar_one()


def figures(team: Team, period: str = PERIOD) -> FunnelMetrics:
    return db.session.execute(select(FunnelMetrics).filter_by(team_id=team.id, period=period)).scalar_one()


def lead_team() -> Team:
    lead = find_user("lead@demo.example")
    assert lead is not None and lead.team is not None
    return lead.team


def survey_row(section: str) -> list[str]:
    """The alignment index's cells, in words, one per period."""
    row = re.search(r"<strong>Alignment index</strong></td>(.*?)</tr>", section, re.S)
    assert row
    return [" ".join(re.sub(r"<[^>]+>", "", cell).split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]


def sales_team(slug: str, besides: Team | None = None) -> Team:
    return next(t for t in org(slug).teams if t.function == "sales" and t != besides)


def page(client: FlaskClient, path: str) -> str:
    reply = client.get(path)
    assert reply.status_code == 200, path
    return reply.get_data(as_text=True)


def test_a_team_page_shows_its_funnel_beside_its_scores_for_two_periods(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    team = sales_team("northwind")
    html = page(client, f"/results/northwind/{PERIOD}/teams/{team.slug}")
    section = html[html.index("Perception and what happened"):]
    assert "How to read it" in section and "Survey: what people say" in section and "CRM: what happened" in section
    assert f">{PREVIOUS}</th>" in section and f">{PERIOD}</th>" in section
    now, before = figures(team), figures(team, PREVIOUS)
    assert f">{now.won:,}</td>" in section and f">{before.won:,}</td>" in section
    assert f"{now.speed_to_lead_hours:.1f}&nbsp;h" in section and f"{now.sla_attainment:.1f}%" in section
    assert f"{100 * now.won / now.sql:.1f}%" in section  # SQL -> won
    assert "Not reported by the CRM for this team: Inquiries, MQL." in section  # marketing reports those


def test_the_organization_page_adds_the_teams_counts_up(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    html = page(client, f"/results/northwind/{PERIOD}")
    section = html[html.index("Perception and what happened"):]
    rows = db.session.execute(select(FunnelMetrics).filter_by(organization_id=org("northwind").id, period=PERIOD)).scalars().all()
    mql = sum(r.mql or 0 for r in rows)
    sql = sum(r.sql or 0 for r in rows)
    assert f">{mql:,}</td>" in section and f"{100 * sql / mql:.1f}%" in section
    assert "the teams' counts added up" in section
    for row in rows:
        assert f"/teams/{row.team.slug}\"" in section


def test_a_team_lead_sees_their_own_teams_funnel_and_no_organization_total(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    own = lead_team()
    html = page(client, f"/results/northwind/{PERIOD}")
    section = html[html.index("Perception and what happened"):]
    assert "CRM: what happened" not in section and "the organization's totals are for its executives" in section
    assert f"/teams/{own.slug}\"" in section
    for team in org("northwind").teams:
        if team != own:
            assert team.name not in section
    own_page = page(client, f"/results/northwind/{PERIOD}/teams/{own.slug}")
    assert f">{figures(own).won:,}</td>" in own_page
    other = sales_team("northwind", besides=own)
    assert client.get(f"/results/northwind/{PERIOD}/teams/{other.slug}").status_code == 404


def test_another_clients_users_never_see_the_figures(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")  # Northwind's
    team = sales_team("contoso")
    assert client.get(f"/results/contoso/{PERIOD}/teams/{team.slug}").status_code == 404
    assert client.get(f"/results/contoso/{PERIOD}").status_code == 404
    own = page(client, f"/results/northwind/{PERIOD}")
    assert team.slug not in own


def test_a_team_without_figures_shows_no_funnel_section(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    joint = next(t for t in org("northwind").teams if t.function == "joint")
    assert "Perception and what happened" not in page(client, f"/results/northwind/{PERIOD}/teams/{joint.slug}")


def test_a_withheld_team_keeps_its_funnel_but_not_its_scores(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """The gate withholds a small team's scores; its CRM figures are not about a person and stay."""
    from assessment.gate import group_result
    from assessment.lookup import cycle_by_name

    login(client, "admin")
    for slug in ("northwind", "contoso", "fabrikam", "tailspin", "wideworld", "litware", "adventureworks", "proseware"):
        cycle = cycle_by_name(f"{slug}/{PERIOD}")
        small = [t for t in org(slug).teams if t.function == "sales"
                 and (r := group_result(cycle, "team", t.slug)) is not None and r.suppressed]
        if small:
            break
    else:
        raise AssertionError("the demo has no withheld sales team")
    html = page(client, f"/results/{slug}/{PERIOD}/teams/{small[0].slug}")
    section = html[html.index("Perception and what happened"):]
    assert "not shown" in section and f">{figures(small[0]).won:,}</td>" in section


def test_a_withheld_teams_index_beside_its_crm_figures_says_why(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """The CRM columns explained their dashes; the survey column's "not shown" did not say why."""
    login(client, "executive")
    html = page(client, f"/results/northwind/{PERIOD}")
    section = html[html.index("By team, "):]
    section = section[:section.index("</section>")]
    assert '<span class="suppressed">not shown</span>' in section  # the demo withholds a marketing team
    assert "Alignment index “not shown”: the team's survey results are withheld to keep answers anonymous" in section
    assert "(fewer than 5 responses, or a group that could be worked out from the others)" in " ".join(section.split())


def test_no_note_on_withheld_teams_when_every_team_is_shown(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")  # sees only their own team, which has enough responses
    html = page(client, f"/results/northwind/{PERIOD}")
    section = html[html.index("Perception and what happened"):]
    assert lead_team().name in section and "not shown</span>" not in section
    assert "Alignment index “not shown”" not in section


def test_the_crms_shorthand_is_spelled_out_once_wherever_its_figures_show(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """"MQL", "SAL", "SQL" and "SLA" stood as column names with no word of what they meant."""
    words = ("MQL: marketing-qualified leads. SAL: sales-accepted leads. SQL: sales-qualified leads (opportunities).",
             "SLA: the share of leads followed up within the agreed time.")
    for who, path in (("executive", f"/results/northwind/{PERIOD}"), ("team_lead", f"/results/northwind/{PERIOD}"),
                      ("team_lead", f"/results/northwind/{PERIOD}/teams/{lead_team().slug}")):
        login(client, who)
        html = page(client, path)
        section = re.sub(r"\s+", " ", html[html.index("Perception and what happened"):])
        for said in words:
            assert section.count(said) == 1, (who, path, said)


def test_a_quarter_without_a_survey_says_no_survey_not_withheld(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """The demo's first survey is 2025-Q4: its panel's 2025-Q3 column has CRM figures and no survey, which "not
    shown" (the gate's word for withheld) misnamed."""
    login(client, "executive")
    first = page(client, "/results/northwind/2025-Q4")
    section = first[first.index("Perception and what happened"):]
    assert ">2025-Q3</th>" in section
    assert survey_row(section)[0] == "no survey" and survey_row(section)[1].isdigit()
    assert "No survey in 2025-Q3" in section

    later = page(client, f"/results/northwind/{PERIOD}")
    section = later[later.index("Perception and what happened"):]
    assert all(cell.isdigit() for cell in survey_row(section)) and "No survey in" not in section
