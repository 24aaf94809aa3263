"""reports/ receives scored data: it must load without Flask, SQLAlchemy or the app."""
from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
import reports.charts, reports.inputs, reports.playbook, reports.render, reports.team_plan
import reports.batch, reports.org_charts, reports.organization, reports.organization_inputs, reports.priorities, reports.render_org
loaded = sorted({name.split(".")[0] for name in sys.modules} & {"flask", "sqlalchemy", "assessment"})
print(",".join(loaded))
"""


def test_reports_import_no_web_or_database_code() -> None:
    # A fresh interpreter: this test process has Flask loaded by other tests' fixtures.
    result = subprocess.run([sys.executable, "-c", CHECK], check=True, capture_output=True,
                            text=True)
    assert result.stdout.strip() == ""
