"""The demo as the benchmarks read it: seed 7, as of 2026-11-25, as the tests load it.

A benchmark run on a fresh clone has no database yet, so one that reads the demo
loads it into a SQLite file of its own unless told a database that holds it.
"""
from __future__ import annotations

import datetime as dt
import multiprocessing
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SECRET = "benchmark-secret-key-not-for-production-use"


def make_app(url: str):  # type: ignore[no-untyped-def]
    from assessment import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET, "WTF_CSRF_ENABLED": False,
                       "RATELIMIT_ENABLED": False})


def load(url: str) -> None:
    from assessment.demo.load import load_demo
    from assessment.extensions import db

    app = make_app(url)
    with app.app_context():
        db.create_all()
        load_demo(7, dt.date(2026, 11, 25))
        db.session.commit()
        db.engine.dispose()


@contextmanager
def demo_database(url: str | None) -> Iterator[str]:
    """``url`` as given (a database holding the demo), else a new SQLite file with the demo loaded, removed after."""
    if url is not None:
        yield url
        return
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'demo.sqlite'}"
        started = time.perf_counter()
        # In a process of its own: the objects a load leaves behind would make this one's garbage collections
        # slower, and a benchmark would time them (a team plan took 1.4 times WeasyPrint's floor instead of 1.1).
        loader = multiprocessing.get_context("spawn").Process(target=load, args=(url,))
        loader.start()
        loader.join()
        if loader.exitcode != 0:
            raise RuntimeError(f"loading the demo failed (exit code {loader.exitcode})")
        print(f"demo loaded in {time.perf_counter() - started:.1f} s", flush=True)
        yield url
