"""Respondent-level export: withheld columns until every combination holds N rows."""
from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.gate.export import WITHHELD, coarsened, kept_columns
from assessment.gate.family import DIMENSIONS

people = st.lists(st.tuples(
    st.sampled_from(["sales", "marketing", "joint"]), st.sampled_from(["a", "b", "c", "d"]),
    st.sampled_from(["manager", "individual"]), st.sampled_from(["under 1 year", "1-3 years"]),
    st.sampled_from(["north", "south", "east"]),
), max_size=60)


@settings(max_examples=200, deadline=None)
@given(people, st.integers(min_value=3, max_value=8))
def test_every_combination_of_the_columns_kept_holds_n_rows(rows: list[tuple[str, ...]], n: int) -> None:
    kept = kept_columns(rows, n)
    if len(rows) < n:
        assert kept is None
        return
    assert kept is not None
    labels = Counter(tuple(sorted(r.items())) for r in coarsened(rows, kept))
    assert min(labels.values()) >= n
    withheld = [d for d in DIMENSIONS if d not in kept]
    assert all(r[d] == WITHHELD for r in coarsened(rows, kept) for d in withheld)


def test_the_team_column_survives_when_every_team_is_large_enough() -> None:
    rows = [("sales", "a", "manager", "1-3 years", "north")] * 5 + [("sales", "b", "individual", "1-3 years", "south")] * 5
    assert kept_columns(rows, 5) == DIMENSIONS
    rows.append(("sales", "c", "individual", "1-3 years", "south"))
    kept = kept_columns(rows, 5)
    assert kept is not None and "team" not in kept and "function" in kept
