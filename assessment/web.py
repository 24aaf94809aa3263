"""Blueprints, friendly error pages and the headers every page carries."""
from __future__ import annotations

from flask import Flask, Response, render_template, request
from flask_login import current_user
from werkzeug.exceptions import Forbidden, HTTPException, NotFound
from werkzeug.middleware.proxy_fix import ProxyFix

from assessment.actions import bp as actions_bp
from assessment.admin.routes import bp as admin_bp
from assessment.api import auth as api_auth
from assessment.api.routes import bp as api_bp
from assessment.auth import sessions
from assessment.auth.account import bp as account_bp
from assessment.auth.routes import bp as auth_bp
from assessment.dates import written
from assessment.home.routes import bp as home_bp
from assessment.manage import bp as manage_bp
from assessment.respond.routes import bp as respond_bp
from assessment.results.routes import bp as results_bp
from assessment.tenancy import can_read_results
from reports.differences import shown_change, signed_points


def init_app(app: Flask) -> None:
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
    app.add_template_global(lambda cycle: can_read_results(current_user, cycle), "results_readable")
    # Browsers ask for /favicon.ico whatever the page links: they get the icon the layout names, not a 404.
    app.add_url_rule("/favicon.ico", "favicon", lambda: app.send_static_file("favicon.svg"))
    app.register_error_handler(HTTPException, _error_page)
    app.after_request(_security_headers)
    hops = app.config.get("PROXY_HOPS", 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]


def _error_page(error: HTTPException) -> tuple[str, int] | Response:
    if api_auth.is_api_request(request):  # the API answers in JSON, unmatched /api/ paths included
        return api_auth.http_error(error)
    return render_template("web/errors/error.html", error=_in_plain_words(error)), error.code or 500


#: What a bare abort(403) or abort(404), or an address no route matches, says instead of Werkzeug's stock sentence.
#: The 404 never tells "does not exist" from "not yours to see": tenancy answers both alike (assessment/tenancy.py).
PLAIN: dict[type[HTTPException], str] = {
    Forbidden: "Your account does not give access to this page. If you need it for your work, ask an "
               "administrator to change your account.",
    NotFound: "There is nothing here that you can open. If you followed a link, check that it was copied "
              "whole; if you typed the address, check its spelling.",
}


def _in_plain_words(error: HTTPException) -> HTTPException:
    """The error itself when it says what happened in this case; a plain one when it only has the stock text.

    As the console does for its 403 (assessment/manage/blueprint.py): a new exception carrying the sentence.
    """
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
    return response
