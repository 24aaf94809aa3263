"""Blueprints, friendly error pages and the headers every page carries."""
from __future__ import annotations

from flask import Flask, Response, abort, current_app, g, render_template, request
from flask_login import current_user
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import (
    Forbidden, HTTPException, MethodNotAllowed, NotFound, RequestEntityTooLarge, ServiceUnavailable,
)
from werkzeug.datastructures import MultiDict
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, Map

from assessment.actions import bp as actions_bp
from assessment.admin.routes import bp as admin_bp
from assessment.api import auth as api_auth
from assessment.api.routes import bp as api_bp
from assessment.auth import sessions
from assessment.auth.account import bp as account_bp
from assessment.auth.routes import bp as auth_bp
from assessment.database_state import database_unready
from assessment.dates import written
from assessment.extensions import db, login_manager
from assessment.home.routes import bp as home_bp
from assessment.manage import bp as manage_bp
from assessment.respond.routes import bp as respond_bp
from assessment.results.routes import bp as results_bp
from assessment.tenancy import can_read_results
from reports.differences import shown_change, signed_points
from reports.funnel import SHORTHAND as FUNNEL_SHORTHAND
from reports.gap_sides import unshown_side
from reports.organization_inputs import rate_percent


#: The largest id any table holds: ids are INTEGER columns, 32 bits on PostgreSQL.
LARGEST_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: a number too large to be an id matches nothing, so it answers 404.

    Werkzeug's own converter takes any number of digits; the database then refused the query (SQLite: "Python int
    too large to convert to SQLite INTEGER"; PostgreSQL: "integer out of range") and a typed or guessed address
    such as /admin/users/99999999999999999999 was a server error instead of "nothing here".
    """

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None, max: int | None = LARGEST_ID,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


def init_app(app: Flask) -> None:
    # Before any blueprint: each rule picks its converter when it is added.
    app.url_map.converters["int"] = IdConverter
    app.register_blueprint(home_bp)
    app.register_blueprint(respond_bp)
    app.register_blueprint(results_bp)
    app.register_blueprint(actions_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(api_bp)
    sessions.init_app(app)
    app.add_template_filter(written, "date")
    app.add_template_filter(shown_change)
    app.add_template_filter(signed_points)
    app.add_template_filter(rate_percent)
    app.add_template_global(lambda cycle: can_read_results(current_user, cycle), "results_readable")
    app.add_template_global(_on_survey_side, "survey_side")
    app.add_template_global(FUNNEL_SHORTHAND, "funnel_shorthand")
    app.add_template_global(unshown_side)
    # Browsers ask for /favicon.ico whatever the page links: they get the icon the layout names, not a 404.
    app.add_url_rule("/favicon.ico", "favicon", lambda: app.send_static_file("favicon.svg"))
    app.register_error_handler(HTTPException, _error_page)
    app.register_error_handler(DBAPIError, _database_error_page)
    app.before_request(_refuse_nul)
    app.after_request(_security_headers)
    app.after_request(_signed_in_pages_unstored)
    hops = app.config.get("PROXY_HOPS", 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]


def _error_page(error: HTTPException) -> tuple[str, int, list[tuple[str, str]]] | Response:
    if api_auth.is_api_request(request):  # the API answers in JSON, unmatched /api/ paths included
        return api_auth.http_error(error)
    page = render_template("web/errors/error.html", error=_in_plain_words(error))
    return page, error.code or 500, _headers_of(error)


#: What a reader is told while the database is behind this version (``alignment db upgrade`` not run) or out of
#: reach; where the database is, and what the command line would say, goes to the log, not to every reader.
NOT_UPGRADED = ("Alignment Health's database is not ready for this version yet: an administrator needs to run "
                "alignment db upgrade. Until then no page can be shown; try again in a few minutes.")
UNREACHABLE = ("Alignment Health cannot reach its database right now. Try again in a few minutes; if this goes on, "
               "tell an administrator.")


#: SQLite lets one request write at a time, and one that read before another wrote cannot write at all.
WRITE_COLLIDED = ("Another change was being saved at the same moment as yours, so nothing of what you sent was saved. "
                  "Go back and send it again.")


def _database_error_page(error: DBAPIError) -> tuple[str, int, list[tuple[str, str]]] | Response:
    """A 503 saying what to do when a page fails because the database is behind the code or out of reach,
    as the command line says it (``database_unready``, the one check), or because SQLite refused a write that
    met another; any other database error is re-raised, to be the server error it is, with its traceback in the log."""
    if _write_collided(error):
        current_app.logger.warning("%s %s: a write met another on SQLite (%s)", request.method, request.path, error.orig)
        db.session.rollback()   # the page is drawn, and the user read, outside the refused transaction
        return _error_page(ServiceUnavailable(WRITE_COLLIDED, retry_after=5))
    unready = database_unready(current_app._get_current_object())  # type: ignore[attr-defined]
    if unready is None:
        raise error
    current_app.logger.error("%s %s: %s", request.method, request.path, unready.advice)
    # Flask-Login keeps the request's user in g: a signed-in reader's account is in a table that may not be there,
    # so the page is drawn for nobody rather than failing again on the way.
    g._login_user = login_manager.anonymous_user()
    return _error_page(ServiceUnavailable(NOT_UPGRADED if unready.reachable else UNREACHABLE, retry_after=60))


def _write_collided(error: DBAPIError) -> bool:
    """Two consultants saving at the same instant on SQLite: the later write is refused whole ("database is
    locked") and the request's transaction rolls back at its end, so sending again is safe. PostgreSQL makes the
    later one wait instead. The survey's own forms take the write lock first and never meet this
    (``assessment.extensions._sqlite_begin``)."""
    return isinstance(error, OperationalError) and "database is locked" in str(error.orig)


NUL_SENT = ("What was sent held a character that cannot be stored (a NUL, often pasted from another program), so "
            "nothing was changed: take it out, then send it again.")


def _refuse_nul() -> None:
    """An address or a staff form holding a NUL character is refused before anything reads it.

    PostgreSQL cannot store one in text (a server error), SQLite stored it as given, and nobody types one.
    The survey is left alone: its form cleans comments itself, so a person loses no answer over one.
    """
    if "\x00" in request.path:
        abort(404)
    if request.blueprint != respond_bp.name and (_holds_nul(request.args) or _holds_nul(request.form)):
        abort(400, description=NUL_SENT)


def _holds_nul(fields: MultiDict[str, str]) -> bool:
    return any("\x00" in name or "\x00" in value for name, values in fields.lists() for value in values)


def _headers_of(error: HTTPException) -> list[tuple[str, str]]:
    """What Werkzeug's own answer would carry besides its content type: a 405's ``Allow``, above all."""
    return [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]


def _on_survey_side() -> bool:
    """An employee's survey pages, and any address under a survey link: those get the survey's layout.

    An address that matches no route, or not with this method (404, 405), has no
    blueprint: the path says it was meant for the survey (/s itself included: a link
    cut short), whose readers have no account and nothing to do on the staff's pages.
    """
    return request.blueprint == respond_bp.name or f"{request.path}/".startswith(f"{respond_bp.url_prefix}/")


#: What a bare abort(403) or abort(404), or an address no route matches, says instead of Werkzeug's stock sentence.
#: The 404 never tells "does not exist" from "not yours to see": tenancy answers both alike (assessment/tenancy.py).
PLAIN: dict[type[HTTPException], str] = {
    Forbidden: "Your account does not give access to this page. If you need it for your work, ask an "
               "administrator to change your account.",
    NotFound: "There is nothing here that you can open. If you followed a link, check that it was copied "
              "whole; if you typed the address, check its spelling.",
    # Werkzeug's "The data value transmitted exceeds the capacity limit" reached a form that takes no file.
    RequestEntityTooLarge: "What was sent is larger than this page takes, so nothing was changed. Go back, shorten "
                           "what you pasted (or choose a smaller file), then send it again.",
}


#: A 405 on a page: a form's address opened as a link (bookmarked, or typed into the address bar), or a page
#: sent something it does not take (a script's PUT, a form pointed at the wrong address).
FORM_ONLY = ("This address takes a form sent from its page, not a link opened directly. Go back to the page "
             "the form is on and send it from there.")
PAGE_ONLY = "This page cannot take what was sent to it. Open it from its link instead."


def _in_plain_words(error: HTTPException) -> HTTPException:
    """The error itself when it says what happened in this case; a plain one when it only has the stock text.

    As the console does for its 403 (assessment/manage/blueprint.py): a new exception carrying the sentence.
    """
    if isinstance(error, MethodNotAllowed) and error.description == MethodNotAllowed.description:
        opened = "GET" in (error.valid_methods or ())
        return MethodNotAllowed(error.valid_methods, description=PAGE_ONLY if opened else FORM_ONLY)
    for kind, sentence in PLAIN.items():
        if isinstance(error, kind) and error.description == type(error).description:
            return kind(description=sentence)
    return error


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    )
    if current_app.config["PUBLIC_URL"].startswith("https://"):
        # Served over HTTPS: a browser that came once never again tries plain HTTP first, where whoever sits on the
        # network (a café's Wi-Fi) could answer with a copy of the sign-in page. Not over plain HTTP: a local
        # `make run` must not pin 127.0.0.1 to HTTPS.
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def _signed_in_pages_unstored(response: Response) -> Response:
    """What was drawn for a signed-in staff member (a client's results, the users list, a PDF) is kept by no cache.

    Without it a browser kept those pages on disk: at a shared computer, the next person pressed Back after
    the sign-out and read them. A view that chose its own policy (the phone chart's ``private, no-cache``,
    revalidated by its ETag) keeps it; static files stay cacheable, as they are the same for everybody.
    """
    user = g.get("_login_user")   # Flask-Login's user of this request, if anything asked for it
    if request.endpoint != "static" and user is not None and user.is_authenticated:
        response.headers.setdefault("Cache-Control", "no-store")
    return response
