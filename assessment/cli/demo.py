"""``alignment demo``: synthetic organizations to explore the product with."""
from __future__ import annotations

import datetime as dt

import click
from flask.cli import with_appcontext

from assessment.cli.output import Day
from assessment.demo.load import load_demo
from assessment.extensions import db
from assessment.models import Organization


@click.command("demo", help="Load synthetic demo data (labelled synthetic wherever it shows).")
@click.option("--seed", type=int, default=7, show_default=True, help="Same seed, same data.")
@click.option("--organizations", type=click.IntRange(1, 10), default=8, show_default=True,
              help="How many synthetic clients, each with a year of published quarters and one open.")
@click.option("--as-of", type=Day(), help="Pretend today is this date.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database holds organizations already.")
@with_appcontext
def command(seed: int, organizations: int, as_of: dt.datetime | None, if_empty: bool) -> None:
    if db.session.execute(db.select(Organization.id).limit(1)).first():
        if if_empty:
            click.echo("database already holds data; demo not loaded")
            return
        raise click.ClickException("the database holds organizations already; use an empty database for the demo")
    summary = load_demo(seed, (as_of or dt.datetime.now()).date(), organizations)
    db.session.commit()
    click.echo(
        f"loaded synthetic demo data: {summary.organizations} organizations, {summary.cycles} cycles, "
        f"{summary.responses} responses"
    )
    click.echo(f"open for answers: {', '.join(summary.open_cycles)}")
    click.echo("demo accounts (sign in at /auth/login):")
    for account in summary.accounts:
        click.echo(f"  {account.role.label:<11} {account.email:<26} {account.password:<26} sees {account.sees}")
