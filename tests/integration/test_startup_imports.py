"""A command that renders nothing starts without the renderer: WeasyPrint, matplotlib and scipy.stats
are imported by the code that makes a PDF, draws a chart or ranks a score in a pooled benchmark.

Each of them costs a consultant's every command a few tenths of a second when it is
imported at start-up; the web server, the Celery worker and every test pay it too.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("weasyprint", "matplotlib", "scipy.stats")

# What `alignment cycle list --help` does, in a fresh interpreter: load the command group, build the app
# from the environment (FlaskGroup does, to find the `cycle` group) and answer; then say what was imported.
CHECK = f"""
import sys
from assessment.cli import main
try:
    main.main(["cycle", "list", "--help"], prog_name="alignment")
except SystemExit as leaving:
    assert not leaving.code, leaving.code
assert "flask.app" in sys.modules and "assessment.web" in sys.modules, "the app was not built"
print("imported:", [name for name in {HEAVY!r} if name in sys.modules])
"""


def test_a_command_that_renders_nothing_imports_no_renderer(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT),  # this checkout's code, whatever is installed
           "DATABASE_URL": f"sqlite:///{tmp_path / 'startup.sqlite'}",
           "SECRET_KEY": "startup-imports-test-" + "x" * 24, "CELERY_BROKER_URL": ""}
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, env=env, timeout=120,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Usage: alignment cycle list" in result.stdout
    assert result.stdout.splitlines()[-1] == "imported: []"
