"""The anonymity gate: the one way any figure or comment leaves the database (DESIGN section 6).

Pages, CSV/JSON exports, the API, the CLI and PDFs all ask here. ``audit``
and ``family`` decide, without a database, which groups may be shown
together; the other modules read a cycle once and answer through them.
"""
from assessment.gate.choices import filter_choices
from assessment.gate.family import FilterError, cells_to_hide
from assessment.gate.results import (
    DRIVER_MIN_RESPONDENTS, GroupResult, drivers_allowed, filtered_result, group_drivers, group_result,
    group_results,
)

__all__ = [
    "DRIVER_MIN_RESPONDENTS", "FilterError", "GroupResult", "cells_to_hide", "drivers_allowed", "filter_choices",
    "filtered_result", "group_drivers", "group_result", "group_results",
]
