"""Creating organizations and their teams."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from assessment.extensions import db
from assessment.models import Organization, Role, Team, User
from assessment.models.organization import FUNCTIONS, same_name
from assessment.operations.privacy import record

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
#: ``/manage/new`` is the page that creates a client, so no client may be called "new".
RESERVED_SLUGS = frozenset({"new"})


class OrganizationError(ValueError):
    """A name or slug that can't be used; the message says why."""


@dataclass(frozen=True)
class Holder:
    """The organization that has a name or short name already, as plain values: they outlive a rollback."""

    id: int
    name: str
    slug: str


class OrganizationTaken(OrganizationError):
    """The name, or the short name for links, of an organization that exists.

    ``str()`` names nothing but what was typed, for a reader who may not see the other organization (another
    consultant's client). A caller who may see it, the operator at the command line or a consultant of that
    client, names it from ``holder``: "a client of that name exists" then points to it, where "choose another
    short name" would have steered to a duplicate.
    """

    def __init__(self, holder: Holder, slug: str, *, same_name: bool) -> None:
        self.holder, self.slug, self.same_name = holder, slug, same_name
        super().__init__("another client already has this name; give the new one a name of its own" if same_name
                         else f"another client already has {slug!r} as its short name for links; choose another")


NAME_LENGTH = Organization.__table__.c.name.type.length  # as the column holds it, so PostgreSQL never refuses

#: C0 and C1 controls, tab and line breaks among them: a name is one line of text, and none of these shows in it.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
#: Invisible characters that change how a name reads or compares: the separators break its line, the direction
#: overrides and isolates show "Acme" as "emcA" (and the rest of a line with it), a zero-width space or a stray
#: byte-order mark makes two names that look the same differ. The direction marks and joiners that real names in
#: Arabic, Hebrew, Persian or an emoji need (U+200C-U+200F) are kept.
FORMATTING = re.compile("[\u200b\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
CHARACTER_NAMES = {
    "\x00": "a NUL", "\x07": "a bell", "\x08": "a backspace", "\t": "a tab", "\n": "a line break",
    "\x0b": "a vertical tab", "\x0c": "a page break", "\r": "a carriage return", "\x1b": "an escape",
    "\x7f": "a delete", "\x85": "a line break", "\u200b": "a zero-width space", "\u2028": "a line separator",
    "\u2029": "a paragraph separator", "\u202d": "a left-to-right override", "\u202e": "a right-to-left override",
    "\ufeff": "a byte-order mark",
}


def unshowable(name: str) -> str | None:
    """Why ``name`` cannot be stored as a name: the first control or invisible formatting character it holds;
    ``None`` when it holds none.

    Such characters come pasted from another program: a page would hide them and a terminal would act on them.
    Every place that takes a name, typed or read from a file, asks this one function; the caller says which
    name ("the name", "line 3, column team_name:").
    """
    found = CONTROL.search(name) or FORMATTING.search(name)
    if found is None:
        return None
    code = f"U+{ord(found.group()):04X}"
    called = CHARACTER_NAMES.get(found.group())
    kind = "a control character" if CONTROL.match(found.group()) else "an invisible formatting character"
    return f"holds {kind} ({code}{f', {called}' if called else ''}), which no name can show; retype it"


def tidy_name(name: str) -> str:
    """A typed name as it is stored: no spaces at its ends, and one between words ("Northwind  Traders" kept its
    two, and two clients' names then differed only there). Other characters are left for ``unshowable``."""
    return re.sub(r" {2,}", " ", name.strip())


def create_organization(name: str, slug: str, *, synthetic: bool = False) -> Organization:
    if not name.strip():
        raise OrganizationError("an organization needs a name")
    if (why := unshowable(name.strip())) is not None:
        raise OrganizationError(f"the name {why}")
    name = tidy_name(name)
    if len(name) > NAME_LENGTH:
        raise OrganizationError(f"the name is longer than {NAME_LENGTH} characters")
    if (holder := named(name)) is not None:
        raise OrganizationTaken(holder, slug, same_name=True)
    check_slug(slug)
    if slug in RESERVED_SLUGS:
        raise OrganizationError(f"{slug!r} names a page of the console; choose another short name for links")
    if (holder := _with_slug(slug)) is not None:
        raise OrganizationTaken(holder, slug, same_name=False)
    org = Organization(name=name, slug=slug, synthetic=synthetic)
    try:
        with db.session.begin_nested():
            db.session.add(org)
    except IntegrityError:
        # Another request created it between the checks above and this write: refused as they refuse it.
        raise _taken_meanwhile(name, slug) from None
    return org


def _taken_meanwhile(name: str, slug: str) -> OrganizationTaken:
    if (holder := named(name)) is not None:
        return OrganizationTaken(holder, slug, same_name=True)
    holder = _with_slug(slug)
    assert holder is not None, "only the name and the short name are unique"
    return OrganizationTaken(holder, slug, same_name=False)


_HOLDER = db.select(Organization.id, Organization.name, Organization.slug)


def named(name: str, *, besides: int | None = None) -> Holder | None:
    """The organization of that name, compared as ``same_name`` (spaces and case folded in Python, so alike on
    SQLite and PostgreSQL, and stored as ``name_key``); ``besides`` one's id, when renaming it."""
    query = _HOLDER.where(Organization.name_key == same_name(name))
    if besides is not None:
        query = query.where(Organization.id != besides)
    row = db.session.execute(query).first()
    return None if row is None else Holder(*row)


def _with_slug(slug: str) -> Holder | None:
    row = db.session.execute(_HOLDER.where(Organization.slug == slug)).first()
    return None if row is None else Holder(*row)


def create_client(name: str, slug: str, *, actor: User) -> Organization:
    """A new client organization, on the creating consultant's own list from the start.

    An administrator sees every organization anyway; a consultant who could
    create a client but not open it would have to ask for it afterwards.
    """
    org = create_organization(name, slug)
    if actor.role == Role.consultant:
        actor.consulted.append(org)
    record(actor.email, "organization.create", f"{org.slug} ({org.name})")
    return org


def slug_from(name: str) -> str:
    """The slug a name suggests: "Contoso Ltd." gives "contoso-ltd"; "" when it has no latin letters or digits."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_name))[:64].strip("-")


def function_refused(written: str) -> str | None:
    """Why a file's cell cannot be a team's function (compared in lowercase, quoted as written), or ``None``.

    One wording for the roster and a responses file; an empty cell is named as such: "must be one of sales,
    marketing, joint, not ''" read as a riddle.
    """
    if not written:
        return f"empty; write {', '.join(FUNCTIONS[:-1])} or {FUNCTIONS[-1]}"
    if written.lower() not in FUNCTIONS:
        return f"must be one of {', '.join(FUNCTIONS)}, not {written!r}"
    return None


def ensure_team(org: Organization, slug: str, function: str, name: str | None = None) -> Team:
    """The team of that slug, created when missing."""
    check_slug(slug)
    if function not in FUNCTIONS:
        raise OrganizationError(f"function must be one of {', '.join(FUNCTIONS)}, not {function!r}")
    if name is not None and (why := unshowable(name)) is not None:
        raise OrganizationError(f"the team's name {why}")
    team = org.team(slug)
    if team is None:
        team = Team(slug=slug, name=name or slug.replace("-", " ").title(), function=function)
        org.teams.append(team)
        db.session.flush()
    return team


def check_slug(slug: str) -> None:
    if not SLUG.match(slug):
        raise OrganizationError(f"{slug!r} is not a valid short name for links: use lowercase letters, digits "
                                "and dashes, at most 64 characters, starting with a letter or digit")
