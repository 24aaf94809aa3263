"""A plain ``pip install .`` ships everything: templates, questionnaires, migrations.

Builds the wheel, installs it (without the editable checkout) into a fresh
virtual environment whose dependencies come from the test environment, and
renders an action plan from that installed copy, far from the source tree.
"""
from __future__ import annotations

import os
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str | Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]


def test_installed_wheel_renders_a_team_plan(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, ROOT)
    [wheel] = wheels.glob("alignment_health-*.whl")

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    target = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    # Dependencies come from the test environment's site-packages, added as a plain path so
    # that its editable finder for this project (a .pth hook) is not loaded.
    (target / "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    run(sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", target, wheel)

    python = venv / "bin" / "python"
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{work / 'db.sqlite'}", "PYTHONPATH": ""}
    env.pop("PYTHONSAFEPATH", None)
    where = run(python, "-c", "import assessment, templates; print(assessment.__file__, templates.__file__)",
                cwd=work, env=env).stdout
    assert str(ROOT) not in where, "the test must run the installed copy"

    cli = [python, "-m", "assessment.cli"]
    run(*cli, "db", "upgrade", cwd=work, env=env)
    run(*cli, "demo", "--organizations", "1", "--as-of", "2026-11-25", cwd=work, env=env)
    org = "northwind"
    teams = run(*cli, "org", "list", "--format", "json", cwd=work, env=env).stdout
    team = teams.split('"slug": "')[2].split('"')[0]
    run(*cli, "report", "team", f"{org}/2026-Q3", team, "-o", work / "plan.pdf", cwd=work, env=env)
    text = run("pdftotext", work / "plan.pdf", "-").stdout
    assert "Northwind Traders" in text
