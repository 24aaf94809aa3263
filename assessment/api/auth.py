"""Who is calling the API, and how the API says no: always JSON, never a page or a redirect.

A caller is signed in either by the web session cookie (the same sign-in as
the pages) or by ``Authorization: Bearer <token>`` from the Account page or
``alignment user token``. Anyone else gets 401 with a JSON body, not the sign-in page.
"""
from __future__ import annotations

import math
import time

from flask import Request, Response, current_app, jsonify, request, url_for
from flask_login import current_user
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from assessment.api import cors
from assessment.api.tokens import user_for_api_token
from assessment.extensions import limiter, login_manager
from assessment.models import User

PREFIX = "/api/"
BLUEPRINT = "api"


def is_api_request(req: Request) -> bool:
    """Also true for paths under /api/ that match no route, which no blueprint handler sees, and for /api itself."""
    return req.blueprint == BLUEPRINT or f"{req.path}/".startswith(PREFIX)


def json_error(status: int, message: str) -> Response:
    response = jsonify({"status": status, "message": message})
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="alignment-health"'
    return response


def http_error(error: HTTPException) -> Response:
    """An HTTP error as the API's JSON body; the description is the message written for people."""
    if error.code == 429:
        return _too_many_calls()
    response = json_error(error.code or 500, _message(error))
    own = error.get_response().headers
    for header in ("Allow", "Retry-After"):
        if header in own:
            response.headers[header] = own[header]
    return response


def _message(error: HTTPException) -> str:
    """The error's own description; for Werkzeug's stock 404 and 405, what a script's author should change.

    The stock sentences speak to someone at a browser ("check your spelling",
    "the method is not allowed for the requested URL") and name neither the
    address nor the methods the endpoint takes.
    """
    if error.description != type(error).description:
        return error.description or error.name
    if isinstance(error, NotFound):
        return f"Nothing answers at {request.path}: the API's endpoints are listed in {url_for('api.openapi')}."
    if isinstance(error, MethodNotAllowed):
        return f"The API is read-only: {request.path} answers {_methods_taken(error)}, not {request.method}."
    return error.description or error.name


def _methods_taken(error: MethodNotAllowed) -> str:
    """The methods a caller would use (GET), leaving out the HEAD and OPTIONS every route answers too."""
    methods = error.valid_methods or []
    return ", ".join(m for m in methods if m not in ("HEAD", "OPTIONS")) or ", ".join(methods)


def _too_many_calls() -> Response:
    """429 saying which limit was hit and, in ``Retry-After``, how many seconds until a call is let through again.

    Flask-Limiter's own message is the bare limit (``300 per 1 minute``) and it
    sends no ``Retry-After`` unless its headers are switched on for every page.
    """
    hit = limiter.current_limit
    wait = max(1, math.ceil(hit.reset_at - time.time())) if hit is not None else 60
    limit = str(hit.limit) if hit is not None else rate_limit()
    response = json_error(429, f"Too many calls from this address: the API allows {limit}. "
                               f"Try again in {wait} second{'s' if wait != 1 else ''}.")
    response.headers["Retry-After"] = str(wait)
    return response


def bearer_token(req: Request) -> str | None:
    scheme, _, token = req.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _user_from_bearer(req: Request) -> User | None:
    """Flask-Login's request loader, consulted only for API calls without a signed-in session."""
    if not is_api_request(req):
        return None
    token = bearer_token(req)
    return user_for_api_token(token) if token else None


def authenticate() -> Response | None:
    """Run before every API view: 401 unless a valid session or bearer token names an active user."""
    if "Authorization" in request.headers and bearer_token(request) is None:
        return json_error(401, "The Authorization header must be 'Bearer <token>'.")
    token = bearer_token(request)
    holder = user_for_api_token(token) if token is not None else None
    if token is not None and holder is None:
        return json_error(401, "The token is invalid, expired or revoked: create a new one on your Account "
                               "page (/account), or ask an administrator for one.")
    if holder is not None and getattr(current_user, "id", None) != holder.id:
        # The session's user comes first in Flask-Login, so the answer was the cookie's account's while the caller
        # believed it was the token's: a lead's token tried in an administrator's browser read every client.
        return json_error(401, "The bearer token and the session cookie belong to different accounts: send one of "
                               "them, or sign out of the browser first.")
    if cors.allowed_origin(request) is not None and holder is None:
        # A browser would not let the page read it anyway (no Allow-Credentials); this keeps it so if one did.
        return json_error(401, "From another origin the API takes 'Authorization: Bearer <token>' only, "
                               "never the session cookie.")
    if not isinstance(current_user, User) or not current_user.is_active:
        return json_error(401, "Sign in, or send 'Authorization: Bearer <token>'.")
    return None


def rate_limit() -> str:
    return str(current_app.config["API_RATE_LIMIT"])


def init_login() -> None:
    login_manager.request_loader(_user_from_bearer)
