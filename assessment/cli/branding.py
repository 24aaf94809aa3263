"""``alignment org brand SLUG``: the branding every report of an organization carries."""
from __future__ import annotations

import getpass
from pathlib import Path

import click
from flask.cli import with_appcontext

from assessment.cli.output import emit, failing_cleanly, format_option, shown
from assessment.extensions import db
from assessment.lookup import NotFound, organization_by_slug
from assessment.models import Organization
from assessment.operations.branding import (
    MAX_LOGO_BYTES, BrandingChange, BrandingError, accent_warning, change_branding,
)


@click.command("brand")
@click.argument("slug")
@click.option("--name", help="The organization's name as reports and pages show it.")
@click.option("--accent", help='Accent colour #rrggbb for rules, headings and charts ("" for the default).')
@click.option("--logo", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The organization's logo: PNG or JPEG, at most 1 MB.")
@click.option("--no-logo", is_flag=True, help="Remove the stored logo.")
@click.option("--prepared-by", help='Consultancy named as "Prepared by" on every page ("" for none).')
@format_option
@with_appcontext
def brand(slug: str, name: str | None, accent: str | None, logo: Path | None, no_logo: bool,
          prepared_by: str | None, fmt: str) -> None:
    """Show or change an organization's report branding; without options, show it."""
    if logo is not None and no_logo:
        raise click.UsageError("give --logo or --no-logo, not both")
    with failing_cleanly(NotFound, BrandingError):
        org = organization_by_slug(slug)
        data = _read_limited(logo) if logo is not None else None
        changed = change_branding(org, BrandingChange(name=name, accent=accent, logo=data, remove_logo=no_logo,
                                                      prepared_by=prepared_by), actor=_actor())
        db.session.commit()
    if changed and fmt == "text":
        click.echo(f"changed {', '.join(changed)}")
    emit(_branding_data(org), fmt, _as_text)


def _read_limited(path: Path) -> bytes:
    """At most one byte past the limit, so a huge file is refused without reading it all."""
    with open(path, "rb") as file:
        return file.read(MAX_LOGO_BYTES + 1)


def _branding_data(org: Organization) -> dict[str, object]:
    return {"slug": org.slug, "name": org.name, "accent": org.accent_color, "prepared_by": org.prepared_by,
            "logo": {"type": org.logo_type, "bytes": len(org.logo)} if org.logo else None,
            "warning": accent_warning(org.accent_color)}


def _as_text(data: dict[str, object]) -> str:
    logo = data["logo"]
    logo_text = f"{logo['type']}, {logo['bytes']} bytes" if isinstance(logo, dict) else "none"
    lines = [f"{data['slug']}  {shown(str(data['name']))}",
             f"  accent       {data['accent'] or 'default'}",
             f"  logo         {logo_text}",
             f"  prepared by  {shown(str(data['prepared_by'] or '-'))}"]
    if data["warning"]:
        lines.append(f"  note: {data['warning']}")
    return "\n".join(lines)


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"
