"""Importing a roster: a bad file is refused whole, naming line and column; a good one adds, moves and keeps people."""
from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from assessment.extensions import db
from assessment.models import AuditEntry, Invitation, Organization, Participant, Response, Team
from assessment.operations.imports import ImportRefused
from assessment.operations.organizations import create_organization
from assessment.operations.roster import apply_roster, plan_roster
from assessment.operations.roster_csv import MAX_ATTRIBUTE_VALUES, template_csv


def count(model: type, *where: object) -> int:
    return db.session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()  # type: ignore[arg-type]


def lines(*rows: str) -> bytes:
    return ("\n".join(rows) + "\n").encode()


@pytest.fixture()
def acme(app) -> Organization:  # type: ignore[no-untyped-def]
    return create_organization("Acme", "acme")


@pytest.fixture()
def northwind(app) -> Organization:  # type: ignore[no-untyped-def]
    return db.session.execute(select(Organization).filter_by(slug="northwind")).scalar_one()


def roster_of(org: Organization) -> list[dict[str, str]]:
    """The organization's roster as the rows of a CSV file that would change nothing."""
    people = db.session.execute(
        select(Participant).where(Participant.organization_id == org.id).order_by(Participant.id)
    ).scalars()
    return [{"email": p.email, "team": p.team.slug, "function": p.function, **p.attributes} for p in people]


def as_csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["email", "team", "function", "role_level", "tenure_band", "region"])
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def problems_of(org: Organization, data: bytes) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        plan_roster(org, data)
    return refused.value.problems


def test_a_new_roster_creates_teams_and_people(acme: Organization) -> None:
    plan = plan_roster(acme, lines(
        "email,team,function,team_name,parent,role_level,region",
        "Ana.Lopez@Client.example,emea-sales,sales,EMEA Sales,emea,manager,south",
        "ben@client.example,emea-marketing,marketing,,emea,individual,north",
        "chloe@client.example,emea-sales,sales,,,individual,",
    ))
    assert plan.added == ("ana.lopez@client.example", "ben@client.example", "chloe@client.example")
    assert [t.slug for t in plan.new_teams] == ["emea-sales", "emea-marketing", "emea"]
    assert count(Participant, Participant.organization_id == acme.id) == 0  # a plan writes nothing
    entry = apply_roster(acme, plan, actor="consultant@demo.example")
    teams = {t.slug: t for t in db.session.execute(select(Team).filter_by(organization_id=acme.id)).scalars()}
    assert teams["emea-sales"].name == "EMEA Sales" and teams["emea-sales"].function == "sales"
    assert teams["emea-marketing"].name == "Emea Marketing"
    # A grouping team holding a sales and a marketing team is joint; both sit under it.
    assert teams["emea"].function == "joint"
    assert teams["emea-sales"].parent_id == teams["emea"].id == teams["emea-marketing"].parent_id
    ana = db.session.execute(select(Participant).filter_by(email="ana.lopez@client.example")).scalar_one()
    assert ana.team_id == teams["emea-sales"].id and ana.function == "sales"
    assert ana.attributes == {"role_level": "manager", "region": "south"}
    chloe = db.session.execute(select(Participant).filter_by(email="chloe@client.example")).scalar_one()
    assert chloe.attributes == {"role_level": "individual"}  # a blank cell sets nothing
    assert entry.action == "roster.import" and "3 added" in entry.target and "@" not in entry.target


def test_excel_exports_with_a_bom_semicolons_and_headers_in_any_case_are_read(acme: Organization) -> None:
    data = "\ufeffE-mail;Team;Function;Role Level\r\nana@client.example;emea-sales;Sales;manager\r\n;;;\r\n"
    plan = plan_roster(acme, data.encode("utf-8"))
    assert plan.added == ("ana@client.example",)
    assert plan.rows[0].function == "sales" and plan.rows[0].attributes == {"role_level": "manager"}


def test_a_separator_line_for_excel_is_read_as_the_separator(acme: Organization) -> None:
    """``sep=;`` on the first line tells Excel the separator; files made for Excel start with it."""
    plan = plan_roster(acme, lines("sep=;", "email;team;function", "ana@client.example;emea-sales;sales"))
    assert plan.added == ("ana@client.example",)
    assert problems_of(acme, lines("sep=;", "email;team;function", "bad;emea-sales;sales"))[0].startswith(
        "line 3, column email: 'bad' is not an email address")   # lines counted as the file has them


def test_the_template_is_a_valid_roster(acme: Organization) -> None:
    plan = plan_roster(acme, template_csv().encode())
    assert len(plan.added) == 4 and {t.slug for t in plan.new_teams} >= {"emea-sales", "demand-gen", "revops"}


@pytest.mark.parametrize(("rows", "expected"), [
    (("email,team,function", "not-an-email,emea,sales"),
     "line 2, column email: 'not-an-email' is not an email address"),
    (("email,team,function", "mailto:ana@x.example,emea,sales"),
     "line 2, column email: 'mailto:ana@x.example' is not an email address"),
    (("email,team,function", "a@x.example,emea,sales", "A@X.example,emea,sales"),
     "line 3, column email: A@X.example is on line 2 already"),   # as the file writes it, to be found there
    (("email,team,function", ",emea,sales"), "line 2, column email: empty"),
    # Every invitation to these failed, with a message blaming the mail server.
    (("email,team,function", "zw\u200bsp@x.example,emea,sales"),
     "holds an invisible character (U+200B), often pasted along with an address: type it again"),
    (("email,team,function", "anä@x.example,emea,sales"),
     "line 2, column email: 'anä@x.example' holds 'ä': our mail reaches plain ASCII addresses only"),
    (("email,team,function", '"Ana Lopez <Ana@x.example>",emea,sales'),
     "line 2, column email: 'Ana Lopez <Ana@x.example>' is not an email address: write the address alone, "
     "Ana@x.example"),
    (("email,team,function", "a@x.example,emea,seller"),
     "line 2, column function: must be one of sales, marketing, joint, not 'seller'"),
    (("email,team,function", "a@x.example,emea,"), "line 2, column function: empty; write sales, marketing or joint"),
    (("email,team,function", "a@x.example,,sales"), "line 2, column team: empty"),
    (("email,team,function", "a@x.example,EMEA Sales,sales"), "line 2, column team: 'EMEA Sales' is not a team slug"),
    (("email,team,function", "a@x.example,emea,sales", "b@x.example,emea,marketing"),
     "line 3, column function: team emea is sales on line 2"),
    (("email,team,function,parent", "a@x.example,emea,sales,emea"),
     "line 2, column parent: a team cannot be its own parent"),
    (("email,team,function,parent", "a@x.example,emea,sales,EU West!"),
     "line 2, column parent: 'EU West!' is not a team slug"),
    (("email,team,function,parent", "a@x.example,emea,sales,europe", "b@x.example,emea,sales,world"),
     "line 3, column parent: team emea has parent 'europe' on line 2"),
    (("email,team,function,parent", "a@x.example,emea,sales,europe", "b@x.example,europe,sales,emea"),
     "column parent: emea under europe makes a loop of teams"),
    (("email,team,function,full_name", "a@x.example,emea,sales,Ana Lopez"),
     "line 1, column full_name: not a roster column: delete it, or rename it to one of email, team, function"),
    (("email,team,function,region,Region", "a@x.example,emea,sales,north,north"),
     "line 1, column region: appears twice"),
    (("email,team,function,", "a@x.example,emea,sales,oops"), "line 1, column 4: the column has values but no name"),
    (("email,function", "a@x.example,sales"), "line 1: missing column team"),
    (("email,team,function", "a@x.example,emea,sales,extra"), "line 2: more cells than the header has columns"),
    (("email,team,function,region", "a@x.example,emea,sales,ana@x.example"),
     "line 2, column region: looks like an email address"),
    (("email,team,function,tenure_band", "a@x.example,emea,sales," + "9" * 41),
     "line 2, column tenure_band: longer than 40 characters"),
    (("email,team,function",), "line 2: the file has a header but no people"),
    (("",), "line 1: the file is empty"),
], ids=lambda value: value if isinstance(value, str) else None)
def test_each_problem_names_its_line_and_column(acme: Organization, rows: tuple[str, ...], expected: str) -> None:
    problems = problems_of(acme, lines(*rows))
    assert any(expected in problem for problem in problems), problems


def test_a_control_character_in_a_cell_is_refused_by_line_and_column_and_nothing_is_imported(
    acme: Organization,
) -> None:
    """Pasted from a terminal or another program, an escape or a delete was stored and shown as nothing (or acted
    on a terminal). Each such cell is named; the other rows are still checked; nothing of the file is imported."""
    data = lines(
        "email,team,function,team_name,region",
        "ana@x.example,emea,sales,EMEA\x1b[31m Sales,north",
        "ben@x.example,emea,sales,,nor\x7fth",
        "c\x01@x.example,em\x9bea,sales,,",
        "oops,emea,sales,,",
        "dee@x.example,apac,sales,\u202eAPAC Sales,",
    )
    before = (count(Participant), count(Team), count(AuditEntry))
    assert problems_of(acme, data) == [
        "line 2, column team_name: holds a control character (U+001B, an escape), which no name can show; retype it",
        "line 3, column region: holds a control character (U+007F, a delete), which no name can show; retype it",
        "line 4, column email: holds a control character (U+0001), which no name can show; retype it",
        "line 4, column team: holds a control character (U+009B), which no name can show; retype it",
        "line 5, column email: 'oops' is not an email address",
        "line 6, column team_name: holds an invisible formatting character (U+202E, a right-to-left override), which "
        "no name can show; retype it",
    ]
    assert (count(Participant), count(Team), count(AuditEntry)) == before


def test_tabs_and_line_breaks_within_a_cell_are_read_as_one_space(acme: Organization) -> None:
    """A spreadsheet cell with a line break (Alt+Enter in Excel) names a team on one line, as it always did."""
    plan = plan_roster(acme, lines("email,team,function,team_name", 'ana@x.example,emea,sales,"EMEA\r\n\tSales"'))
    assert plan.new_teams[0].name == "EMEA Sales"


def test_a_title_above_the_column_names_is_named_as_such(acme: Organization) -> None:
    """An HR export that starts with a title: the file is told to start with its column names, not that the
    title is an unknown column and email, team and function are missing."""
    data = "\r\n".join(["Acme Nordic staff, November 2026;;", ";;", "Email;Team;Function",
                         "ana@x.example;emea;sales", ""]).encode("utf-8-sig")
    assert problems_of(acme, data) == [
        "line 1: the column names are on line 3; delete the 2 lines above them (a title or notes), so that the file "
        "starts with the column names"]
    assert problems_of(acme, lines("Staff list", "email,team,function", "ana@x.example,emea,sales"))[0].startswith(
        "line 1: the column names are on line 2; delete the line above them")


def test_a_team_said_otherwise_on_one_row_is_blamed_on_that_row_not_on_the_rest(acme: Organization) -> None:
    """The odd row out is the one to fix: blaming the six rows that agree with each other sent the reader to them."""
    rows = ["ana@x.example,revops,sales,Nordic Sales"] + [f"p{i}@x.example,revops,joint,Revenue Ops" for i in range(6)]
    assert problems_of(acme, lines("email,team,function,team_name", *rows)) == [
        "line 2, column function: team revops is joint on line 3 and 5 other lines; a team has one function "
        "(mixed teams are joint)",
        "line 2, column team_name: team revops has team_name 'Revenue Ops' on line 3 and 5 other lines"]


def test_the_odd_row_of_an_existing_team_is_told_once(northwind: Organization) -> None:
    team = next(t for t in northwind.teams if t.function == "sales")
    rows = [f"a@x.example,{team.slug},sales", f"b@x.example,{team.slug},sales", f"c@x.example,{team.slug},marketing"]
    assert problems_of(northwind, lines("email,team,function", *rows)) == [
        f"line 4, column function: team {team.slug} is sales on line 2 and 1 other line; a team has one function "
        "(mixed teams are joint)"]


def test_an_attribute_with_too_many_values_is_not_coarse(acme: Organization) -> None:
    rows = [f"p{i}@x.example,emea,sales,{i} years" for i in range(MAX_ATTRIBUTE_VALUES + 1)]
    problems = problems_of(acme, lines("email,team,function,tenure_band", *rows))
    assert problems == [f"line {MAX_ATTRIBUTE_VALUES + 2}, column tenure_band: more than {MAX_ATTRIBUTE_VALUES} "
                        "different values; attributes are coarse bands that many people share"]


def test_a_file_that_is_not_utf8_or_is_a_workbook_is_refused_by_line(acme: Organization) -> None:
    latin1 = "email,team,function\na@x.example,emea,sales\nzoë@x.example,emea,sales\n".encode("latin-1")
    assert problems_of(acme, latin1) == [
        "line 3: the file is not UTF-8 text (\"zoë@x.example\" is written in another encoding); in Excel, save it "
        "as \"CSV UTF-8 (comma delimited)\""]
    assert "Excel workbook" in problems_of(acme, b"PK\x03\x04\x14\x00\x06\x00")[0]


def test_a_function_that_contradicts_an_existing_team_is_refused(northwind: Organization) -> None:
    team = next(t for t in northwind.teams if t.function == "sales")
    problems = problems_of(northwind, lines("email,team,function", f"new@x.example,{team.slug},marketing"))
    assert problems == [f"line 2, column function: northwind has {team.slug} as a sales team, not marketing; a team "
                        "keeps its function: put these people in a team of their own (a new slug), or correct the "
                        "cell if it is a slip"]


def test_one_bad_row_refuses_the_whole_file_and_lists_every_problem(northwind: Organization) -> None:
    good = roster_of(northwind)
    bad = good + [{"email": "new.person@x.example", "team": "new-team", "function": "sales"},
                  {"email": "oops", "team": "new-team", "function": "sales"},
                  {"email": "other@x.example", "team": "", "function": "seller"}]
    before = (count(Participant), count(Team), count(AuditEntry))
    with pytest.raises(ImportRefused) as refused:
        plan_roster(northwind, as_csv(bad))
    last = len(bad) + 1
    assert refused.value.problems == [
        f"line {last - 1}, column email: 'oops' is not an email address",
        f"line {last}, column team: empty; everyone needs a team",
        f"line {last}, column function: must be one of sales, marketing, joint, not 'seller'",
    ]
    assert "nothing imported" in str(refused.value)
    assert (count(Participant), count(Team), count(AuditEntry)) == before


def test_the_list_of_problems_is_capped_in_the_message(acme: Organization) -> None:
    problems = problems_of(acme, lines("email,team,function", *[f"bad{i},emea,sales" for i in range(30)]))
    assert len(problems) == 30
    refused = ImportRefused(problems)
    assert str(refused).endswith("(and 10 more)")


def test_moves_changes_and_unchanged_people(northwind: Organization) -> None:
    rows = roster_of(northwind)
    first, second = rows[0], rows[1]
    target = next(t for t in northwind.teams if t.slug != first["team"] and t.function == first["function"])
    first_id = db.session.execute(select(Participant.id).filter_by(email=first["email"])).scalar_one()
    first["team"], second["region"] = target.slug, "far-away"
    second["email"] = second["email"].upper()  # addresses compare case-insensitively
    plan = plan_roster(northwind, as_csv(rows))
    assert [m.email for m in plan.moved] == [first["email"], second["email"].lower()]
    assert plan.unchanged == len(rows) - 2 and plan.added == () and plan.missing == ()
    apply_roster(northwind, plan, actor="test")
    db.session.expire_all()
    moved = db.session.get(Participant, first_id)
    assert moved is not None and moved.team_id == target.id
    changed = db.session.execute(select(Participant).filter_by(email=second["email"].lower())).scalar_one()
    assert changed.attributes["region"] == "far-away"
    assert count(Participant, Participant.organization_id == northwind.id) == len(rows)


def test_people_missing_from_the_file_are_kept_and_reported(northwind: Organization) -> None:
    rows = roster_of(northwind)
    plan = plan_roster(northwind, as_csv(rows[3:]))
    assert plan.missing == tuple(sorted(r["email"] for r in rows[:3]))
    apply_roster(northwind, plan, actor="test")
    assert count(Participant, Participant.organization_id == northwind.id) == len(rows)


def test_removing_missing_people_erases_them_and_keeps_every_response(northwind: Organization) -> None:
    answered = db.session.execute(
        select(Participant).join(Invitation).where(Participant.organization_id == northwind.id,
                                                   Invitation.completed.is_(True)).limit(1)
    ).scalar_one()
    rows = [r for r in roster_of(northwind) if r["email"] != answered.email]
    responses, answered_id = count(Response), answered.id
    plan = plan_roster(northwind, as_csv(rows), remove_missing=True)
    assert plan.missing == (answered.email,)
    apply_roster(northwind, plan, actor="consultant@demo.example")
    db.session.expire_all()
    assert db.session.get(Participant, answered_id) is None
    assert count(Invitation, Invitation.participant_id == answered_id) == 0
    assert count(Response) == responses
    entries = db.session.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(2)).scalars().all()
    assert [e.action for e in entries] == ["roster.import", "participant.erase"]
    assert entries[0].target.endswith("1 removed, 0 teams created")
    assert f"participant #{answered_id} of northwind" in entries[1].target
    assert all("@" not in e.target for e in entries)


def test_an_existing_team_is_renamed_and_put_under_a_new_grouping_team(northwind: Organization) -> None:
    rows = roster_of(northwind)
    team = db.session.execute(select(Team).filter_by(organization_id=northwind.id, slug=rows[0]["team"])).scalar_one()
    data = as_csv(rows).decode().splitlines()
    data[0] += ",team_name,parent"
    data[1] += ",Renamed Team,north-region"
    plan = plan_roster(northwind, "\n".join(data) + "\n")
    assert plan.team_changes == ((team.slug, "Renamed Team", "north-region"),)
    assert [(t.slug, t.function) for t in plan.new_teams] == [("north-region", team.function)]
    assert plan.moved == () and plan.unchanged == len(rows)
    apply_roster(northwind, plan, actor="test")
    parent = db.session.execute(select(Team).filter_by(organization_id=northwind.id, slug="north-region")).scalar_one()
    assert team.name == "Renamed Team" and team.parent_id == parent.id
    assert parent.name == "North Region" and parent.parent_id is None


def groups_of(org: Organization, attribute: str = "region") -> set[str]:
    """The groups the organization's people fall into by ``attribute``: what the gate and the filters see."""
    people = db.session.execute(select(Participant).where(Participant.organization_id == org.id)).scalars()
    return {p.attributes[attribute] for p in people if attribute in p.attributes}


def test_case_and_spacing_variants_in_one_file_are_one_group(acme: Organization) -> None:
    plan = plan_roster(acme, lines(
        "email,team,function,region,tenure_band",
        "a@x.example,emea,sales,North,1-3 years",
        "b@x.example,emea,sales,north,1-3  Years",
        "c@x.example,emea,sales,\"  NORTH \",1-3 years",
        "d@x.example,emea,sales,South,",
    ))
    apply_roster(acme, plan, actor="test")
    assert groups_of(acme) == {"North", "South"}  # the first spelling of the file
    assert groups_of(acme, "tenure_band") == {"1-3 years"}  # inner spaces collapsed too


def test_the_limit_of_values_counts_case_variants_once(acme: Organization) -> None:
    bands = [f"band {i}" for i in range(MAX_ATTRIBUTE_VALUES)]
    rows = [f"p{i}@x.example,emea,sales,{band}" for i, band in enumerate(bands)]
    rows += [f"q{i}@x.example,emea,sales,{band.upper()} " for i, band in enumerate(bands)]
    plan = plan_roster(acme, lines("email,team,function,region", *rows))  # twelve bands, not twenty-four
    assert {row.attributes["region"] for row in plan.rows} == set(bands)
    problems = problems_of(acme, lines("email,team,function,region", *rows, "z@x.example,emea,sales,Band 12"))
    assert problems == [f"line {2 * MAX_ATTRIBUTE_VALUES + 2}, column region: more than {MAX_ATTRIBUTE_VALUES} "
                        "different values; attributes are coarse bands that many people share"]


def test_a_re_import_that_changes_only_case_changes_nobody(northwind: Organization) -> None:
    rows = roster_of(northwind)
    regions = groups_of(northwind)
    stored = {row["email"]: row.get("region") for row in rows}
    for row in rows:
        if "region" in row:
            row["region"] = f" {row['region'].upper()}"
    plan = plan_roster(northwind, as_csv(rows))
    assert plan.moved == () and plan.unchanged == len(rows)
    apply_roster(northwind, plan, actor="test")
    db.session.expire_all()
    assert groups_of(northwind) == regions
    assert {row["email"]: row.get("region") for row in roster_of(northwind)} == stored


def test_a_new_person_joins_the_group_the_organization_already_has(northwind: Organization) -> None:
    team = next(t for t in northwind.teams if t.function == "sales")
    held = sorted(groups_of(northwind))[0]
    plan = plan_roster(northwind, lines("email,team,function,region",
                                        f"new.person@x.example,{team.slug},sales,{held.swapcase()}"))
    apply_roster(northwind, plan, actor="test")
    new = db.session.execute(select(Participant).filter_by(email="new.person@x.example")).scalar_one()
    assert new.attributes == {"region": held}
    assert held.swapcase() not in groups_of(northwind)


def test_of_several_spellings_already_held_the_most_held_one_is_kept(acme: Organization) -> None:
    """Rosters imported before spellings were merged may hold a band twice; the next import settles on one."""
    people = [f"{name}@x.example,emea,sales,north" for name in ("a", "b", "c")]
    apply_roster(acme, plan_roster(acme, lines("email,team,function,region", *people)), actor="test")
    a = db.session.execute(select(Participant).filter_by(email="a@x.example")).scalar_one()
    a.attributes = {"region": "NORTH"}  # as an import before spellings were merged could leave it
    db.session.flush()
    plan = plan_roster(acme, lines("email,team,function,region", "a@x.example,emea,sales,North",
                                   "d@x.example,emea,sales,North"))
    assert [m.email for m in plan.moved] == ["a@x.example"]  # onto the spelling two of three hold
    apply_roster(acme, plan, actor="test")
    assert groups_of(acme) == {"north"}
