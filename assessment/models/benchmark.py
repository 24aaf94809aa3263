"""Benchmark sets: where a score stands among other organizations' groups."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from assessment.extensions import db
from scoring.benchmarks import BenchmarkDistribution


class BenchmarkSet(db.Model):
    """Named, with provenance; ``distributions`` maps a dimension or item id to its distribution.

    Only summary figures are kept (mean, SD, quantiles), never any one
    organization's scores, so no contributor can be recognized in it.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    source: Mapped[str] = mapped_column(String(300))
    as_of: Mapped[dt.date]
    organizations: Mapped[int]
    pooled: Mapped[bool] = mapped_column(default=False)
    distributions: Mapped[dict[str, Any]] = mapped_column(JSON)

    def distribution(self, key: str) -> BenchmarkDistribution | None:
        data = self.distributions.get(key)
        return BenchmarkDistribution.from_dict(data) if data else None
