"""Where the shipped, non-Python files live, editable or installed alike."""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

TEMPLATE_DIR = Path(str(files("templates")))
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
