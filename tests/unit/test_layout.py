"""The direction of imports in DESIGN section 2: the core never reaches back to the shell."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {
    "scoring": {"flask", "flask_sqlalchemy", "flask_wtf", "flask_login", "sqlalchemy", "assessment", "reports",
                "questionnaires", "pandas", "pingouin", "statsmodels"},
    "questionnaires": {"flask", "flask_sqlalchemy", "sqlalchemy", "assessment", "reports", "scoring"},
    "reports": {"flask", "flask_sqlalchemy", "sqlalchemy", "assessment"},
}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_core_packages_import_only_downstream(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & FORBIDDEN[package])
        for path in (ROOT / package).rglob("*.py")
    }
    assert {p: names for p, names in offenders.items() if names} == {}
