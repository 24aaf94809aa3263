"""The ``alignment`` console script: Flask's own commands plus the product's."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup

from assessment.cli import (
    accounts, benchmarks, cycles, demo, funnel, invitations, organizations, privacy, questionnaires, reports, responses,
    roster, scores,
)
from assessment.cli.branding import brand


def register_commands(app: Flask) -> None:
    for module in (questionnaires, organizations, roster, funnel, cycles, invitations, responses, scores, benchmarks,
                   reports, demo):
        app.cli.add_command(module.command)
    app.cli.add_command(accounts.command)
    app.cli.add_command(privacy.participant_command)
    app.cli.add_command(privacy.audit_command)
    organizations.command.add_command(privacy.purge)
    organizations.command.add_command(brand)


def _create_app() -> Flask:
    from assessment import create_app
    from assessment.config import InsecureConfiguration, InvalidSetting

    try:
        return create_app()
    except (InsecureConfiguration, InvalidSetting) as error:
        # A setting to fix, said in one line as every command's errors are, not a traceback around it.
        raise click.ClickException(str(error)) from None


main = FlaskGroup(create_app=_create_app, help="Run and administer Alignment Health.")
