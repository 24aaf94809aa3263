"""Sending mail through the configured SMTP server (DESIGN section 7).

Messages carry a plain-text part and, when given, an HTML alternative. Both
come from Jinja templates; the HTML ones are autoescaped like every page, so a
name typed by a user can't add markup to a message.
"""
from __future__ import annotations

import smtplib
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, render_template


class MailError(RuntimeError):
    """The SMTP server could not be reached or refused the message."""


def sender_of(mail_from: str) -> Address:
    """MAIL_FROM as one mailbox: ``survey@acme.example`` or ``Name <survey@acme.example>``, the name taken whole.

    Read as an address list, "Smith, Jones & Partners <survey@sjp.example>" was two senders, and "Smith" went to
    the mail server as the envelope's sender, which servers refuse: no mail left at all, each one reported as if the
    recipient's address were wrong. The name is quoted as the header needs, and encoded when it is not ASCII.
    """
    name, bracket, rest = mail_from.rpartition("<")
    if not bracket:
        return Address(addr_spec=mail_from.strip())
    return Address(display_name=name.strip().strip('"').strip(), addr_spec=rest.partition(">")[0].strip())


def send_mail(to: str, subject: str, text: str, html: str | None = None) -> None:
    try:
        sender = sender_of(current_app.config["MAIL_FROM"])
    except (ValueError, IndexError) as error:   # a setting, not this recipient: said, never a server error
        raise MailError(f"could not send mail to {to}: MAIL_FROM is not one email address ({error})") from error
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    # RFC 5322 requires a Date; large providers refuse or junk mail without a Message-ID, and an SMTP relay
    # need not add either. The id names the sender's domain, never this machine's host name.
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.domain or "localhost")
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    try:
        with smtplib.SMTP(current_app.config["SMTP_HOST"], current_app.config["SMTP_PORT"],
                          timeout=current_app.config["SMTP_TIMEOUT"]) as smtp:
            smtp.send_message(message, from_addr=sender.addr_spec)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"could not send mail to {to}: {error}") from error


def send_templated(to: str, subject: str, template: str, **context: object) -> None:
    """``template`` names a pair: ``<template>.txt`` and ``<template>.html``."""
    send_mail(
        to, subject,
        render_template(f"{template}.txt", **context),
        render_template(f"{template}.html", **context),
    )
