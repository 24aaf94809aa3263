"""Staff accounts: create, assign a role and its scope, set passwords, deactivate.

Callers commit; these functions only add and flush. A role and its scope are
always set together by ``assign_role`` so that no account is ever left with,
say, the executive role and no organization (which would see nothing) or a team
lead's role and an organization but no team.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from werkzeug.security import check_password_hash, generate_password_hash

from assessment.extensions import db
from assessment.models import Organization, Role, Team, User
from assessment.wording import with_article

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AccountError(ValueError):
    """An account change that can't be made; the message says why."""


def unmailable(email: str) -> str | None:
    """Why mail cannot be sent to the address, where a character outside plain ASCII is the reason; else ``None``.

    The mail we send cannot reach such an address (it needs SMTPUTF8, which few servers take), and an invisible
    character pasted with an address made every invitation fail with a message blaming the mail server.
    """
    odd = next((c for c in email if not c.isascii()), None)
    if odd is None:
        return None
    if not odd.isprintable() or odd.isspace():
        return f"holds an invisible character (U+{ord(odd):04X}), often pasted along with an address: type it again"
    return (f"holds {odd!r}: our mail reaches plain ASCII addresses only (a domain with accents in its "
            "xn-- form)")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.execute(db.select(User).filter_by(email=normalise_email(email))).scalar_one_or_none()


def create_user(
    email: str,
    role: Role,
    *,
    organizations: Sequence[Organization] = (),
    organization: Organization | None = None,
    team: Team | None = None,
    password: str | None = None,
) -> User:
    """A new account; without a password it can sign in only after following an invitation link."""
    email = normalise_email(email)
    if not EMAIL.match(email) or len(email) > 320:
        raise AccountError(f"{email!r} is not an email address")
    if (why := unmailable(email)) is not None:
        raise AccountError(f"{email!r} {why}")
    if find_user(email) is not None:
        raise AccountError(f"an account for {email} exists already")
    user = User(email=email, role=role)
    assign_role(user, role, organizations=organizations, organization=organization, team=team)
    if password is not None:
        set_password(user, password)
    db.session.add(user)
    db.session.flush()
    return user


def assign_role(
    user: User,
    role: Role,
    *,
    organizations: Sequence[Organization] = (),
    organization: Organization | None = None,
    team: Team | None = None,
) -> None:
    """Give ``user`` a role with exactly the scope that role takes, and nothing left of an earlier one."""
    if role == Role.team_lead:
        if team is None:
            raise AccountError("a team lead needs a team")
        if organization is not None and organization.id != team.organization_id:
            raise AccountError(f"{team.name} is not a team of {organization.name}")
        organization = team.organization
    elif team is not None:
        raise AccountError(f"only a team lead has a team, not {with_article(role.label)}")
    if role == Role.executive and organization is None:
        raise AccountError("an executive needs an organization")
    if role in (Role.admin, Role.consultant) and organization is not None:
        raise AccountError(f"{with_article(role.label)} is not tied to one organization" +
                           ("; list the organizations they work with instead" if role == Role.consultant else ""))
    if role != Role.consultant and organizations:
        raise AccountError("only consultants are assigned a set of organizations")
    user.role = role
    user.organization = organization
    user.team = team
    user.consulted = list(organizations)


def scope_of(user: User) -> tuple[object, ...]:
    """What the account may read: its role, organization, team and, for a consultant, clients (by the
    relationships, which ``assign_role`` sets before any flush updates the ids)."""
    return (user.role, user.organization, user.team, frozenset(o.id for o in user.consulted))


def set_password(user: User, password: str) -> None:
    """Hash with scrypt (werkzeug's current default); the stamp change ends every earlier session and link."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"a password may have at most {MAX_PASSWORD_LENGTH} characters")
    user.password_hash = generate_password_hash(password, method="scrypt")


def authenticate(email: str, password: str) -> User | None:
    """The active account with that address and password, else None, in about the same time either way."""
    user = find_user(email)
    if user is None or user.password_hash is None:
        check_password_hash(_unusable_hash(), password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


@cache
def _unusable_hash() -> str:
    """Checked when there is no account, so that a wrong address takes as long as a wrong password."""
    return generate_password_hash("no account has this password", method="scrypt")


def set_active(user: User, active: bool) -> None:
    """Deactivating ends the account's sessions, password links and API tokens for good:
    reactivating it later does not bring them back."""
    if user.active and not active:
        user.credential_generation = (user.credential_generation or 0) + 1
    user.active = active
