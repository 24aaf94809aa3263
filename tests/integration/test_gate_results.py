"""The gate's answers on the demo data: filters, drivers, rates and the respondent export."""
from __future__ import annotations

from collections import Counter

import pytest
from flask import Flask

from assessment.gate import (
    DRIVER_MIN_RESPONDENTS, FilterError, drivers_allowed, filtered_result, group_drivers, group_result,
)
from assessment.gate.comments import response_rates
from assessment.gate.export import WITHHELD, respondent_export
from assessment.lookup import cycle_by_name

CYCLE = "northwind/2026-Q3"


def test_a_filter_for_the_whole_organization_matches_its_snapshot(app: Flask) -> None:
    cycle = cycle_by_name(CYCLE)
    snapshot = group_result(cycle, "organization", "all")
    live = filtered_result(cycle, {})
    assert snapshot is not None and snapshot.scores is not None and live.scores is not None
    assert live.scores.n == snapshot.scores.n
    assert live.scores.index.score == pytest.approx(snapshot.scores.index.score)


def test_filters_name_known_dimensions_only(app: Flask) -> None:
    with pytest.raises(FilterError, match="email"):
        filtered_result(cycle_by_name(CYCLE), {"email": "someone@example.com"})


def test_a_filter_matching_nobody_is_withheld_as_too_small(app: Flask) -> None:
    result = filtered_result(cycle_by_name(CYCLE), {"region": "atlantis"})
    assert result.suppressed and result.reason == "too_small"


def test_drivers_need_thirty_respondents_in_a_shown_group(app: Flask) -> None:
    cycle = cycle_by_name(CYCLE)
    overall = filtered_result(cycle, {})
    assert overall.scores is not None and overall.scores.n >= DRIVER_MIN_RESPONDENTS
    assert drivers_allowed(overall) and group_drivers(cycle, {}) is not None
    small = next(r for t in cycle.organization.teams
                 if (r := filtered_result(cycle, {"team": t.slug})).scores is not None
                 and r.scores.n < DRIVER_MIN_RESPONDENTS)
    assert not drivers_allowed(small)
    assert group_drivers(cycle, {"team": small.key.split("=")[1]}) is None


def test_response_rates_withhold_what_the_scores_withhold(app: Flask) -> None:
    cycle = cycle_by_name(CYCLE)
    total, rates = response_rates(cycle)
    assert total is not None and all(r.invited > 0 for r in rates)
    for rate in rates:
        shown = filtered_result(cycle, {"team": rate.team}).scores is not None
        assert (rate.answered is not None) == shown or rate.answered == 0


def test_the_respondent_export_is_k_anonymous_and_undated(app: Flask) -> None:
    cycle = cycle_by_name(CYCLE)
    export = respondent_export(cycle)
    assert export is not None and export.rows
    classes = Counter(tuple(row[c] for c in ("function", "team", "role_level", "tenure_band", "region"))
                      for row in export.rows)
    assert min(classes.values()) >= cycle.min_group_size
    assert all(row["period"] == cycle.period and "submitted_on" not in row and "comments" not in row
               for row in export.rows)
    assert any(value == WITHHELD for row in export.rows for value in row.values())
