"""Saying so when a change compares two versions of the questionnaire.

A new version keeps the dimensions and the scale, so dimension scores and
the alignment index still compare quarter on quarter, but a dimension whose
statements were reworded, replaced or added no longer asks quite what it
asked. Every place that prints a change against an earlier quarter (the
results pages, a team plan, the diagnostic) tells the reader which
dimensions that is, with this one sentence.
"""
from __future__ import annotations

from questionnaires.model import FUNCTIONS, Item, Questionnaire


def changed_statements(current: Questionnaire, earlier: Questionnaire) -> dict[str, tuple[int, int]]:
    """Per dimension whose statements differ: (statements not asked in the same words before, statements now).

    A statement counts as the same when an item of the same id had the same wording for every function
    and the same keying; dimensions whose statements are all the same are left out.
    """
    before = {item.id: item for item in earlier.items}
    found: dict[str, tuple[int, int]] = {}
    for dimension in current.dimensions:
        items = current.items_of(dimension.id)
        changed = sum(1 for item in items if not _same_statement(item, before.get(item.id)))
        if changed or len(items) != len(earlier.items_of(dimension.id)):
            found[dimension.id] = (changed, len(items))
    return found


def _same_statement(item: Item, earlier: Item | None) -> bool:
    return (earlier is not None and item.reverse == earlier.reverse
            and all(item.text_for(f) == earlier.text_for(f) for f in FUNCTIONS))


def version_note(current: Questionnaire, earlier: Questionnaire | None, since: str | None) -> str | None:
    """The sentence beside changes since ``since``, asked with ``earlier``; None when there is nothing to say."""
    if earlier is None or since is None or earlier.ref == current.ref:
        return None
    changed = changed_statements(current, earlier)
    if not changed:
        return None
    names = "; ".join(f"{current.dimension(d).name}: {n} of {total}" for d, (n, total) in changed.items())
    index = " and in the alignment index" if any(current.dimension(d).core for d in changed) else ""
    return (f"{since} was asked with version {earlier.version} of the questionnaire, this survey with version "
            f"{current.version}, which words some statements differently ({names}). A change in those "
            f"dimensions{index} is partly a change of question: read it with care.")
