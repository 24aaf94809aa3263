"""Who may open what: every route of the app, for anonymous visitors and each role, in and out of scope.

The routes come from the app's URL map, and a route without a row in ``CASES``
fails ``test_every_route_is_in_the_matrix``: a new page cannot ship without
someone deciding who sees it. Outside a user's scope the answer is 404, as for
something that does not exist; a role without access to a whole area gets 403;
an anonymous visitor is sent to the sign-in page.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment.auth.sessions import SIGN_IN, start_sign_in
from assessment.auth.tokens import password_token
from assessment.demo.accounts import DEMO_ACCOUNTS
from assessment.extensions import db
from assessment.models import Action, Cycle, Organization, Role, Team, User
from assessment.operations.accounts import find_user
from tests.conftest import csrf_token

ROLES = ("anonymous", "admin", "consultant", "executive", "team_lead")
PERIOD = "2026-Q3"  # closed in the demo as of DEMO_AS_OF

OK, LOGIN, FORBIDDEN, MISSING, GONE = "ok", "login", 403, 404, 410


def everyone(outcome: str | int) -> dict[str, str | int]:
    return dict.fromkeys(ROLES, outcome)


def staff(admin: str | int, consultant: str | int, executive: str | int, team_lead: str | int) -> dict[str, str | int]:
    return {"anonymous": LOGIN, "admin": admin, "consultant": consultant, "executive": executive,
            "team_lead": team_lead}


ADMIN_ONLY = staff(OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)
MANAGERS = staff(OK, OK, FORBIDDEN, FORBIDDEN)
UNAUTHORIZED = 401  # the JSON API answers 401 instead of sending anyone to the sign-in page


def api(admin: str | int, consultant: str | int, executive: str | int, team_lead: str | int) -> dict[str, str | int]:
    return {**staff(admin, consultant, executive, team_lead), "anonymous": UNAUTHORIZED}


API_ALL = api(OK, OK, OK, OK)
API_OTHER_CLIENT = api(OK, OK, MISSING, MISSING)
API_NOBODYS_CLIENT = api(OK, MISSING, MISSING, MISSING)


@dataclass(frozen=True)
class Case:
    endpoint: str
    label: str
    method: str
    path: str  # formatted with the demo's names, see ``names``
    expect: dict[str, str | int]
    data: tuple[tuple[str, str], ...] = ()


CASES = [
    Case("static", "stylesheet", "GET", "/static/app.css", everyone(OK)),
    Case("favicon", "icon", "GET", "/favicon.ico", everyone(OK)),
    Case("home.index", "home", "GET", "/", everyone(OK)),
    Case("home.answer_demo_survey", "demo link", "POST", "/demo/answer", everyone(OK)),
    Case("respond.thanks", "thanks", "GET", "/s/thanks", everyone(OK)),
    Case("respond.survey", "own link", "GET", "/s/{survey_token}", everyone(OK)),
    Case("respond.survey", "guessed link", "GET", "/s/not-a-real-token", everyone(MISSING)),
    Case("auth.login", "form", "GET", "/auth/login", everyone(OK)),
    Case("auth.logout", "sign out", "POST", "/auth/logout", everyone(OK)),
    Case("auth.forgot_password", "form", "GET", "/auth/forgot", everyone(OK)),
    Case("auth.set_new_password", "valid link", "GET", "/auth/password/reset/{reset_token}", everyone(OK)),
    Case("auth.set_new_password", "forged link", "GET", "/auth/password/reset/forged", everyone(GONE)),
    Case("auth.set_new_password", "unknown purpose", "GET", "/auth/password/admin/{reset_token}",
         everyone(MISSING)),
    # Everyone's own account: nothing on it reaches another account, so every role gets the same answers.
    Case("account.page", "own account", "GET", "/account", staff(OK, OK, OK, OK)),
    Case("account.change_password", "form", "GET", "/account/password", staff(OK, OK, OK, OK)),
    Case("account.change_password", "wrong current password", "POST", "/account/password",
         staff(422, 422, 422, 422), (("current", "not the password"), ("password", "a new passphrase"),
                                     ("confirm", "a new passphrase"))),
    Case("account.create_token", "create", "POST", "/account/tokens", staff(OK, OK, OK, OK), (("days", "7"),)),
    Case("account.revoke_tokens", "revoke", "POST", "/account/tokens/revoke", staff(OK, OK, OK, OK)),
    Case("results.organization", "own organization", "GET", "/results/northwind/{period}", staff(OK, OK, OK, OK)),
    Case("results.organization", "consultant's other client", "GET", "/results/contoso/{period}",
         staff(OK, OK, MISSING, MISSING)),
    Case("results.organization", "nobody's client", "GET", "/results/fabrikam/{period}",
         staff(OK, MISSING, MISSING, MISSING)),
    Case("results.organization", "no such organization", "GET", "/results/nowhere/{period}",
         staff(MISSING, MISSING, MISSING, MISSING)),
    Case("results.team", "lead's own team", "GET", "/results/northwind/{period}/teams/{lead_team}",
         staff(OK, OK, OK, OK)),
    Case("results.team", "another team of the organization", "GET",
         "/results/northwind/{period}/teams/{other_team}", staff(OK, OK, OK, MISSING)),
    Case("results.team", "team of the consultant's other client", "GET",
         "/results/contoso/{period}/teams/{contoso_team}", staff(OK, OK, MISSING, MISSING)),
    Case("results.team", "team of nobody's client", "GET", "/results/fabrikam/{period}/teams/{fabrikam_team}",
         staff(OK, MISSING, MISSING, MISSING)),
    Case("results.team_plan", "lead's own team", "GET",
         "/results/northwind/{period}/teams/{lead_team}/action-plan.pdf", staff(OK, OK, OK, OK)),
    Case("results.team_plan", "another team of the organization", "GET",
         "/results/northwind/{period}/teams/{other_team}/action-plan.pdf", staff(OK, OK, OK, MISSING)),
    Case("results.team_plan", "team of nobody's client", "GET",
         "/results/fabrikam/{period}/teams/{fabrikam_team}/action-plan.pdf",
         staff(OK, MISSING, MISSING, MISSING)),
    # Whole-organization documents name every team: not for team leads. One view serves both,
    # so the other client's case is checked on the quicker executive summary only.
    Case("results.diagnostic", "own organization", "GET", "/results/northwind/{period}/diagnostic.pdf",
         staff(OK, OK, OK, FORBIDDEN)),
    Case("results.executive_summary", "own organization", "GET",
         "/results/northwind/{period}/executive-summary.pdf", staff(OK, OK, OK, FORBIDDEN)),
    Case("results.executive_summary", "nobody's client", "GET",
         "/results/fabrikam/{period}/executive-summary.pdf", staff(OK, MISSING, MISSING, FORBIDDEN)),
    Case("results.team_plans", "own organization", "GET", "/results/northwind/{period}/action-plans.zip",
         staff(OK, OK, OK, FORBIDDEN)),
    Case("results.scores_table", "own organization", "GET", "/results/northwind/{period}/scores.csv",
         staff(OK, OK, OK, OK)),
    Case("results.scores_table", "nobody's client", "GET", "/results/fabrikam/{period}/scores.csv",
         staff(OK, MISSING, MISSING, MISSING)),
    Case("admin.users", "list", "GET", "/admin/users", ADMIN_ONLY),
    Case("admin.invite", "form", "GET", "/admin/users/new", ADMIN_ONLY),
    Case("admin.invite", "invite", "POST", "/admin/users/new", ADMIN_ONLY,
         (("email", "new.exec@client.example"), ("role", "executive"), ("organization", "{northwind_id}"),
          ("team", "0"))),
    Case("admin.edit", "form", "GET", "/admin/users/{lead_id}", ADMIN_ONLY),
    Case("admin.edit", "change", "POST", "/admin/users/{lead_id}", ADMIN_ONLY,
         (("role", "executive"), ("organization", "{northwind_id}"), ("team", "0"), ("active", "y"))),
    Case("admin.edit", "no such user", "GET", "/admin/users/999999", staff(MISSING, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    Case("admin.resend_invitation", "send", "POST", "/admin/users/{lead_id}/invitation", ADMIN_ONLY),
    Case("admin.revoke_tokens", "revoke", "POST", "/admin/users/{lead_id}/tokens/revoke", ADMIN_ONLY),
    # Filters cross teams: not for team leads, who see only their own team.
    Case("results.explore", "own organization", "GET", "/results/northwind/{period}/explore?function=sales",
         staff(OK, OK, OK, FORBIDDEN)),
    Case("results.explore", "nobody's client", "GET", "/results/fabrikam/{period}/explore",
         staff(OK, MISSING, MISSING, FORBIDDEN)),
    # The consultant's console: admins and the organization's consultants; nobody else, not even its executive.
    Case("manage.organizations", "list", "GET", "/manage/", staff(OK, OK, FORBIDDEN, FORBIDDEN)),
    Case("manage.new_client", "form", "GET", "/manage/new", MANAGERS),
    Case("manage.new_client", "incomplete form", "POST", "/manage/new", staff(422, 422, FORBIDDEN, FORBIDDEN),
         (("slug", "not a slug"),)),
    Case("manage.organization", "own client", "GET", "/manage/northwind", MANAGERS),
    Case("manage.organization", "nobody's client", "GET", "/manage/fabrikam",
         staff(OK, MISSING, FORBIDDEN, FORBIDDEN)),
    # Running a cycle (console, cycles): open, follow, invite, remind, close. 2026-Q4 is the demo's open cycle;
    # the POSTs aim at the closed {period}, where they change nothing and only say why.
    Case("manage.new_cycle", "form", "GET", "/manage/northwind/cycles/new", MANAGERS),
    Case("manage.new_cycle", "nobody's client", "GET", "/manage/fabrikam/cycles/new",
         staff(OK, MISSING, FORBIDDEN, FORBIDDEN)),
    Case("manage.new_cycle", "incomplete form", "POST", "/manage/northwind/cycles/new",
         staff(422, 422, FORBIDDEN, FORBIDDEN), (("period", "{period}"),)),
    Case("manage.cycle", "closed cycle", "GET", "/manage/northwind/{period}", MANAGERS),
    Case("manage.cycle", "open cycle", "GET", "/manage/northwind/2026-Q4", MANAGERS),
    Case("manage.cycle", "nobody's client", "GET", "/manage/fabrikam/{period}", staff(OK, MISSING, FORBIDDEN, FORBIDDEN)),
    Case("manage.cycle", "no such cycle", "GET", "/manage/northwind/1999-Q1",
         staff(MISSING, MISSING, FORBIDDEN, FORBIDDEN)),
    Case("manage.closing_date", "closed cycle", "POST", "/manage/northwind/{period}/closing-date", MANAGERS,
         (("closes_on", "2030-01-01"),)),
    Case("manage.closing_date", "nobody's client", "POST", "/manage/fabrikam/{period}/closing-date",
         staff(OK, MISSING, FORBIDDEN, FORBIDDEN), (("closes_on", "2030-01-01"),)),
    Case("manage.opening_date", "closed cycle", "POST", "/manage/northwind/{period}/opening-date", MANAGERS,
         (("now", "1"),)),
    Case("manage.opening_date", "nobody's client", "POST", "/manage/fabrikam/{period}/opening-date",
         staff(OK, MISSING, FORBIDDEN, FORBIDDEN), (("opens_on", "2030-01-01"),)),
    Case("manage.close", "confirmation", "GET", "/manage/northwind/2026-Q4/close", MANAGERS),
    Case("manage.close", "nobody's client", "POST", "/manage/fabrikam/{period}/close",
         staff(OK, MISSING, FORBIDDEN, FORBIDDEN)),
    Case("manage.close", "closed already", "POST", "/manage/northwind/{period}/close", MANAGERS),
    # Withdrawing deletes only a cycle nobody was invited to by mail or answered: the demo's cycles all hold answers,
    # so each case is told why and changes nothing.
    Case("manage.withdraw", "open cycle", "GET", "/manage/northwind/2026-Q4/withdraw", MANAGERS),
    Case("manage.withdraw", "closed cycle", "POST", "/manage/northwind/{period}/withdraw", MANAGERS),
    Case("manage.withdraw", "nobody's client", "POST", "/manage/fabrikam/{period}/withdraw",
         staff(OK, MISSING, FORBIDDEN, FORBIDDEN)),
    Case("manage.withdraw", "no such cycle", "GET", "/manage/northwind/1999-Q1/withdraw",
         staff(MISSING, MISSING, FORBIDDEN, FORBIDDEN)),
    Case("manage.publish", "published already", "POST", "/manage/northwind/{period}/publish", MANAGERS),
    Case("manage.publish", "nobody's client", "POST", "/manage/fabrikam/{period}/publish",
         staff(OK, MISSING, FORBIDDEN, FORBIDDEN)),
    Case("manage.notify", "confirmation", "GET", "/manage/northwind/{period}/notice", MANAGERS),
    Case("manage.notify", "open cycle", "POST", "/manage/northwind/2026-Q4/notice", MANAGERS),
    Case("manage.notify", "nobody's client", "GET", "/manage/fabrikam/{period}/notice",
         staff(OK, MISSING, FORBIDDEN, FORBIDDEN)),
    Case("manage.unpublish", "open cycle", "POST", "/manage/northwind/2026-Q4/unpublish", MANAGERS),
    Case("manage.unpublish", "nobody's client", "POST", "/manage/fabrikam/{period}/unpublish",
         staff(OK, MISSING, FORBIDDEN, FORBIDDEN)),
    Case("manage.mail_preview", "invitation", "GET", "/manage/northwind/2026-Q4/mail/invitation", MANAGERS),
    Case("manage.mail_preview", "reminder", "GET", "/manage/northwind/2026-Q4/mail/reminder", MANAGERS),
    Case("manage.mail_preview", "no such mailing", "GET", "/manage/northwind/2026-Q4/mail/announcement",
         staff(MISSING, MISSING, FORBIDDEN, FORBIDDEN)),
    Case("manage.mail_preview", "closed cycle", "GET", "/manage/northwind/{period}/mail/reminder",
         staff(MISSING, MISSING, FORBIDDEN, FORBIDDEN)),
    Case("manage.mail_preview", "nobody's client", "GET", "/manage/fabrikam/2026-Q4/mail/invitation",
         staff(OK, MISSING, FORBIDDEN, FORBIDDEN)),
    Case("manage.send_invitations", "nobody's client", "POST", "/manage/fabrikam/{period}/invitations",
         staff(OK, MISSING, FORBIDDEN, FORBIDDEN)),
    Case("manage.send_invitations", "closed cycle", "POST", "/manage/northwind/{period}/invitations", MANAGERS),
    Case("manage.send_reminders", "nobody's client", "POST", "/manage/fabrikam/{period}/reminders",
         staff(OK, MISSING, FORBIDDEN, FORBIDDEN), (("min_days", "3"),)),
    Case("manage.send_reminders", "closed cycle", "POST", "/manage/northwind/{period}/reminders", MANAGERS,
         (("min_days", "3"),)),
    Case("manage.planned_mail", "closed cycle", "POST", "/manage/northwind/{period}/planned-mail", MANAGERS,
         (("remind_on", "2030-01-01"),)),
    Case("manage.planned_mail", "nobody's client", "POST", "/manage/fabrikam/{period}/planned-mail",
         staff(OK, MISSING, FORBIDDEN, FORBIDDEN), (("invite_on_opening", "y"),)),
    # Client access: a client's managers invite its executives and team leads.
    Case("manage.access", "own client", "GET", "/manage/northwind/access", MANAGERS),
    Case("manage.access", "nobody's client", "GET", "/manage/fabrikam/access", staff(OK, MISSING, FORBIDDEN, FORBIDDEN)),
    Case("manage.access", "incomplete form", "POST", "/manage/northwind/access", staff(422, 422, FORBIDDEN, FORBIDDEN),
         (("role", "executive"),)),
    Case("manage.access_link", "no such person", "POST", "/manage/northwind/access/999999/link",
         staff(MISSING, MISSING, FORBIDDEN, FORBIDDEN)),
    Case("manage.access_link", "nobody's client", "POST", "/manage/fabrikam/access/999999/link",
         staff(MISSING, MISSING, FORBIDDEN, FORBIDDEN)),
    Case("manage.remove_access", "no such person", "GET", "/manage/northwind/access/999999/remove",
         staff(MISSING, MISSING, FORBIDDEN, FORBIDDEN)),
    Case("manage.remove_access", "nobody's client", "POST", "/manage/fabrikam/access/999999/remove",
         staff(MISSING, MISSING, FORBIDDEN, FORBIDDEN)),
    # Report branding: the organization's managers only, like the rest of the console.
    Case("manage.branding", "form", "GET", "/manage/northwind/branding", MANAGERS),
    Case("manage.branding", "nobody's client", "GET", "/manage/fabrikam/branding",
         staff(OK, MISSING, FORBIDDEN, FORBIDDEN)),
    Case("manage.branding", "save", "POST", "/manage/northwind/branding", MANAGERS,
         (("name", "Northwind Traders"), ("accent", "#1f5f8b"), ("prepared_by", "Brightline Advisory"))),
    Case("manage.branding", "save for nobody's client", "POST", "/manage/fabrikam/branding",
         staff(OK, MISSING, FORBIDDEN, FORBIDDEN), (("name", "Fabrikam Robotics"),)),
    # The read-only JSON API: the pages' scopes, 401 instead of the sign-in page; a team lead reads
    # the organization-level figures and their own team, never another team (404, as if it did not exist).
    Case("api.openapi", "document", "GET", "/api/v1/openapi.json", everyone(OK)),
    Case("api.organizations", "in scope", "GET", "/api/v1/organizations", API_ALL),
    Case("api.cycles", "own organization", "GET", "/api/v1/organizations/northwind/cycles", API_ALL),
    Case("api.cycles", "consultant's other client", "GET", "/api/v1/organizations/contoso/cycles", API_OTHER_CLIENT),
    Case("api.cycles", "nobody's client", "GET", "/api/v1/organizations/fabrikam/cycles", API_NOBODYS_CLIENT),
    Case("api.scores", "own organization", "GET", "/api/v1/organizations/northwind/cycles/{period}/scores", API_ALL),
    Case("api.scores", "consultant's other client", "GET", "/api/v1/organizations/contoso/cycles/{period}/scores",
         API_OTHER_CLIENT),
    Case("api.scores", "nobody's client", "GET", "/api/v1/organizations/fabrikam/cycles/{period}/scores",
         API_NOBODYS_CLIENT),
    Case("api.scores", "open cycle", "GET", "/api/v1/organizations/northwind/cycles/2026-Q4/scores",
         api(MISSING, MISSING, MISSING, MISSING)),
    Case("api.team", "lead's own team", "GET", "/api/v1/organizations/northwind/cycles/{period}/teams/{lead_team}",
         API_ALL),
    Case("api.team", "another team of the organization", "GET",
         "/api/v1/organizations/northwind/cycles/{period}/teams/{other_team}", api(OK, OK, OK, MISSING)),
    Case("api.team", "team of the consultant's other client", "GET",
         "/api/v1/organizations/contoso/cycles/{period}/teams/{contoso_team}", API_OTHER_CLIENT),
    Case("api.team", "team of nobody's client", "GET",
         "/api/v1/organizations/fabrikam/cycles/{period}/teams/{fabrikam_team}", API_NOBODYS_CLIENT),
    Case("api.response_rates", "own organization", "GET",
         "/api/v1/organizations/northwind/cycles/{period}/response-rates", API_ALL),
    Case("api.response_rates", "nobody's client", "GET",
         "/api/v1/organizations/fabrikam/cycles/{period}/response-rates", API_NOBODYS_CLIENT),
    Case("api.comments", "own organization", "GET", "/api/v1/organizations/northwind/cycles/{period}/comments",
         API_ALL),
    Case("api.comments", "another team of the organization", "GET",
         "/api/v1/organizations/northwind/cycles/{period}/comments?team={other_team}", api(OK, OK, OK, MISSING)),
    Case("api.comments", "nobody's client", "GET", "/api/v1/organizations/fabrikam/cycles/{period}/comments",
         API_NOBODYS_CLIENT),
    Case("api.organization_trend", "own organization", "GET", "/api/v1/organizations/northwind/trend", API_ALL),
    Case("api.organization_trend", "nobody's client", "GET", "/api/v1/organizations/fabrikam/trend",
         API_NOBODYS_CLIENT),
    Case("api.team_trend", "lead's own team", "GET", "/api/v1/organizations/northwind/teams/{lead_team}/trend",
         API_ALL),
    Case("api.team_trend", "another team of the organization", "GET",
         "/api/v1/organizations/northwind/teams/{other_team}/trend", api(OK, OK, OK, MISSING)),
    Case("api.team_trend", "team of nobody's client", "GET",
         "/api/v1/organizations/fabrikam/teams/{fabrikam_team}/trend", API_NOBODYS_CLIENT),
    # Team actions: written by admins, the organization's consultants and the lead of that very team;
    # executives read them on the results page only (403 here); other teams' leads do not see the team (404).
    Case("actions.new", "lead's own team", "GET", "/results/northwind/{period}/teams/{lead_team}/actions/new",
         staff(OK, OK, FORBIDDEN, OK)),
    Case("actions.new", "add to the lead's own team", "POST",
         "/results/northwind/{period}/teams/{lead_team}/actions/new", staff(OK, OK, FORBIDDEN, OK),
         (("title", "Joint pipeline review"), ("status", "planned"))),
    Case("actions.new", "another team of the organization", "GET",
         "/results/northwind/{period}/teams/{other_team}/actions/new", staff(OK, OK, FORBIDDEN, MISSING)),
    Case("actions.new", "team of nobody's client", "GET",
         "/results/fabrikam/{period}/teams/{fabrikam_team}/actions/new", staff(OK, MISSING, MISSING, MISSING)),
    Case("actions.edit", "lead's own team", "GET",
         "/results/northwind/{period}/teams/{lead_team}/actions/{lead_action}", staff(OK, OK, FORBIDDEN, OK)),
    # A phone's layout of a page's scores chart: whoever reads the page reads its chart, nobody else.
    Case("results.organization_phone_chart", "own organization", "GET", "/results/northwind/{period}/scores-chart-phone.svg",
         staff(OK, OK, OK, OK)),
    Case("results.organization_phone_chart", "nobody's client", "GET", "/results/fabrikam/{period}/scores-chart-phone.svg",
         staff(OK, MISSING, MISSING, MISSING)),
    Case("results.team_phone_chart", "lead's own team", "GET",
         "/results/northwind/{period}/teams/{lead_team}/scores-chart-phone.svg", staff(OK, OK, OK, OK)),
    Case("results.team_phone_chart", "another team of the organization", "GET",
         "/results/northwind/{period}/teams/{other_shown_team}/scores-chart-phone.svg", staff(OK, OK, OK, MISSING)),
    Case("actions.edit", "change on the lead's own team", "POST",
         "/results/northwind/{period}/teams/{lead_team}/actions/{lead_action}", staff(OK, OK, FORBIDDEN, OK),
         (("title", "Joint pipeline review"), ("status", "done"))),
    Case("actions.edit", "another team's action", "GET",
         "/results/northwind/{period}/teams/{other_team}/actions/{other_action}", staff(OK, OK, FORBIDDEN, MISSING)),
    Case("actions.edit", "another team's action under the lead's team", "GET",
         "/results/northwind/{period}/teams/{lead_team}/actions/{other_action}",
         staff(MISSING, MISSING, FORBIDDEN, MISSING)),
    Case("actions.delete", "confirmation", "GET",
         "/results/northwind/{period}/teams/{lead_team}/actions/{lead_action}/delete", staff(OK, OK, FORBIDDEN, OK)),
    Case("actions.delete", "lead's own team", "POST",
         "/results/northwind/{period}/teams/{lead_team}/actions/{lead_action}/delete", staff(OK, OK, FORBIDDEN, OK)),
    Case("actions.delete", "another team's action", "POST",
         "/results/northwind/{period}/teams/{other_team}/actions/{other_action}/delete",
         staff(OK, OK, FORBIDDEN, MISSING)),
    # Rosters: the organization's managers only. A participant is found only through their own
    # organization, even by an admin; the confirmation's stale preview is shown again (200), not imported.
    Case("manage.roster", "own client", "GET", "/manage/northwind/roster", MANAGERS),
    Case("manage.roster", "nobody's client", "GET", "/manage/fabrikam/roster",
         staff(OK, MISSING, FORBIDDEN, FORBIDDEN)),
    Case("manage.roster_template", "own client", "GET", "/manage/northwind/roster/template.csv", MANAGERS),
    Case("manage.roster_template", "nobody's client", "GET", "/manage/fabrikam/roster/template.csv",
         staff(OK, MISSING, FORBIDDEN, FORBIDDEN)),
    Case("manage.roster_download", "own client", "GET", "/manage/northwind/roster/export.csv", MANAGERS),
    Case("manage.roster_download", "nobody's client", "GET", "/manage/fabrikam/roster/export.csv",
         staff(OK, MISSING, FORBIDDEN, FORBIDDEN)),
    Case("manage.confirm_roster", "own client", "POST", "/manage/northwind/roster/confirm", MANAGERS,
         (("roster", "email,team,function\nnew.person@northwind.example,matrix-team,joint\n"), ("preview", "x"))),
    Case("manage.confirm_roster", "nobody's client", "POST", "/manage/fabrikam/roster/confirm",
         staff(OK, MISSING, FORBIDDEN, FORBIDDEN),
         (("roster", "email,team,function\nnew.person@fabrikam.example,matrix-team,joint\n"), ("preview", "x"))),
    Case("manage.erase", "confirmation", "GET",
         "/manage/northwind/roster/participants/{northwind_participant}/erase", MANAGERS),
    Case("manage.erase", "erase", "POST", "/manage/northwind/roster/participants/{northwind_participant}/erase",
         MANAGERS),
    Case("manage.erase", "through nobody's client", "GET",
         "/manage/fabrikam/roster/participants/{northwind_participant}/erase",
         staff(MISSING, MISSING, FORBIDDEN, FORBIDDEN)),
    Case("manage.erase", "through the consultant's other client", "POST",
         "/manage/contoso/roster/participants/{northwind_participant}/erase",
         staff(MISSING, MISSING, FORBIDDEN, FORBIDDEN)),
    # Funnel figures: imported by the organization's managers only, like the roster; the results pages show them.
    Case("manage.funnel", "own client", "GET", "/manage/northwind/funnel", MANAGERS),
    Case("manage.funnel", "nobody's client", "GET", "/manage/fabrikam/funnel", staff(OK, MISSING, FORBIDDEN, FORBIDDEN)),
    Case("manage.funnel", "upload without a file", "POST", "/manage/northwind/funnel", staff(422, 422, FORBIDDEN, FORBIDDEN)),
    Case("manage.funnel_template", "own client", "GET", "/manage/northwind/funnel/template.csv", MANAGERS),
    Case("manage.funnel_template", "nobody's client", "GET", "/manage/fabrikam/funnel/template.csv",
         staff(OK, MISSING, FORBIDDEN, FORBIDDEN)),
    Case("manage.confirm_funnel", "own client", "POST", "/manage/northwind/funnel/confirm", MANAGERS,
         (("funnel", "team,period,won\n{lead_team},2024-Q1,3\n"), ("preview", "x"))),
    Case("manage.confirm_funnel", "nobody's client", "POST", "/manage/fabrikam/funnel/confirm",
         staff(OK, MISSING, FORBIDDEN, FORBIDDEN), (("funnel", "team,period,won\n{fabrikam_team},2024-Q1,3\n"),
                                                    ("preview", "x"))),
]

_signed_in_users: dict[str, str] = {}


@pytest.fixture()
def names(app: Flask, open_invitation) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The demo's concrete slugs and ids behind the placeholders of ``CASES``."""
    lead = find_user("lead@demo.example")
    assert lead is not None and lead.team is not None
    orgs = {o.slug: o for o in db.session.execute(db.select(Organization)).scalars()}
    other = next(t for t in orgs["northwind"].teams if t.id != lead.team_id)
    _, survey_token = open_invitation()
    return {
        "period": PERIOD, "lead_team": lead.team.slug, "other_team": other.slug,
        "other_shown_team": _shown_team_but(orgs["northwind"], PERIOD, lead.team.slug),
        "contoso_team": orgs["contoso"].teams[0].slug, "fabrikam_team": orgs["fabrikam"].teams[0].slug,
        "survey_token": survey_token, "reset_token": password_token(lead, "reset"),
        "lead_id": str(lead.id), "northwind_id": str(orgs["northwind"].id),
        "lead_action": _first_action(lead.team, PERIOD), "other_action": _first_action(other, PERIOD),
        "northwind_participant": str(orgs["northwind"].teams[0].participants[0].id),
    }


def _shown_team_but(org: Organization, period: str, slug: str) -> str:
    """A team of ``org`` other than ``slug`` whose results the gate shows in ``period`` (a withheld one has no chart)."""
    from assessment.gate import group_results

    cycle = db.session.execute(db.select(Cycle).filter_by(organization_id=org.id, period=period)).scalar_one()
    return next(r.key for r in group_results(cycle, "team") if not r.suppressed and r.key != slug)


def _first_action(team: Team, period: str) -> str:
    """The id of one of the demo's actions of ``team`` for ``period``."""
    return str(db.session.execute(
        db.select(Action.id).join(Cycle).where(Action.team_id == team.id, Cycle.period == period)
        .order_by(Action.id).limit(1)
    ).scalar_one())


def sign_in(client: FlaskClient, role: str, login) -> None:  # type: ignore[no-untyped-def]
    """Through the real form once per role, then by a session made as the form makes it (scrypt is slow on
    purpose): each test's database starts afresh, so the sign-in a session names is started anew."""
    if role == "anonymous":
        return
    if role not in _signed_in_users:
        login(client, role)
        _signed_in_users[role] = next(a.email for a in DEMO_ACCOUNTS if a.role.value == role)
        return
    user = find_user(_signed_in_users[role])
    assert user is not None
    with client.session_transaction() as session:
        session.update({"_user_id": user.get_id(), "_fresh": True, SIGN_IN: start_sign_in(user)})


def outcome(response_status: int, location: str) -> str | int:
    if response_status == 302 and "/auth/login" in location:
        return LOGIN
    if response_status in (200, 202, 302):   # 202: a PDF being prepared, the page that checks back
        return OK
    return response_status


def test_every_route_is_in_the_matrix(app: Flask) -> None:
    routes = {rule.endpoint for rule in app.url_map.iter_rules()}
    covered = {case.endpoint for case in CASES}
    assert routes - covered == set(), "routes nobody decided the access to"
    assert covered - routes == set(), "matrix rows for routes that no longer exist"


def test_every_role_of_the_app_is_in_the_matrix() -> None:
    assert set(ROLES) == {"anonymous", *(r.value for r in Role)}
    assert {a.role.value for a in DEMO_ACCOUNTS} == set(ROLES) - {"anonymous"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.endpoint}[{c.label}]")
def test_access(client: FlaskClient, login, names: dict[str, str], case: Case, role: str) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, role, login)
    path = case.path.format(**names)
    if case.method == "GET":
        reply = client.get(path)
    else:
        token = csrf_token(client.get("/auth/login").get_data(as_text=True))
        data = {key: value.format(**names) for key, value in case.data}
        reply = client.post(path, data={**data, "csrf_token": token})
    reply.close()
    assert outcome(reply.status_code, reply.headers.get("Location", "")) == case.expect[role]


#: Routes whose every call changes something; forms that also answer GET only show themselves on GET.
STATE_CHANGING = {"home.answer_demo_survey", "auth.logout", "admin.resend_invitation", "admin.revoke_tokens",
                  "account.revoke_tokens",
                  "manage.send_invitations", "manage.send_reminders", "manage.planned_mail", "manage.access_link",
                  "manage.confirm_roster", "manage.confirm_funnel", "manage.closing_date", "manage.opening_date",
                  "manage.publish", "manage.unpublish"}


@pytest.mark.parametrize("endpoint", sorted(STATE_CHANGING))
def test_state_changing_routes_refuse_get(client: FlaskClient, login, names: dict[str, str], endpoint: str) -> None:  # type: ignore[no-untyped-def]
    login(client, "admin")
    path = next(c.path for c in CASES if c.endpoint == endpoint).format(**names)
    assert client.get(path).status_code == 405


#: Posts that a personal link or a public button authorizes, not the session cookie: they take no CSRF token, which
#: would need that cookie (docs/privacy.md, "Survey links and cookies"). Every other post must carry one.
WITHOUT_CSRF = {"respond.survey", "home.answer_demo_survey"}


def test_every_post_route_but_the_surveys_refuses_a_request_without_csrf_token(
    app: Flask, client: FlaskClient, login, names: dict[str, str]  # type: ignore[no-untyped-def]
) -> None:
    login(client, "admin")
    posting = [rule for rule in app.url_map.iter_rules() if "POST" in (rule.methods or ())]
    assert WITHOUT_CSRF < {rule.endpoint for rule in posting}
    posting = [rule for rule in posting if rule.endpoint not in WITHOUT_CSRF]
    examples = {c.endpoint: c.path.format(**names) for c in reversed(CASES)}  # each endpoint's first case
    # The sign-in and password forms are given back to send again (a page left open across a sign-out);
    # a signed-in user's form, Sign out included, says nothing was done and leads back to its page.
    refusal = {"auth.login": "you were not signed in. Please enter your password again.",
               "auth.forgot_password": "so nothing was sent. Please send it again.",
               "auth.set_new_password": "so nothing was sent. Please send it again.",
               "auth.logout": "Nothing was done"}
    for rule in posting:
        reply = client.post(examples[rule.endpoint], data={"email": "admin@demo.example"})
        assert reply.status_code == 400, rule.endpoint
        staff = rule.endpoint.split(".")[0] in {"manage", "actions", "account", "admin"}
        expected = refusal.get(rule.endpoint, "Nothing was done" if staff else "CSRF")
        assert expected in reply.get_data(as_text=True), rule.endpoint


def test_post_only_routes_are_the_state_changing_ones(app: Flask) -> None:
    """A route either changes state (POST only) or shows a form it also accepts; no GET changes anything."""
    post_only = {r.endpoint for r in app.url_map.iter_rules() if "POST" in (r.methods or ()) and "GET" not in (r.methods or ())}
    assert post_only == STATE_CHANGING


def test_a_team_lead_sees_only_their_own_team_on_the_organization_page(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    lead = find_user("lead@demo.example")
    assert lead is not None and lead.team is not None
    html = client.get(f"/results/northwind/{PERIOD}").get_data(as_text=True)
    assert "Whole organization" in html
    others = db.session.execute(
        db.select(Team).where(Team.organization_id == lead.organization_id, Team.id != lead.team_id)
    ).scalars().all()
    assert f"/teams/{lead.team.slug}" in html
    for team in others:
        assert f"/teams/{team.slug}\"" not in html


def test_a_deactivated_user_loses_access_at_the_next_request(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    assert client.get(f"/results/northwind/{PERIOD}").status_code == 200
    user = db.session.execute(db.select(User).filter_by(email="executive@demo.example")).scalar_one()
    user.active = False
    db.session.commit()
    reply = client.get(f"/results/northwind/{PERIOD}")
    assert reply.status_code == 302 and "/auth/login" in reply.headers["Location"]


def test_a_reactivated_user_signs_in_again_rather_than_resuming_an_old_session(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    from assessment.operations.accounts import set_active

    login(client, "executive")
    user = db.session.execute(db.select(User).filter_by(email="executive@demo.example")).scalar_one()
    set_active(user, False)
    db.session.commit()
    set_active(user, True)
    db.session.commit()
    reply = client.get(f"/results/northwind/{PERIOD}")
    assert reply.status_code == 302 and "/auth/login" in reply.headers["Location"]
    login(client, "executive")
    assert client.get(f"/results/northwind/{PERIOD}").status_code == 200
