"""Cross-origin reading of ``/api/v1/`` by dashboards on the origins ``API_CORS_ORIGINS`` lists.

A small pair of hooks rather than Flask-CORS: the preflight must be answered
204 before the API's sign-in check and rate limit (which would say 401 or 429
to a request that carries no token by design), on unmatched paths too, and
``Vary: Origin`` must go on every answer; Flask-CORS would need each of those
added around it anyway.

Bearer tokens only: no ``Access-Control-Allow-Credentials``, so a browser never
sends the staff member's session cookie across origins nor lets a page read an
answer to a request that carried one; ``auth.authenticate`` also refuses a
request from a listed origin signed in by the cookie alone.
"""
from __future__ import annotations

from flask import Request, Response, current_app, request

PREFIX = "/api/v1/"
# What a dashboard sends: its token. The API reads no other request header (no ETags, no If-None-Match).
ALLOWED_HEADERS = "Authorization"
# What a dashboard must be able to read beyond the CORS-safelisted headers: a 429's wait.
EXPOSED_HEADERS = "Retry-After"
# A polling dashboard's browser asks again every ten minutes; each real answer still names the origin.
MAX_AGE = "600"


def enabled() -> bool:
    return bool(current_app.config["API_CORS_ORIGINS"])


def allowed_origin(req: Request) -> str | None:
    """The request's ``Origin`` when it is one the setting lists exactly, else None."""
    origin = req.headers.get("Origin")
    return origin if origin is not None and origin in current_app.config["API_CORS_ORIGINS"] else None


def is_preflight(req: Request) -> bool:
    """A browser asking whether it may send the real request; answered here whenever cross-origin access is on."""
    return (enabled() and req.method == "OPTIONS" and req.path.startswith(PREFIX)
            and "Access-Control-Request-Method" in req.headers)


def answer_preflight() -> Response | None:
    """204 for any preflight under /api/v1/; its permissions only for a listed origin, so others are blocked."""
    if not is_preflight(request):
        return None
    response = current_app.response_class(status=204)
    if allowed_origin(request) is not None:
        response.headers["Access-Control-Allow-Methods"] = "GET"
        response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response.headers["Access-Control-Max-Age"] = MAX_AGE
    return response


def add_headers(response: Response) -> Response:
    """Let a listed origin read every API answer, errors and 429s included, and tell caches it varies by origin."""
    if not enabled() or not request.path.startswith(PREFIX):
        return response
    response.vary.add("Origin")
    origin = allowed_origin(request)
    if origin is not None:
        response.headers["Access-Control-Allow-Origin"] = origin
        if request.method != "OPTIONS":
            response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    return response
