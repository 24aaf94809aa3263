"""``alignment user create|list|deactivate|token|revoke-tokens``: staff accounts from the command line.

The password is never an argument (it would sit in the shell history and in
``ps``): it is asked for at a hidden prompt, or read from standard input with
``--password-stdin`` for scripts.
"""
from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from assessment.api.tokens import DEFAULT_DAYS, MAX_DAYS, TokenRefused, api_token, revoke_api_tokens
from assessment.cli.invitations import cli_actor
from assessment.cli.output import emit, failing_cleanly, format_option, shown
from assessment.extensions import db
from assessment.lookup import NotFound, organization_by_slug, team_by_slug
from assessment.models import Organization, Role, Team, User
from assessment.operations.accounts import AccountError, create_user, find_user, set_active
from assessment.operations.privacy import record
from assessment.wording import with_article

command = click.Group("user", help="Staff accounts: admins, consultants, executives and team leads.")


@command.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True,
              help="What the account sees: everything, the --org clients, one organization's results, or one team's.")
@click.option("--org", "orgs", multiple=True, metavar="SLUG",
              help="The executive's or team lead's organization; a consultant may take several.")
@click.option("--team", metavar="SLUG", help="The team lead's team (with --org).")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@with_appcontext
def create(email: str, role: str, orgs: tuple[str, ...], team: str | None, password_stdin: bool) -> None:
    """Create an account that can sign in at once."""
    with failing_cleanly(NotFound, AccountError):
        organizations, organization, lead_of = _scope(Role(role), orgs, team)
        password = _read_password(password_stdin)
        user = create_user(email, Role(role), password=password, organizations=organizations,
                           organization=organization, team=lead_of)
        record(cli_actor(), "user.create", f"{user.email} as {user.role.label}")
        db.session.commit()
    click.echo(f"created {user.role.label} {user.email}")


@command.command("list")
@format_option
@with_appcontext
def list_(fmt: str) -> None:
    """Every account with its role and what it sees."""
    users = db.session.execute(db.select(User).order_by(User.role, User.email)).scalars()
    data = [
        {
            "email": u.email, "role": u.role.value, "active": u.active,
            "organizations": [o.slug for o in u.consulted] or ([u.organization.slug] if u.organization else []),
            "team": u.team.slug if u.team else None,
        }
        for u in users
    ]
    emit(data, fmt, lambda d: "\n".join(
        f"{shown(u['email']):<32} {u['role']:<10} {','.join(u['organizations']) or '-':<24} {u['team'] or '':<20}"
        f"{'' if u['active'] else ' deactivated'}"
        for u in d
    ) or "no accounts")


@command.command("deactivate")
@click.argument("email")
@with_appcontext
def deactivate(email: str) -> None:
    """Stop an account from signing in; its open sessions end with their next request."""
    with failing_cleanly(NotFound):
        user = find_user(email)
        if user is None:
            raise NotFound(f"no account {email!r} (see `alignment user list`)")
        set_active(user, False)
        record(cli_actor(), "user.change", f"{user.email}: deactivated")
        db.session.commit()
    click.echo(f"deactivated {user.email}")


@command.command("token")
@click.argument("email")
@click.option("--days", type=click.IntRange(1, MAX_DAYS), default=DEFAULT_DAYS, show_default=True,
              help="How long the token works.")
@with_appcontext
def token(email: str, days: int) -> None:
    """Print a personal bearer token for the read-only API (/api/v1/).

    Nothing is stored: the token is signed with SECRET_KEY and stops working when it expires,
    when the account is deactivated, when its password changes, or with `alignment user revoke-tokens`.
    """
    with failing_cleanly(NotFound, TokenRefused):
        user = find_user(email)
        if user is None:
            raise NotFound(f"no account {email!r} (see `alignment user list`)")
        issued = api_token(user, days)
        record(cli_actor(), "user.token", f"{user.email}, for {days} days")  # that one was issued, never the token
        db.session.commit()
        click.echo(issued)


@command.command("revoke-tokens")
@click.argument("email")
@with_appcontext
def revoke_tokens(email: str) -> None:
    """Stop every API token of an account at once; its password and sign-ins stay as they are."""
    with failing_cleanly(NotFound):
        user = find_user(email)
        if user is None:
            raise NotFound(f"no account {email!r} (see `alignment user list`)")
        revoke_api_tokens(user)
        record(cli_actor(), "user.token_revoke", f"{user.email}: every API token revoked")
        db.session.commit()
    click.echo(f"revoked every API token of {user.email}")


def _scope(
    role: Role, orgs: tuple[str, ...], team: str | None
) -> tuple[list[Organization], Organization | None, Team | None]:
    """(consultant's organizations, the one organization, the team) from the slugs typed."""
    organizations = [organization_by_slug(slug) for slug in orgs]
    if team is not None:
        if len(organizations) != 1:
            raise AccountError("name the team's organization with exactly one --org")
        return [], organizations[0], team_by_slug(organizations[0], team)
    if role == Role.consultant:
        return organizations, None, None
    if len(organizations) > 1:
        raise AccountError(f"{with_article(role.label)} has one organization at most")
    return [], organizations[0] if organizations else None, None


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise AccountError("no password on standard input")
        return password
    try:
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    except click.Abort:   # no terminal (a script, cron) or Ctrl-C: say how to give it, not "Aborted!"
        raise AccountError("no password given, so no account was created: type it at the prompt, or pipe it in "
                           "with --password-stdin") from None
