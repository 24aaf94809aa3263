"""The roster page of the consultant's console: teams and headcounts, an import with a preview, erasure."""
from __future__ import annotations

import html
import io
import re

from flask.testing import FlaskClient
from sqlalchemy import func, select

from assessment.extensions import db
from assessment.manage import roster as roster_views
from assessment.manage.roster import ROSTER_MAX_BYTES
from assessment.models import AuditEntry, Cycle, CycleStatus, Invitation, Organization, Participant, Response, Team
from tests.conftest import csrf_token

NEW_PEOPLE = (
    "email,team,function,team_name,parent,region\n"
    "ana.new@northwind.example,field-sales,sales,Field Sales,field-force,north\n"
    "ben.new@northwind.example,field-sales,sales,,,south\n"
)


def count(model: type, *where: object) -> int:
    return db.session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()  # type: ignore[arg-type]


def northwind() -> Organization:
    return db.session.execute(select(Organization).filter_by(slug="northwind")).scalar_one()


def upload(client: FlaskClient, text: str | bytes, *, remove_missing: bool = False, org: str = "northwind"):  # type: ignore[no-untyped-def]
    token = csrf_token(client.get(f"/manage/{org}/roster").get_data(as_text=True))
    data: dict[str, object] = {"csrf_token": token,
                               "roster": (io.BytesIO(text.encode() if isinstance(text, str) else text), "roster.csv")}
    if remove_missing:
        data["remove_missing"] = "y"
    return client.post(f"/manage/{org}/roster", data=data, content_type="multipart/form-data")


def confirm(client: FlaskClient, preview_html: str, org: str = "northwind"):  # type: ignore[no-untyped-def]
    """Press the preview's import button: post back exactly what its form holds."""
    form = preview_html[preview_html.index(f'action="/manage/{org}/roster/confirm"'):]
    roster = re.search(r"<textarea[^>]*>(.*?)</textarea>", form, re.S)
    preview = re.search(r'name="preview" type="hidden" value="([^"]+)"', form)
    assert roster and preview
    data = {"csrf_token": csrf_token(form), "roster": html.unescape(roster.group(1)).lstrip("\r\n"),
            "preview": preview.group(1)}
    if 'name="remove_missing"' in form:
        data["remove_missing"] = "y"
    return client.post(f"/manage/{org}/roster/confirm", data=data, content_type="multipart/form-data")


def test_the_roster_page_shows_teams_with_function_and_headcount(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    reply = client.get("/manage/northwind/roster")
    assert reply.status_code == 200
    page = reply.get_data(as_text=True)
    org = northwind()
    people = count(Participant, Participant.organization_id == org.id)
    assert f"{people} people in {len(org.teams)} teams" in page
    team = org.teams[0]
    size = count(Participant, Participant.team_id == team.id)
    assert re.search(rf"{re.escape(html.escape(team.name))} <span class=\"tag\">{team.slug}</span>", page)
    assert f'<td class="num">{size}</td>' in page
    someone = db.session.execute(select(Participant).where(Participant.team_id == team.id).limit(1)).scalar_one()
    assert someone.email in page
    assert "/manage/northwind/roster/template.csv" in page
    assert "/manage/northwind/roster" in client.get("/manage/northwind").get_data(as_text=True)


def test_the_roster_page_names_the_next_step(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")

    def next_step() -> str:
        page = client.get("/manage/northwind/roster").get_data(as_text=True)
        return " ".join(re.sub(r"<[^>]+>", "", page[page.index("<p>Next:"):]).split()[:24])

    # Northwind's 2026-Q4 is open and has invited everyone: nothing to send until somebody joins
    assert next_step().startswith("Next: everyone on the roster has an invitation to 2026-Q4; whoever an import "
                                  "adds needs one.")
    confirm(client, upload(client, NEW_PEOPLE).get_data(as_text=True))
    assert next_step().startswith("Next: send the 2026-Q4 invitations to the 2 people on the roster not invited yet.")
    cycle = db.session.execute(select(Cycle).join(Organization).where(
        Organization.slug == "northwind", Cycle.period == "2026-Q4")).scalar_one()
    cycle.status = CycleStatus.closed
    db.session.commit()
    assert 'href="/manage/northwind/cycles/new">open a cycle</a>' in client.get(
        "/manage/northwind/roster").get_data(as_text=True)


def test_a_good_file_is_previewed_then_imported_on_confirmation(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    before = count(Participant)
    preview = upload(client, NEW_PEOPLE)
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    assert "Check before importing" in page and "ana.new@northwind.example" in page
    assert re.search(r'<div class="value">2</div><div class="label">added</div>', page)
    assert count(Participant) == before  # the preview wrote nothing
    done = confirm(client, page)
    assert done.status_code == 302 and done.headers["Location"].endswith("/manage/northwind/roster")
    roster_page = client.get("/manage/northwind/roster").get_data(as_text=True)
    assert "Roster imported: 2 added, 0 moved or changed, 0 unchanged" in roster_page
    assert "2 teams created" in roster_page
    row = re.search(r"<tr>\s*<td>Field Sales .*?</tr>", roster_page, re.S)
    assert row and "<td>sales</td>" in row.group(0) and "<td>Field Force</td>" in row.group(0)
    assert '<td class="num">2</td>' in row.group(0)
    assert count(Participant) == before + 2
    team = db.session.execute(select(Team).filter_by(organization_id=northwind().id, slug="field-sales")).scalar_one()
    assert team.function == "sales"
    entry = db.session.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).scalar_one()
    assert entry.action == "roster.import" and entry.actor == "consultant@demo.example"


def test_a_bad_file_lists_every_problem_with_422_and_imports_nothing(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    before = (count(Participant), count(Team))
    reply = upload(client, NEW_PEOPLE + "not-an-email,field-sales,sales,,,\nzed@x.example,field-sales,marketing,,,\n")
    assert reply.status_code == 422
    page = reply.get_data(as_text=True)
    assert "Nothing was imported: the file has 2 problems" in page
    assert "line 4, column email: &#39;not-an-email&#39; is not an email address" in page
    assert "line 5, column function: team field-sales is sales on line 2" in page
    assert (count(Participant), count(Team)) == before


def test_a_control_character_in_a_cell_is_named_by_line_and_column_and_nothing_is_imported(  # type: ignore[no-untyped-def]
    client: FlaskClient, login,
) -> None:
    login(client, "consultant")
    before = (count(Participant), count(Team), count(AuditEntry))
    reply = upload(client, NEW_PEOPLE.replace("Field Sales", "Field\x1b[8m Sales"))
    assert reply.status_code == 422
    page = reply.get_data(as_text=True)
    assert "Nothing was imported: the file has 1 problem" in page
    assert ("line 2, column team_name: holds a control character (U+001B, an escape), which no name can show; "
            "retype it") in page
    assert (count(Participant), count(Team), count(AuditEntry)) == before


def test_an_upload_without_a_file_or_too_large_is_refused(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    token = csrf_token(client.get("/manage/northwind/roster").get_data(as_text=True))
    empty = client.post("/manage/northwind/roster", data={"csrf_token": token}, content_type="multipart/form-data")
    assert empty.status_code == 422 and "Choose the roster" in empty.get_data(as_text=True)
    large = raw_upload(client, token, b"email,team,function\n" + b"x" * ROSTER_MAX_BYTES)
    assert large.status_code == 422 and "larger than 2 MB" in large.get_data(as_text=True)
    huge = raw_upload(client, token, b"x" * (ROSTER_MAX_BYTES * 2))
    assert huge.status_code == 413  # refused before the body is read, but on the roster page, naming the limit
    page = huge.get_data(as_text=True)
    assert "Nothing was imported: the file has 1 problem" in page and "The file is larger than 2 MB." in page
    assert "Split it into files of under 2 MB and import them one after the other" in page  # and what to do
    assert "Import a roster" in page and 'name="roster"' in page
    assert 'name="csrf_token"' in page  # the form works for the next try
    # Another client's upload page is not shown for it: the plain refusal, which names nothing.
    elsewhere = raw_upload(client, token, b"x" * (ROSTER_MAX_BYTES * 2), org="fabrikam")
    assert elsewhere.status_code == 413 and "Import a roster" not in elsewhere.get_data(as_text=True)


def raw_upload(client: FlaskClient, token: str, payload: bytes, org: str = "northwind"):  # type: ignore[no-untyped-def]
    """A multipart body built here: the test client spools large ones to a temporary file it never closes."""
    body = (b'--edge\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n' + token.encode()
            + b'\r\n--edge\r\nContent-Disposition: form-data; name="roster"; filename="roster.csv"\r\n\r\n'
            + payload + b"\r\n--edge--\r\n")
    return client.post(f"/manage/{org}/roster", data=body, content_type="multipart/form-data; boundary=edge")


def test_remove_missing_is_shown_in_the_preview_and_keeps_responses(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    org = northwind()
    people = db.session.execute(
        select(Participant).where(Participant.organization_id == org.id).order_by(Participant.id)
    ).scalars().all()
    gone = people[0]
    text = "email,team,function\n" + "".join(f"{p.email},{p.team.slug},{p.function}\n" for p in people[1:])
    responses = count(Response)
    page = upload(client, text, remove_missing=True).get_data(as_text=True)
    assert "Erased: roster entry, email and personal links" in page and gone.email in page
    assert "Import and erase 1" in page
    done = confirm(client, page)
    assert done.status_code == 302
    assert count(Participant, Participant.organization_id == org.id) == len(people) - 1
    assert count(Participant, Participant.email == gone.email) == 0
    assert count(Response) == responses


def test_a_preview_that_no_longer_matches_the_roster_is_shown_again(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    page = upload(client, NEW_PEOPLE).get_data(as_text=True)
    assert confirm(client, page).status_code == 302  # imported once: the same preview is stale now
    again = confirm(client, page)
    assert again.status_code == 200
    stale = again.get_data(as_text=True)
    assert "The roster changed since your preview" in stale
    assert re.search(r'<div class="value">2</div><div class="label">unchanged</div>', stale)



def test_a_second_click_on_import_while_the_first_still_writes_shows_the_roster_as_imported(  # type: ignore[no-untyped-def]
        client: FlaskClient, login, monkeypatch) -> None:
    login(client, "consultant")
    page = upload(client, NEW_PEOPLE).get_data(as_text=True)
    first_click = roster_views.apply_roster

    def racing(org: Organization, plan, *, actor: str):  # type: ignore[no-untyped-def]
        # The first click's request writes the same plan and commits while this one is about to write ...
        first_click(org, plan, actor=actor)
        db.session.commit()
        # ... so this one's rows are there already: refused by the database, as PostgreSQL does after waiting.
        team = org.team("field-sales")
        assert team is not None
        db.session.add(Participant(organization_id=org.id, team_id=team.id, email=plan.added[0], function="sales"))
        db.session.flush()

    monkeypatch.setattr(roster_views, "apply_roster", racing)
    second = confirm(client, page)
    assert second.status_code == 200  # not a server error over an import that went through
    shown = second.get_data(as_text=True)
    assert "The roster changed since your preview" in shown and "nothing was imported this time" in shown
    assert re.search(r'<div class="value">0</div><div class="label">added</div>', shown)
    assert re.search(r'<div class="value">2</div><div class="label">unchanged</div>', shown)
    assert count(Participant, Participant.email.in_(["ana.new@northwind.example", "ben.new@northwind.example"])) == 2


def test_the_preview_of_a_case_only_change_shows_nobody_changed(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    assert confirm(client, upload(client, NEW_PEOPLE).get_data(as_text=True)).status_code == 302
    page = upload(client, NEW_PEOPLE.replace(",north", ",North").replace(",south", ",SOUTH")).get_data(as_text=True)
    assert re.search(r'<div class="value">0</div><div class="label">moved or changed</div>', page)
    assert re.search(r'<div class="value">2</div><div class="label">unchanged</div>', page)

def test_a_file_that_changes_nothing_says_so_and_offers_no_import(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    assert confirm(client, upload(client, NEW_PEOPLE).get_data(as_text=True)).status_code == 302
    page = upload(client, NEW_PEOPLE).get_data(as_text=True)
    assert "Nothing would change: the roster already holds everyone in this file" in page
    assert "/manage/northwind/roster/confirm" not in page and ">Back to the roster</a>" in page


def test_the_template_downloads_as_csv(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    reply = client.get("/manage/northwind/roster/template.csv")
    assert reply.status_code == 200 and reply.mimetype == "text/csv"
    assert "attachment" in reply.headers["Content-Disposition"]
    assert reply.get_data(as_text=True).startswith("email,team,function,team_name,parent,role_level,tenure_band,region\n")


def test_erasing_a_participant_asks_first_then_keeps_responses(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    person = db.session.execute(
        select(Participant).join(Invitation).where(Participant.organization_id == northwind().id,
                                                   Invitation.completed.is_(True)).limit(1)
    ).scalar_one()
    person_id, email, responses = person.id, person.email, count(Response)
    path = f"/manage/northwind/roster/participants/{person_id}/erase"
    question = client.get(path)
    assert question.status_code == 200
    page = question.get_data(as_text=True)
    assert f"Erase {email}?" in page and "Answers they already gave stay" in page
    assert db.session.get(Participant, person_id) is not None  # asking erased nothing
    done = client.post(path, data={"csrf_token": csrf_token(page)})
    assert done.status_code == 302
    assert f"Erased {email}" in client.get("/manage/northwind/roster").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Participant, person_id) is None
    assert count(Invitation, Invitation.participant_id == person_id) == 0
    assert count(Response) == responses
    entry = db.session.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).scalar_one()
    assert entry.action == "participant.erase" and entry.actor == "consultant@demo.example"
    assert "@" not in entry.target


def test_another_clients_roster_and_people_are_not_found(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    assert client.get("/manage/fabrikam/roster").status_code == 404
    assert client.get("/manage/fabrikam/roster/template.csv").status_code == 404
    fabrikam_person = db.session.execute(
        select(Participant).join(Organization, Organization.id == Participant.organization_id)
        .where(Organization.slug == "fabrikam").limit(1)
    ).scalar_one()
    # Someone of another organization, reached through the consultant's own: still not found.
    assert client.get(f"/manage/northwind/roster/participants/{fabrikam_person.id}/erase").status_code == 404
    token = csrf_token(client.get("/manage/northwind/roster").get_data(as_text=True))
    reply = client.post(f"/manage/fabrikam/roster/participants/{fabrikam_person.id}/erase",
                        data={"csrf_token": token})
    assert reply.status_code == 404
    assert db.session.get(Participant, fabrikam_person.id) is not None


def test_executives_may_not_open_the_roster(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    assert client.get("/manage/northwind/roster").status_code == 403
    assert upload_as_outsider(client).status_code == 403


def upload_as_outsider(client: FlaskClient):  # type: ignore[no-untyped-def]
    token = csrf_token(client.get("/auth/login").get_data(as_text=True))
    return client.post("/manage/northwind/roster", content_type="multipart/form-data",
                       data={"csrf_token": token, "roster": (io.BytesIO(NEW_PEOPLE.encode()), "roster.csv")})


def test_a_file_just_under_the_limit_imports_though_the_browser_sends_its_lines_back_longer(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    """A text area comes back with CR LF line ends: a file of 2 MB less a little came back over 2 MB, and its
    Import always answered "the confirmation lost the file"."""
    login(client, "consultant")
    token = csrf_token(client.get("/manage/northwind/roster").get_data(as_text=True))
    rows = 2_000   # a spreadsheet's empty rows, wide enough to bring the file 500 bytes under the limit
    padding = ("," * ((ROSTER_MAX_BYTES - len(NEW_PEOPLE) - 500) // rows - 1) + "\n") * rows
    preview = raw_upload(client, token, (NEW_PEOPLE + padding).encode()).get_data(as_text=True)
    assert '<div class="value">2</div><div class="label">added</div>' in preview
    fingerprint = re.search(r'name="preview" type="hidden" value="([^"]+)"', preview)
    assert fingerprint
    as_a_browser_sends = (NEW_PEOPLE + padding).replace("\n", "\r\n").encode()

    imported = client.post("/manage/northwind/roster/confirm", data=multipart(
        csrf_token=token.encode(), preview=fingerprint.group(1).encode(), roster=as_a_browser_sends),
        content_type="multipart/form-data; boundary=edge")

    assert imported.status_code == 302, imported.get_data(as_text=True)[:300]
    assert count(Participant, Participant.email == "ana.new@northwind.example") == 1


def multipart(**fields: bytes) -> bytes:
    """Form fields as a browser sends them, built here (see ``raw_upload``)."""
    parts = [b'--edge\r\nContent-Disposition: form-data; name="' + name.encode() + b'"\r\n\r\n' + value + b"\r\n"
             for name, value in fields.items()]
    return b"".join(parts) + b"--edge--\r\n"
