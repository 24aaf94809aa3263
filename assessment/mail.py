"""Sending mail through the configured SMTP server (DESIGN section 7).

Messages carry a plain-text part and, when given, an HTML alternative. Both
come from Jinja templates; the HTML ones are autoescaped like every page, so a
name typed by a user can't add markup to a message.
"""
from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from flask import current_app, render_template


class MailError(RuntimeError):
    """The SMTP server could not be reached or refused the message."""


def send_mail(to: str, subject: str, text: str, html: str | None = None) -> None:
    sender = current_app.config["MAIL_FROM"]
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    # RFC 5322 requires a Date; large providers refuse or junk mail without a Message-ID, and an SMTP relay
    # need not add either. The id names the sender's domain, never this machine's host name.
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2] or "localhost")
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    try:
        with smtplib.SMTP(current_app.config["SMTP_HOST"], current_app.config["SMTP_PORT"],
                          timeout=current_app.config["SMTP_TIMEOUT"]) as smtp:
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"could not send mail to {to}: {error}") from error


def send_templated(to: str, subject: str, template: str, **context: object) -> None:
    """``template`` names a pair: ``<template>.txt`` and ``<template>.html``."""
    send_mail(
        to, subject,
        render_template(f"{template}.txt", **context),
        render_template(f"{template}.html", **context),
    )
