"""Safe defaults: no start without a real secret outside debug, secure cookies behind HTTPS."""
from __future__ import annotations

import multiprocessing
import stat
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from assessment import create_app
from assessment.cli import main
from assessment.config import DEV_SECRET, InsecureConfiguration, _instance_secret

PRODUCTION = {"DEBUG": False, "TESTING": False, "SQLALCHEMY_DATABASE_URI": "sqlite://",
              "PUBLIC_URL": "https://survey.client.example"}


@pytest.mark.parametrize("key", [None, "", DEV_SECRET, "too-short"])
def test_the_app_refuses_to_start_without_a_real_secret_key(key: str | None) -> None:
    with pytest.raises(InsecureConfiguration, match="refusing to start without a real SECRET_KEY"):
        create_app({**PRODUCTION, "SECRET_KEY": key})


def test_with_a_real_key_it_starts_with_secure_httponly_samesite_cookies() -> None:
    app = create_app({**PRODUCTION, "SECRET_KEY": "k" * 40})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_debug_runs_may_use_the_development_key_over_plain_http() -> None:
    app = create_app({**PRODUCTION, "DEBUG": True, "SECRET_KEY": None, "PUBLIC_URL": "http://127.0.0.1:5000"})
    assert app.config["SECRET_KEY"] == DEV_SECRET
    assert app.config["SESSION_COOKIE_SECURE"] is False


def test_a_loopback_server_gets_its_own_random_key_kept_private(tmp_path: Path) -> None:
    """`make run` on 127.0.0.1 works without setup, and still never uses a key anyone knows."""
    first = _instance_secret(tmp_path)
    assert len(first) >= 32 and first != DEV_SECRET
    assert _instance_secret(tmp_path) == first
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def _key_of_a_starting_process(folder: str, start: Any) -> str:
    start.wait()
    return _instance_secret(Path(folder))


def test_processes_starting_together_share_one_key(tmp_path: Path) -> None:
    """gunicorn starts its workers at once on a fresh machine: each must sign sessions with the same key,
    or a visitor signed in by one worker is a stranger to the next, and none may fail to start."""
    # Spawned, not forked: a fork of this process (Playwright's and Redis clients' threads and locks
    # included) can hang on a lock some thread held at the fork.
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, ProcessPoolExecutor(6, mp_context=context) as pool:
        for attempt in range(8):
            folder = tmp_path / str(attempt)
            start = manager.Barrier(6)
            keys = list(pool.map(_key_of_a_starting_process, [str(folder)] * 6, [start] * 6))
            assert len(set(keys)) == 1 and len(keys[0]) >= 32
            assert [p.name for p in folder.iterdir()] == ["secret_key"]   # no draft left behind


def test_the_api_rate_limit_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert create_app({**PRODUCTION, "SECRET_KEY": "k" * 40}).config["API_RATE_LIMIT"] == "300 per minute"
    monkeypatch.setenv("API_RATE_LIMIT", "2 per minute")
    assert create_app({**PRODUCTION, "SECRET_KEY": "k" * 40}).config["API_RATE_LIMIT"] == "2 per minute"


def test_the_document_pool_is_sized_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """gunicorn is started from the environment: a setting only a test could pass would be no setting."""
    monkeypatch.setenv("DOCUMENT_JOB_WORKERS", "3")
    monkeypatch.setenv("DOCUMENT_QUICK_WAIT", "0.5")
    config = create_app({**PRODUCTION, "SECRET_KEY": "k" * 40}).config
    assert (config["DOCUMENT_JOB_WORKERS"], config["DOCUMENT_QUICK_WAIT"]) == (3, 0.5)


@pytest.mark.parametrize(("setting", "value", "said"), [
    ("API_CORS_ORIGINS", "*", "Error: API_CORS_ORIGINS may not contain '*'"),
    ("PUBLIC_URL", "https://survey.client.example", "Error: refusing to start without a real SECRET_KEY"),
    ("SMTP_PORT", "twenty-five", "Error: SMTP_PORT must be a whole number, not 'twenty-five'"),
    ("DOCUMENT_QUICK_WAIT", "-1", "Error: DOCUMENT_QUICK_WAIT must not be negative"),
])
def test_a_command_refused_by_a_setting_says_so_in_one_line(
    setting: str, value: str, said: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the console script's own app factory, as a consultant's shell meets it: no traceback."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite'}")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv(setting, value)
    result = CliRunner().invoke(main, ["cycle", "list"])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert result.output.startswith(said) and "Traceback" not in result.output
