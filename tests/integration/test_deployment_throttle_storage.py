"""Sign-in when the throttles' Redis (``RATELIMIT_STORAGE_URI``) cannot be reached: still possible, still throttled."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment import create_app
from assessment.demo.accounts import DEMO_ACCOUNTS
from assessment.extensions import limiter
from tests import conftest
from tests.integration.celery_support import demo_app, own_database, unreachable_broker


@pytest.fixture()
def app(tmp_path: Path) -> Iterator[Flask]:
    with own_database(tmp_path, "throttle") as url:
        with demo_app(tmp_path, url, RATELIMIT_STORAGE_URI=unreachable_broker()) as app:
            yield app
        # The limiter is one object for every app of the process, bound last to this one's unreachable store:
        # an app on the suite's settings binds it back to memory, as the tests after this one expect.
        limiter._storage_dead = False
        create_app(conftest.app_config(tmp_path, url))


def browser(app: Flask) -> FlaskClient:
    return conftest.RequestScopedClient(app, app.response_class, use_cookies=True)


def sign_in(client: FlaskClient, email: str, password: str) -> int:
    token = conftest.csrf_token(client.get("/auth/login").get_data(as_text=True))
    return client.post("/auth/login", data={"email": email, "password": password, "csrf_token": token}).status_code


def test_staff_sign_in_while_the_throttle_store_is_unreachable(app: Flask) -> None:
    admin = next(a for a in DEMO_ACCOUNTS if a.role.value == "admin")
    assert sign_in(browser(app), admin.email, admin.password) == 302   # was a server error for everybody
    statuses = [sign_in(browser(app), admin.email, "not-the-password") for _ in range(6)]
    assert statuses[:5] == [401] * 5 and statuses[5] == 429, statuses   # counted in this process meanwhile
