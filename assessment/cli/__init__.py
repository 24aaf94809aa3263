"""The ``alignment`` console script: Flask's own commands plus the product's."""
from __future__ import annotations

from typing import Any

import click
from flask import Flask
from flask.cli import FlaskGroup, ScriptInfo
from sqlalchemy.exc import DBAPIError

from assessment.cli import (
    accounts, benchmarks, cycles, demo, funnel, invitations, organizations, privacy, questionnaires, reports, responses,
    roster, scores,
)
from assessment.cli.branding import brand
from assessment.database_state import database_unready


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


class _AlignmentGroup(FlaskGroup):
    """Flask's group, saying `alignment db upgrade` when a command fails on a database not brought up to date."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """`alignment --help` under a setting to fix: its one line, then Flask's own commands (FlaskGroup would print
        a traceback around the line)."""
        try:
            ctx.ensure_object(ScriptInfo).load_app()
        except click.ClickException as refused:
            click.secho(f"Error: {refused.format_message()}\n", err=True, fg="red")
            self._load_plugin_commands()
            return sorted(self.commands)
        return super().list_commands(ctx)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DBAPIError:
            if ctx.invoked_subcommand == "db":
                raise   # a migration's own failure: its traceback is what to read
            unready = database_unready(ctx.ensure_object(ScriptInfo).load_app())
            if unready is None:
                raise
            raise click.ClickException(unready.advice) from None


main = _AlignmentGroup(create_app=_create_app, help="Run and administer Alignment Health.")
